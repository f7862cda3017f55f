import type { RouteConfig } from './channel-config.ts';
import type { EntryReader } from './entry-reader.ts';
import { HL7V2_FIELD_PATH, HL7V2_FIELD_PATH_RULE } from './hl7v2-field-path.ts';

const KEYS = ['by', 'regions', 'otherwise', 'quarantine'];

/**
 * `route`: where each message is written, from a field of the raw message. Every region it
 * names must be configured; `otherwise` is a region or `quarantine` (the default).
 */
export function readChannelRoute(channel: EntryReader, home: string | null, regionNames: readonly string[]): RouteConfig | null {
  const section = channel.mapping('route', {});
  if (section === null || Object.keys(section).length === 0) return null;
  const reader = channel.nested(['route'], section, KEYS);
  if (!reader) return null;
  const region = (key: string | string[], value: string): string | null =>
    regionNames.includes(value) ? value : reader.problem(key, `${value} is not a configured region; configured: ${regionNames.join(', ')}`);
  const by = reader.text('by', { pattern: HL7V2_FIELD_PATH, message: HL7V2_FIELD_PATH_RULE });
  const regions = readRegionMap(reader, region);
  const otherwiseText = reader.text('otherwise', undefined, 'quarantine');
  const otherwise = otherwiseText === null || otherwiseText === 'quarantine' ? null : region('otherwise', otherwiseText);
  const quarantineText = reader.text('quarantine', undefined, home);
  const quarantine = quarantineText === null ? null : region('quarantine', quarantineText);
  if (by === null || regions === null || quarantine === null || (otherwiseText !== 'quarantine' && otherwise === null)) return null;
  return { by, regions, otherwise, quarantine };
}

function readRegionMap(reader: EntryReader, region: (key: string[], value: string) => string | null): Record<string, string> | null {
  const map = reader.mapping('regions', {});
  if (map === null) return null;
  if (Object.keys(map).length === 0) return reader.problem('regions', 'required: field values and the region each goes to, such as {HOSP_EU: europe-west4}');
  const regions: Record<string, string> = {};
  for (const [value, target] of Object.entries(map)) {
    if (typeof target !== 'string') {
      reader.problem(['regions', value], 'must be a region name');
      continue;
    }
    const checked = region(['regions', value], target);
    if (checked !== null) regions[value] = checked;
  }
  return Object.keys(regions).length === Object.keys(map).length ? regions : null;
}
