/** The version an ACK assumes when the message's MSH-12 cannot be read. */
export const DEFAULT_HL7V2_VERSION = '2.5';

/** `2.5.1` as [2, 5, 1]; undefined unless the text is dot-separated numbers. */
function versionParts(version: string): number[] | undefined {
  return /^\d+(?:\.\d+)*$/.test(version) ? version.split('.').map(Number) : undefined;
}

/** True when the version (MSH-12.1; the default when unreadable) is at least the minimum. */
export function isHl7v2VersionAtLeast(version: string | undefined, minimum: string): boolean {
  const parts = versionParts(version?.trim() ?? '') ?? (versionParts(DEFAULT_HL7V2_VERSION) as number[]);
  const wanted = versionParts(minimum) as number[];
  for (let i = 0; i < Math.max(parts.length, wanted.length); i++) {
    const difference = (parts[i] ?? 0) - (wanted[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}
