import { invalidArgument } from '../../engine/errors/api-error.ts';
import type { FieldSpecs } from './config-fields.ts';

/** The Dataset resource's writable fields, as Google's API names them. */
export const DATASET_FIELDS: FieldSpecs = {
  name: { kind: 'string' },
  timeZone: { kind: 'string' },
  labels: { kind: 'labels' },
};

/** An IANA time zone the runtime knows, such as `UTC` or `America/New_York`. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw invalidArgument(`timeZone '${timeZone.slice(0, 64)}' is not an IANA time zone (for example UTC or Europe/Amsterdam)`);
  }
}
