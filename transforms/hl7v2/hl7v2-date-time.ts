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
  const utc = Date.UTC(year as number, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetMinutes = match[8] === undefined ? 0 : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  return new Date(utc - offsetMinutes * 60_000);
}

/** A Date as an HL7 DTM in UTC with milliseconds: `YYYYMMDDHHMMSS.SSS+0000`. */
export function formatHl7v2DateTime(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}+0000`;
}
