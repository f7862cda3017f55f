/**
 * The value forms of FHIR R4's primitive types (the specification's regular expressions,
 * in JSON), for the structure check: a primitive of the wrong JSON type, or a date that is
 * no date, is refused with its location.
 */
const DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const DATE_TIME = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/;
const INSTANT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?$/;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const CODE = /^[^\s]+( [^\s]+)*$/;

const STRINGS = new Set(['string', 'markdown', 'uri', 'url', 'canonical', 'oid', 'uuid', 'base64Binary', 'xhtml', 'System.String']);

/** A problem with `value` as a FHIR primitive of `type`, or null when it is fine (or `type` is not a primitive). */
export function primitiveProblem(type: string, value: unknown): string | null {
  switch (type) {
    case 'boolean':
    case 'System.Boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'integer':
    case 'System.Integer':
      return Number.isInteger(value) ? null : 'must be a whole number';
    case 'positiveInt':
      return Number.isInteger(value) && (value as number) > 0 ? null : 'must be a whole number above 0';
    case 'unsignedInt':
      return Number.isInteger(value) && (value as number) >= 0 ? null : 'must be a whole number, 0 or more';
    case 'decimal':
    case 'System.Decimal':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'date':
    case 'System.Date':
      return matches(value, DATE, 'a date (YYYY, YYYY-MM or YYYY-MM-DD)') ?? realDay(value as string);
    case 'dateTime':
    case 'System.DateTime':
      return matches(value, DATE_TIME, 'a dateTime (a date, or a date and time with a time zone)') ?? realDay(value as string);
    case 'instant':
      return matches(value, INSTANT, 'an instant (date and time to the second, with a time zone)') ?? realDay(value as string);
    case 'time':
    case 'System.Time':
      return matches(value, TIME, 'a time (hh:mm:ss)');
    case 'id':
      return matches(value, ID, "an id (1 to 64 of A-Z, a-z, 0-9, '-' and '.')");
    case 'code':
      return matches(value, CODE, 'a code (no leading, trailing or double spaces)');
    default:
      if (STRINGS.has(type)) return typeof value === 'string' ? null : 'must be a string';
      return null;
  }
}

function matches(value: unknown, pattern: RegExp, what: string): string | null {
  return typeof value === 'string' && pattern.test(value) ? null : `must be ${what}`;
}

/** 2023-02-30 has the right form but is no day. */
function realDay(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  const days = new Date(Date.UTC(2000, Number(m[2]), 0)).getUTCDate();
  const leap = Number(m[1]) % 4 === 0 && (Number(m[1]) % 100 !== 0 || Number(m[1]) % 400 === 0);
  const max = Number(m[2]) === 2 ? (leap ? 29 : 28) : days;
  return Number(m[3]) <= max ? null : `${value.slice(0, 10)} is not a day of the calendar`;
}
