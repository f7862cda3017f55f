const UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/**
 * A size limit in bytes from a number of bytes or a string such as `10MB`, `1.5 GiB` or
 * `512`. Units are binary (1 MB = 1,048,576 bytes), as body-size limits usually are.
 * Returns null for anything else, including sizes that are not whole bytes.
 */
export function parseByteSize(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const match = SIZE.exec(value);
  if (!match) return null;
  const unit = UNITS[match[2].toLowerCase() || 'b'];
  if (unit === undefined) return null;
  const bytes = Number(match[1]) * unit;
  return Number.isSafeInteger(bytes) ? bytes : null;
}
