import type { AlertsConfig } from './channel-config.ts';
import type { EntryReader } from './entry-reader.ts';

const KEYS = ['notify', 'errorRate', 'queueDepth', 'idle', 'checkIntervalSeconds'];
const COUNT = { min: 1, max: 1_000_000_000, message: 'must be a whole number greater than 0' };
const MINUTES = { min: 1, max: 7 * 24 * 60, message: 'must be a whole number of minutes from 1 to 10080' };

/** `alerts`: null when absent; each condition optional, at least one required. */
export function readChannelAlerts(channel: EntryReader): AlertsConfig | null {
  const section = channel.mapping('alerts', {});
  if (section === null || Object.keys(section).length === 0) return null;
  const reader = channel.nested(['alerts'], section, KEYS);
  if (!reader) return null;
  const alerts: AlertsConfig = {
    notify: readNotify(reader),
    errorRate: readErrorRate(reader),
    queueDepth: optional(reader, 'queueDepth', ['threshold'], (r) => {
      const threshold = r.integer('threshold', COUNT);
      return threshold === null ? null : { threshold };
    }),
    idle: optional(reader, 'idle', ['minutes'], (r) => {
      const minutes = r.integer('minutes', MINUTES);
      return minutes === null ? null : { minutes };
    }),
    checkIntervalSeconds: reader.integer('checkIntervalSeconds', { min: 1, max: 3600, message: 'must be a whole number of seconds from 1 to 3600' }, 60) ?? 60,
  };
  if (!alerts.errorRate && !alerts.queueDepth && !alerts.idle && !['errorRate', 'queueDepth', 'idle'].some((k) => k in section)) {
    reader.problem([], 'needs at least one of errorRate, queueDepth and idle');
  }
  return alerts;
}

function optional<T>(reader: EntryReader, key: string, keys: string[], read: (r: EntryReader) => T | null): T | null {
  const section = reader.mapping(key, {});
  if (section === null || Object.keys(section).length === 0) return null;
  const nested = reader.nested([key], section, keys);
  return nested && read(nested);
}

function readErrorRate(reader: EntryReader): AlertsConfig['errorRate'] {
  return optional(reader, 'errorRate', ['threshold', 'minutes', 'minMessages'], (r) => {
    const threshold = r.decimal('threshold', { min: 0, max: 1, message: 'must be a share of the messages received, above 0 and at most 1 (0.05 for 5%)' });
    const minutes = r.integer('minutes', MINUTES, 5);
    const minMessages = r.integer('minMessages', COUNT, 10);
    return threshold === null || minutes === null || minMessages === null ? null : { threshold, minutes, minMessages };
  });
}

function readNotify(reader: EntryReader): AlertsConfig['notify'] {
  return optional(reader, 'notify', ['webhook', 'nats'], (r) => {
    const webhook = r.text('webhook', undefined, null);
    const nats = r.text('nats', undefined, null);
    if ((webhook === null) === (nats === null)) return r.problem([], 'needs one of webhook (a name in plexus.yaml notifications.webhooks) and nats (a subject)');
    return webhook !== null ? { webhook } : { nats: nats! };
  });
}
