import type { NotificationAddress } from '../../engine/notifications/notification-address.ts';
import { toNatsSubject } from '../../engine/notifications/to-nats-subject.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { Hl7v2Filter } from './hl7v2-filter-ast.ts';
import { parseHl7v2Filter } from './hl7v2-filter-parser.ts';

/** One notificationConfigs entry, ready to judge messages: its filter (null: every message) and where matches go. */
export interface Hl7v2NotificationConfig {
  filter: Hl7v2Filter | null;
  addresses: NotificationAddress[];
}

interface ConfigEntry {
  pubsubTopic?: string;
  filter?: string;
  webhook?: string;
}

const NONE: readonly Hl7v2NotificationConfig[] = [];
/** Compiled configs by their JSON: a store's record is read anew per request, its configs seldom change. */
const compiled = new Map<string, readonly Hl7v2NotificationConfig[]>();
const MAX_CACHED = 256;

/**
 * A store's notificationConfigs, filters parsed once per distinct configuration rather
 * than per message. A store without any costs a property read. `pubsubTopic` goes to the
 * NATS subject it maps to (to-nats-subject.ts), `webhook` to that webhook of plexus.yaml.
 */
export function compileHl7v2NotificationConfigs(store: StoreRecord): readonly Hl7v2NotificationConfig[] {
  const entries = store.config.notificationConfigs;
  if (!Array.isArray(entries) || entries.length === 0) return NONE;
  const key = JSON.stringify(entries);
  let configs = compiled.get(key);
  if (!configs) {
    // The API checked each entry when the store was written: a parse error here is a fault, not the message's.
    configs = (entries as ConfigEntry[]).map(compileEntry);
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(key, configs);
  }
  return configs;
}

function compileEntry(entry: ConfigEntry): Hl7v2NotificationConfig {
  const addresses: NotificationAddress[] = [];
  if (entry.pubsubTopic) addresses.push({ target: 'nats', address: toNatsSubject(entry.pubsubTopic) });
  if (entry.webhook) addresses.push({ target: 'webhook', address: entry.webhook });
  return { filter: parseHl7v2Filter(entry.filter ?? ''), addresses };
}
