import type { ConfigIssues } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { listenersOverlap, type ListenerSocket } from './listeners-overlap.ts';
import { readHl7v2StoreName } from './read-hl7v2-store-name.ts';
import { mllpListenerKeys, readMllpListenerFields } from './read-mllp-listener-fields.ts';
import type { MllpListenerConfig } from './server-config.ts';

const KEYS = mllpListenerKeys(['store']);

export interface MllpContext {
  /** The configured regions: a listener's store must be in one of them. */
  regionNames: readonly string[];
  /** The HTTP API's socket, null when its host or port is wrong: a listener may not take it. */
  http: ListenerSocket | null;
  resolvePath: (path: string) => string;
}

/**
 * `mllp`: listeners bound straight to one HL7v2 store each, TLS paths made absolute. Two
 * listeners, or a listener and the HTTP API, may not bind the same socket.
 */
export function readMllpListeners(list: unknown[], context: MllpContext, issues: ConfigIssues): MllpListenerConfig[] {
  const listeners: MllpListenerConfig[] = [];
  const taken: [string, ListenerSocket][] = context.http ? [['the HTTP API', context.http]] : [];
  list.forEach((entry, i) => {
    const reader = EntryReader.open(entry, ['mllp', i], issues, KEYS);
    const listener = reader && readListener(reader, context, issues);
    if (!reader || !listener) return;
    const clash = taken.find(([, socket]) => listenersOverlap(socket, listener));
    if (clash) reader.problem('port', `${clash[0]} already listens on ${clash[1].host} port ${clash[1].port}`);
    else listeners.push(listener);
    taken.push([`mllp[${i}]`, listener]);
  });
  return listeners;
}

function readListener(reader: EntryReader, context: MllpContext, issues: ConfigIssues): MllpListenerConfig | null {
  const fields = readMllpListenerFields(reader, issues, context.resolvePath);
  const store = readHl7v2StoreName(reader, 'store', context.regionNames);
  return fields === null || store === null ? null : { ...fields, store };
}
