import { dirname, resolve } from 'node:path';
import type { ChannelConfig, DestinationConfig, StorageMode } from './channel-config.ts';
import { checkChannelFormat } from './check-channel-format.ts';
import { ConfigIssues } from './config-issues.ts';
import { ConfigSource } from './config-source.ts';
import { EntryReader } from './entry-reader.ts';
import { RESOURCE_ID, RESOURCE_ID_RULE } from './id-patterns.ts';
import { readChannelAlerts } from './read-channel-alerts.ts';
import { readChannelDestinations } from './read-channel-destinations.ts';
import { readChannelRoute } from './read-channel-route.ts';
import { readChannelSource } from './read-channel-source.ts';
import { readChannelStages } from './read-channel-stages.ts';
import { readConfigMapping, readConfigText } from './read-config-file.ts';

/** What a channel file is checked against: the server config's regions. */
export interface ChannelContext {
  regionNames: readonly string[];
  /** Makes a path in the file (a TLS file) absolute; by default against the channel file's folder. */
  resolvePath?: (path: string) => string;
}

const KEYS = ['name', 'region', 'project', 'storage', 'retention', 'concurrency', 'route', 'alerts', 'source', 'stages', 'destinations'];
const ID = { pattern: RESOURCE_ID, message: RESOURCE_ID_RULE };
const STORAGE_MODES: readonly StorageMode[] = ['full', 'raw', 'metadata'];

/**
 * Load and validate a channel YAML file. Throws a ConfigError listing every problem, each
 * with the file, the line and the key.
 */
export function loadChannelConfig(file: string, context: ChannelContext): ChannelConfig {
  return readChannelFile(file, context).config;
}

/** A valid channel and its parsed file, whose lines name keys in problems found across files. */
export function readChannelFile(file: string, context: ChannelContext): { config: ChannelConfig; source: ConfigSource } {
  const path = resolve(file);
  const source = ConfigSource.parse(path, readConfigText(path, 'channel file'));
  const issues = new ConfigIssues(source);
  const data = readConfigMapping(source, issues, 'name, region, source and destinations');
  const resolvePath = context.resolvePath ?? ((p: string) => resolve(dirname(path), p));
  const config = buildChannelConfig(data, path, { regionNames: context.regionNames, resolvePath }, issues);
  issues.throwIfAny();
  return { config: config!, source };
}

function buildChannelConfig(data: Record<string, unknown>, file: string, context: Required<ChannelContext>, issues: ConfigIssues): ChannelConfig | null {
  const reader = EntryReader.open(data, [], issues, KEYS)!;
  const name = reader.text('name', ID);
  const region = readRegion(reader, context.regionNames);
  const storage = reader.text('storage', undefined, 'full');
  if (storage !== null && !STORAGE_MODES.includes(storage as StorageMode)) {
    reader.problem('storage', `must be one of ${STORAGE_MODES.join(', ')} (got ${JSON.stringify(storage)})`);
  }
  const retentionDays = readRetentionDays(reader);
  const route = readChannelRoute(reader, region, context.regionNames);
  const alerts = readChannelAlerts(reader);
  const concurrency = reader.integer('concurrency', { min: 1, max: 1000, message: 'must be a whole number from 1 (arrival order per connection) to 1000' }, 1);
  const source = readChannelSource(data.source, issues, context.resolvePath);
  const stageList = reader.list('stages', []);
  const stages = stageList && readChannelStages(stageList, issues, context.resolvePath);
  const destinationList = reader.list('destinations');
  const routedRegions = route && [...new Set([...Object.values(route.regions), ...(route.otherwise ? [route.otherwise] : [])])];
  const destinations = destinationList && readChannelDestinations(destinationList, { ...context, region, routedRegions, routed: issues.hasIssueAt(['route']) || route !== null }, issues);
  checkChannelFormat(source, stages, route, destinations, issues);
  const project = reader.text('project', ID, null) ?? defaultProject(reader, destinations, issues);
  if (issues.size > 0 || name === null || project === null || region === null || concurrency === null) return null;
  if (source === null || stages === null || destinations === null) return null;
  return { file, name, project, region, storage: storage as StorageMode, retentionDays, concurrency, route, source, stages, destinations, alerts };
}

function readRegion(reader: EntryReader, regionNames: readonly string[]): string | null {
  const region = reader.text('region');
  if (region === null || regionNames.includes(region)) return region;
  return reader.problem('region', `${region} is not a configured region; configured: ${regionNames.join(', ') || 'none'}`);
}

/** `retention: {days: N}`; null (keep every journal row) when absent. */
function readRetentionDays(channel: EntryReader): number | null {
  const section = channel.mapping('retention', {});
  const reader = section && channel.nested(['retention'], section, ['days']);
  if (!reader || Object.keys(section!).length === 0) return null;
  return reader.integer('days', { min: 1, max: 365_000, message: 'must be a whole number of days from 1 to 365000' });
}

/** The project of the first store destination; with none, `project` is required. */
function defaultProject(reader: EntryReader, destinations: DestinationConfig[] | null, issues: ConfigIssues): string | null {
  const store = destinations?.find((destination) => destination.kind === 'store');
  if (store) return store.store.split('/')[1];
  if (destinations === null || issues.hasIssueAt(['project'])) return null;
  return reader.problem('project', 'required when no destination is a store: the project whose IAM policy governs the channel');
}
