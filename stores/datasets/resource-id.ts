import { invalidArgument } from '../../engine/errors/api-error.ts';

/** Google's rule for dataset, store and other resource IDs, without the dot-only path tricks. */
const ID = /^[A-Za-z0-9_.-]{1,256}$/;

function isValidResourceId(id: string): boolean {
  return ID.test(id) && id !== '.' && id !== '..';
}

/** Throw INVALID_ARGUMENT naming the field when `id` is not a valid resource ID. */
export function assertResourceId(field: string, id: string): void {
  if (!isValidResourceId(id)) {
    const shown = id.length > 64 ? `${id.slice(0, 64)}...` : id;
    throw invalidArgument(`invalid ${field} ID '${shown}': an ID is 1 to 256 characters of A-Z, a-z, 0-9, '_', '-' and '.', and not '.' or '..'`);
  }
}
