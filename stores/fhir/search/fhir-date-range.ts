/** The instants a FHIR date, dateTime or instant covers, epoch milliseconds, both ends inclusive. */
export interface DateRange {
  low: number;
  high: number;
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The range a date value covers at its precision: `2024` is the whole year, `2024-03-05`
 * the whole day, `2024-03-05T10:00:00Z` that second. A value without a time zone is read
 * as UTC. Returns null for a value that is not a FHIR date.
 */
export function toDateRange(value: string): DateRange | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? null : Number(mo);
  const day = d === undefined ? null : Number(d);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > daysIn(year, month!))) return null;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59))) return null;
  const offsetMs = zone === undefined || zone === 'Z' ? 0 : zoneOffsetMs(zone);
  if (month === null) return { low: utc(year, 0, 1), high: utc(year + 1, 0, 1) - 1 };
  if (day === null) return { low: utc(year, month - 1, 1), high: utc(year, month, 1) - 1 };
  if (h === undefined) return { low: utc(year, month - 1, day), high: utc(year, month - 1, day + 1) - 1 };
  const minuteStart = utc(year, month - 1, day, Number(h), Number(mi)) - offsetMs;
  if (s === undefined) return { low: minuteStart, high: minuteStart + 60_000 - 1 };
  const secondStart = minuteStart + Number(s) * 1000;
  if (fraction === undefined) return { low: secondStart, high: secondStart + 999 };
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const precise = fraction.length <= 3 ? 10 ** (3 - fraction.length) : 1;
  return { low: secondStart + ms, high: secondStart + ms + precise - 1 };
}

/** Date.UTC, without its reading of years 0 to 99 as 1900 to 1999. */
function utc(year: number, month: number, day = 1, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function daysIn(year: number, month: number): number {
  return new Date(utc(year, month, 0)).getUTCDate();
}

function zoneOffsetMs(zone: string): number {
  const sign = zone[0] === '-' ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

/** The earliest and latest instants the index can hold: an open end of a Period. */
export const MIN_INSTANT = utc(1, 0, 1);
export const MAX_INSTANT = utc(9999, 11, 31, 23, 59, 59, 999);
