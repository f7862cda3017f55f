import type { DestinationConfig, StoreDestinationConfig } from './channel-config.ts';
import { formatKeyPath, type ConfigIssues, type KeyPath } from './config-issues.ts';
import type { EntryReader } from './entry-reader.ts';
import { RESOURCE_ID, RESOURCE_ID_RULE } from './id-patterns.ts';
import { checkHl7v2StoreName } from './read-hl7v2-store-name.ts';
import { checkStoreName, isDicomStoreName } from './read-store-name.ts';
import { readKindEntry } from './read-kind-entry.ts';
import { readHttpDestination } from './read-http-destination.ts';
import { readMllpDestination } from './read-mllp-destination.ts';
import { readNatsDestination } from './read-nats-destination.ts';
import { readDimseDestination } from './read-dimse-destination.ts';

const DESTINATION = { noun: 'destination', kinds: ['store', 'mllp', 'http', 'nats', 'dimse'], extra: ['name'] };
const NAME = { pattern: RESOURCE_ID, message: RESOURCE_ID_RULE };

export interface DestinationContext {
  /** The channel's region, null when it is wrong: every store destination must be there. */
  region: string | null;
  /** A routing channel: store names say `locations/{region}`; the regions it routes to, null when its route is wrong. */
  routed?: boolean;
  routedRegions?: readonly string[] | null;
  regionNames: readonly string[];
  resolvePath: (path: string) => string;
}

type Unnamed<T> = T extends DestinationConfig ? Omit<T, 'name'> : never;

/** A destination as read (null when wrong), before the unnamed ones get their default names. */
interface ReadDestination {
  kind: string;
  destination: Unnamed<DestinationConfig> | null;
  name: string | null;
  reader: EntryReader;
}

/**
 * `destinations`: one or more, each `- KIND: SETTINGS` with an optional `name` beside the
 * kind key (unique in the channel; by default the kind, then `store-2`, ...). Null when
 * one is wrong (every problem reported).
 */
export function readChannelDestinations(list: unknown[], context: DestinationContext, issues: ConfigIssues): DestinationConfig[] | null {
  if (list.length === 0) {
    issues.add(['destinations'], 'at least one destination is required');
    return null;
  }
  const read = list.map((item, i) => readDestination(item, ['destinations', i], context, issues));
  const names = nameDestinations(read.filter((entry) => entry !== null));
  if (names === null || issues.hasIssueAt(['destinations'])) return null;
  return read.map((entry, i) => ({ ...entry!.destination!, name: names[i] }) as DestinationConfig);
}

function readDestination(item: unknown, path: KeyPath, context: DestinationContext, issues: ConfigIssues): ReadDestination | null {
  const entry = readKindEntry(item, path, issues, DESTINATION);
  if (entry === null) return null;
  const name = entry.reader.text('name', NAME, null);
  const at = [...path, entry.kind];
  const destination =
    entry.kind === 'store' ? readStoreDestination(entry.reader, context)
    : entry.kind === 'http' ? readHttpDestination(entry.value, at, issues)
    : entry.kind === 'nats' ? readNatsDestination(entry.value, at, issues)
    : entry.kind === 'dimse' ? readDimseDestination(entry.value, at, issues)
    : readMllpDestination(entry.value, at, issues, context.resolvePath);
  return { kind: entry.kind, destination, name, reader: entry.reader };
}

function readStoreDestination(reader: EntryReader, context: DestinationContext): Unnamed<StoreDestinationConfig> | null {
  if (context.routed) return readRoutedStoreDestination(reader, context.routedRegions ?? null);
  const store = readDestinationStoreName(reader, context.regionNames);
  if (store === null) return null;
  const location = store.split('/')[3];
  if (context.region !== null && location !== context.region) {
    return reader.problem('store', `the store is in region ${location} but the channel's region is ${context.region}; a channel writes only to its own region`);
  }
  return { kind: 'store', store };
}

/** An HL7v2 store's name, or a DICOM store's (`.../dicomStores/{s}`): the instances of a DICOM channel land there. */
function readDestinationStoreName(reader: EntryReader, regionNames: readonly string[]): string | null {
  const name = reader.text('store');
  if (name === null) return null;
  const problem = isDicomStoreName(name) ? checkStoreName(name, 'dicomStores', regionNames) : checkHl7v2StoreName(name, regionNames);
  return problem === null ? name : reader.problem('store', problem);
}

/** In a routing channel a store is named with `locations/{region}`, and must be a valid name in every region routed to. */
function readRoutedStoreDestination(reader: EntryReader, regions: readonly string[] | null): Unnamed<StoreDestinationConfig> | null {
  const store = reader.text('store');
  if (store === null) return null;
  if (store.split('/')[3] !== '{region}') {
    return reader.problem('store', 'a routing channel names its stores with locations/{region}, so each message lands in the region its route picks');
  }
  const problems = (regions ?? []).map((region) => checkHl7v2StoreName(store.replace('{region}', region), regions ?? [])).filter((p) => p !== null);
  return problems.length > 0 ? reader.problem('store', problems[0]) : { kind: 'store', store };
}

/** Each destination's name: its own, or the first of KIND, KIND-2, ... that no other destination has. */
function nameDestinations(read: ReadDestination[]): string[] | null {
  const taken = new Map<string, string>();
  let unique = true;
  for (const { name, reader } of read) {
    if (name === null) continue;
    const first = taken.get(name);
    if (first === undefined) {
      taken.set(name, formatKeyPath(reader.path));
    } else {
      reader.problem('name', `${first} has the same name; destination names are unique in a channel`);
      unique = false;
    }
  }
  return unique ? read.map(({ kind, name }) => name ?? takeDefaultName(kind, taken)) : null;
}

function takeDefaultName(kind: string, taken: Map<string, string>): string {
  let name = kind;
  for (let n = 2; taken.has(name); n++) name = `${kind}-${n}`;
  taken.set(name, kind);
  return name;
}
