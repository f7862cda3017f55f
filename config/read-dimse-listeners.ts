import type { DimseListenerFields } from './channel-config.ts';
import type { ConfigIssues } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { listenersOverlap, type ListenerSocket } from './listeners-overlap.ts';
import { readAllowPeers, readListenerTls } from './read-mllp-listener-fields.ts';
import { readStoreName } from './read-store-name.ts';
import type { DimseDestinationConfig, DimseListenerConfig } from './server-config.ts';
import { HOST, PEER_HOST, PORT, POSITIVE } from './socket-rules.ts';

const AE_TITLE_RULE = 'must be an AE title: 1 to 16 characters, no backslash or control characters, not only spaces';
const DEFAULTS = { host: '127.0.0.1', maxAssociations: 20, idleTimeoutMs: 60_000, maxPduLength: 256 * 1024 } as const;
const PDU_LENGTH = { min: 4096, max: 16 * 1024 * 1024, message: 'must be a PDU length from 4096 to 16777216 bytes' };

export interface DimseContext {
  regionNames: readonly string[];
  /** Sockets taken already (the HTTP API, MLLP listeners): a DIMSE listener may not take one. */
  taken: Array<[string, ListenerSocket]>;
  resolvePath: (path: string) => string;
}

/** The keys of DimseListenerFields. */
export const DIMSE_LISTENER_KEYS = ['aeTitle', 'host', 'port', 'callingAeTitles', 'allowPeers', 'tls', 'maxAssociations', 'idleTimeoutMs', 'maxPduLength'];
const KEYS = ['aeTitle', 'host', 'port', 'store', 'queryRetrieve', ...DIMSE_LISTENER_KEYS.slice(3), 'moveDestinations'];

/** 1 to 16 characters of the default repertoire without backslash or control characters (PS3.5 Table 6.2-1, AE), not only spaces. */
const AE_TITLE = /^[\x20-\x5b\x5d-\x7e]{1,16}$/;

export function isAeTitle(value: string): boolean {
  return AE_TITLE.test(value) && value.trim() !== '';
}

/** `dimse`: DICOM SCPs, each with its AE title, socket, bounds, stores and C-MOVE destinations. */
export function readDimseListeners(list: unknown[], context: DimseContext, issues: ConfigIssues): DimseListenerConfig[] {
  const listeners: DimseListenerConfig[] = [];
  const taken = [...context.taken];
  list.forEach((entry, i) => {
    const reader = EntryReader.open(entry, ['dimse', i], issues, KEYS);
    const listener = reader && readListener(reader, context, issues);
    if (!reader || !listener) return;
    const clash = taken.find(([, socket]) => listenersOverlap(socket, listener));
    if (clash) reader.problem('port', `${clash[0]} already listens on ${clash[1].host} port ${clash[1].port}`);
    else listeners.push(listener);
    taken.push([`dimse[${i}]`, listener]);
  });
  return listeners;
}

function readListener(reader: EntryReader, context: DimseContext, issues: ConfigIssues): DimseListenerConfig | null {
  const fields = readDimseListenerFields(reader, issues, context.resolvePath);
  const store = readStoreName(reader, 'store', 'dicomStores', context.regionNames);
  const queryRetrieve = reader.has('queryRetrieve') ? readStoreName(reader, 'queryRetrieve', 'dicomStores', context.regionNames) : store;
  const moveDestinations = readMoveDestinations(reader);
  if (fields === null || store === null || queryRetrieve === null || moveDestinations === null) return null;
  return { ...fields, store, queryRetrieve, moveDestinations };
}

/** A plexus.yaml listener's or a channel's `source: { dimse }` DimseListenerFields; null when wrong. */
export function readDimseListenerFields(reader: EntryReader, issues: ConfigIssues, resolvePath: (path: string) => string): DimseListenerFields | null {
  const aeTitle = readAeTitle(reader, 'aeTitle');
  const host = reader.text('host', HOST, DEFAULTS.host);
  const port = reader.integer('port', PORT);
  const allowPeers = readAllowPeers(reader);
  const tls = readListenerTls(reader, issues, resolvePath);
  const callingAeTitles = (reader.list('callingAeTitles', []) ?? []).map((title, i) => (typeof title === 'string' && isAeTitle(title) ? title : reader.problem(['callingAeTitles', i], AE_TITLE_RULE)));
  const maxAssociations = reader.integer('maxAssociations', POSITIVE, DEFAULTS.maxAssociations);
  const idleTimeoutMs = reader.integer('idleTimeoutMs', POSITIVE, DEFAULTS.idleTimeoutMs);
  const maxPduLength = reader.integer('maxPduLength', PDU_LENGTH, DEFAULTS.maxPduLength);
  if (aeTitle === null || host === null || port === null || allowPeers === null || maxAssociations === null || idleTimeoutMs === null || maxPduLength === null) return null;
  if (callingAeTitles.some((t) => t === null) || issues.hasIssueAt(reader.path)) return null;
  return { aeTitle, host, port, callingAeTitles: callingAeTitles as string[], allowPeers, tls, maxAssociations, idleTimeoutMs, maxPduLength };
}

/** An AE title at `key` (required unless a fallback is given); null when wrong. */
export function readAeTitle(reader: EntryReader, key: string, fallback?: string): string | null {
  const title = reader.text(key, { pattern: AE_TITLE, message: AE_TITLE_RULE }, fallback);
  return title !== null && title.trim() === '' ? reader.problem(key, AE_TITLE_RULE) : title;
}

function readMoveDestinations(reader: EntryReader): DimseDestinationConfig[] | null {
  const list = reader.list('moveDestinations', []);
  if (list === null) return null;
  const destinations = list.map((entry, i) => {
    const destination = reader.nested(['moveDestinations', i], entry, ['aeTitle', 'host', 'port']);
    if (!destination) return null;
    const aeTitle = readAeTitle(destination, 'aeTitle');
    const host = destination.text('host', PEER_HOST);
    const port = destination.integer('port', { min: 1, max: 65535, message: 'must be a port number from 1 to 65535' });
    return aeTitle === null || host === null || port === null ? null : { aeTitle, host, port };
  });
  return destinations.every((d) => d !== null) ? destinations : null;
}

