import { randomBytes } from 'node:crypto';

/**
 * A new operation id: a random 63-bit number in decimal, like Google's. Random rather than
 * sequential so that engine processes sharing a database need no coordination.
 */
export function newOperationId(): string {
  const bytes = randomBytes(8);
  bytes[0] &= 0x7f;
  const id = bytes.readBigUInt64BE();
  return id === 0n ? newOperationId() : id.toString();
}
