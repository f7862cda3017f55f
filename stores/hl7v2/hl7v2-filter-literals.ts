import type { Hl7v2FilterTimestamp } from './hl7v2-filter-ast.ts';
import { utcDayMillis } from '../../transforms/hl7v2/hl7v2-date-time.ts';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Read an RFC 3339 timestamp with any offset (`2017-01-02T00:00:00-05:00`, up to nine
 * fractional digits) as the UTC form the tables store; null when it is not one or names no
 * real instant. Instants whose UTC year leaves 0000-9999 are refused too: the stored form
 * compares as text only with four-digit years.
 */
export function readFilterTimestamp(text: string): Hl7v2FilterTimestamp | null {
  const match = TIMESTAMP.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '', zulu, sign, offsetHours, offsetMinutes] = match;
  const local = utcDayMillis(Number(year), Number(month), Number(day));
  if (local === null || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  if (!zulu && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) return null;
  const digits = fraction.padEnd(9, '0');
  const offset = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const millis = local + ((Number(hour) * 60 + Number(minute) - offset) * 60 + Number(second)) * 1000 + Number(digits.slice(0, 3));
  const instant = new Date(millis);
  if (instant.getUTCFullYear() < 0 || instant.getUTCFullYear() > 9999) return null;
  return { utc: instant.toISOString(), exact: /^0*$/.test(digits.slice(3)) };
}

/** True for a real calendar date written `YYYY-MM-DD` (leading zeros required). */
export function isFilterDate(text: string): boolean {
  const match = DATE.exec(text);
  return match !== null && utcDayMillis(Number(match[1]), Number(match[2]), Number(match[3])) !== null;
}
