const DTM = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;

/**
 * An HL7 DTM/TS value (`YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`) as a Date. A value
 * without offset is taken as UTC, as Google's `sendTime` does. Undefined when malformed.
 */
export function parseHl7v2DateTime(text: string): Date | undefined {
  const match = DTM.exec(text.trim());
  if (!match) return undefined;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const millis = match[7] === undefined ? 0 : Number(`0.${match[7]}`) * 1000;
  // Years 0-99 are no send time a sender means (a truncated year, most likely): refused.
  if ((year as number) < 100) return undefined;
  const midnight = utcDayMillis(year as number, month, day);
  if (midnight === null || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = midnight + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  const offsetMinutes = match[8] === undefined ? 0 : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  return new Date(utc - offsetMinutes * 60_000);
}

/** Midnight UTC of a calendar date, or null when the day does not exist (2017-02-30). */
export function utcDayMillis(year: number, month: number, day: number): number | null {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as written.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.getTime();
}

/** A Date as an HL7 DTM in UTC with milliseconds: `YYYYMMDDHHMMSS.SSS+0000`. */
export function formatHl7v2DateTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}+0000`;
}
