import type { DimseListenerConfig, TlsConfig } from './server-config.ts';

/** What every DICOM SCP has: AE title, socket, peers, bounds. */
export type DimseListenerFields = Pick<DimseListenerConfig, 'aeTitle' | 'host' | 'port' | 'callingAeTitles' | 'allowPeers' | 'tls' | 'maxAssociations' | 'idleTimeoutMs' | 'maxPduLength'>;

/**
 * A validated channel file: one source, stages in order, destinations, and the region the
 * channel lives in (its journal and API are there). Every module receives its slice of it.
 */
export interface ChannelConfig {
  /** The channel file, absolute. */
  file: string;
  /** The channel's ID in `projects/{p}/locations/{region}/channels/{name}`. */
  name: string;
  /** The project whose IAM policy governs the channel's API; defaults to the first store destination's project. */
  project: string;
  /** A configured region: the journal, and every store destination, live there. */
  region: string;
  /** What the journal keeps of each message (Mirth's message storage modes). */
  storage: StorageMode;
  /** Journal rows older than this many days are pruned; null keeps them. */
  retentionDays: number | null;
  /**
   * Messages of one source connection processed at once. 1 (the default) keeps arrival
   * order per connection (an A08 never overtakes its A01); more is an opt-in for feeds
   * whose order does not matter.
   */
  concurrency: number;
  /**
   * Region-tagged routing: the region each message is written in, decided from the raw
   * message before anything is written. Null: everything stays in `region`.
   */
  route: RouteConfig | null;
  source: ChannelSourceConfig;
  stages: StageConfig[];
  destinations: DestinationConfig[];
  /** Conditions watched once a minute, announced when they start and when they end; null: none. */
  alerts: AlertsConfig | null;
}

/**
 * `alerts`: where alerts go (a webhook of plexus.yaml's notifications, or a NATS subject;
 * they are logged either way) and what is watched, each with its threshold.
 */
export interface AlertsConfig {
  notify: { webhook: string } | { nats: string } | null;
  /** Errored share of the messages received in the last `minutes`, once at least `minMessages` came. */
  errorRate: { threshold: number; minutes: number; minMessages: number } | null;
  /** Messages waiting in any forward destination's queue. */
  queueDepth: { threshold: number } | null;
  /** Nothing received for this many minutes. */
  idle: { minutes: number } | null;
  /** How often the conditions are checked (default 60). */
  checkIntervalSeconds: number;
}

/**
 * `route: { by: MSH-4, regions: { HOSP_EU: europe-west4 }, otherwise: quarantine }`: the
 * value of the field `by` picks the region; store destinations name `locations/{region}`.
 */
export interface RouteConfig {
  /** An HL7v2 field path, read from the raw message. */
  by: string;
  /** Field value to region. */
  regions: Record<string, string>;
  /** The region for any other value, or null: such a message is quarantined (answered AR). */
  otherwise: string | null;
  /** Where unroutable messages are kept, as ERROR with their raw bytes (default: the channel's region). */
  quarantine: string;
}

/** `full`: raw and every stage's output; `raw`: the raw message only; `metadata`: no content. */
export type StorageMode = 'full' | 'raw' | 'metadata';

/**
 * When the sender is answered: after the journal row, store writes and audit rows have
 * committed (`on-commit`, the default), once the journal row alone has (`on-receipt`), or
 * never (`none`).
 */
export type AckMode = 'on-commit' | 'on-receipt' | 'none';

export type ChannelSourceConfig = MllpSourceConfig | HttpSourceConfig | DirectorySourceConfig | DimseSourceConfig;

/**
 * A DICOM SCP feeding the channel: each C-STORE's data set streams to the region's blob
 * store, then enters the channel as a message (its header for the stages, the whole as a
 * blob); it is answered Success once committed (`on-commit`) or journaled (`on-receipt`).
 * It answers C-ECHO too; C-FIND, C-MOVE and C-GET are a plexus.yaml listener's.
 */
export interface DimseSourceConfig extends DimseListenerFields {
  kind: 'dimse';
  ack: Exclude<AckMode, 'none'>;
}

/**
 * `POST /v1/projects/{p}/locations/{l}/channels/{c}:send` (permission plexus.channels.send):
 * the body is the message. `none` is not an ack mode here: HTTP always answers.
 */
export interface HttpSourceConfig {
  kind: 'http';
  ack: Exclude<AckMode, 'none'>;
  /** What the body is, for the journal (`application/hl7-v2`). */
  contentType: string;
}

/** A watched folder: each file is a message, moved to `done/` or `error/` once handled. */
export interface DirectorySourceConfig {
  kind: 'directory';
  /** Absolute (relative paths resolve against the channel file's folder). */
  path: string;
  pollIntervalMs: number;
  /** A file younger than this is still being written and is left alone. */
  minAgeMs: number;
  maxFileBytes: number;
  contentType: string;
}

/** An MLLP listener feeding the channel, with the same bounds and defaults as `mllp` listeners in plexus.yaml. */
export interface MllpSourceConfig {
  kind: 'mllp';
  host: string;
  port: number;
  ack: AckMode;
  tls: TlsConfig | null;
  /** IP addresses and CIDR ranges allowed to connect; empty: everyone. */
  allowPeers: string[];
  maxConnections: number;
  idleTimeoutMs: number;
  maxFrameBytes: number;
}

export type StageConfig = ParseStageConfig | FilterStageConfig | SetStageConfig | RemoveStageConfig | LookupStageConfig | ScriptStageConfig;

/**
 * `- parse: hl7v2`, or `- parse: dicom`: a Part-10 file read up to Pixel Data (the stages
 * after it filter on its attributes).
 */
export interface ParseStageConfig {
  kind: 'parse';
  format: 'hl7v2' | 'dicom';
}

/** `- filter: CONDITION`: messages that do not match are FILTERED (journaled, not delivered). */
export interface FilterStageConfig {
  kind: 'filter';
  condition: FilterCondition;
}

/**
 * `- set: { PID-5.1: DOE, MSH-5: "${MSH-3}" }`: each field of every segment of its kind is
 * written (the segment is created when the message has none); the values are read from the
 * message as it came into the stage, so one stage can swap two fields.
 */
export interface SetStageConfig {
  kind: 'set';
  fields: FieldAssignment[];
}

export interface FieldAssignment {
  /** A field path without segment occurrence (`PID-5.1`), as filters take them. */
  field: string;
  value: ValueTemplate;
}

/**
 * A value as written in `set`: text, and `${PATH}` references to the message's decoded
 * values ('' when absent). A reference to the segment being written reads the same
 * occurrence (OBX-3.2 from the same OBX's OBX-3.1); any other reads the first.
 */
export type ValueTemplate = ValuePart[];
export type ValuePart = { kind: 'text'; text: string } | { kind: 'field'; field: string };

/** `- remove: [PID-19, NK1]`: field paths (in every segment of their kind) and whole segments (every one of that ID). */
export interface RemoveStageConfig {
  kind: 'remove';
  /** `PID-19`, `PID-3[2]`, `PID-5.2`: a part of a field; `NK1`: a segment ID. */
  targets: string[];
}

/**
 * `- lookup: { field: OBX-3.1, table: loinc.csv, into: OBX-3.1, default: keep }`: in every
 * segment of the field's kind, the value at `field` is looked up in the table and the
 * match written to `into`. A segment whose value is empty is left alone.
 */
export interface LookupStageConfig {
  kind: 'lookup';
  field: string;
  /** In the same segment as `field`; `field` itself when not given. */
  into: string;
  /** The table file, absolute, for messages. */
  table: string;
  /** The table's rows, read and checked at load time: `from` to `to`. */
  entries: ReadonlyMap<string, string>;
  default: LookupDefault;
}

/** A value not in the table: left as it is (`keep`, the default), the message ERROR (`error`), or this `value` written. */
export type LookupDefault = { kind: 'keep' } | { kind: 'error' } | { kind: 'value'; value: string };

/**
 * `- script: fix.ts` or `- script: { file: fix.ts, timeoutMs: 200 }`: a module next to the
 * channel whose default export edits the message (see transforms/scripts/script-sandbox.ts).
 */
export interface ScriptStageConfig {
  kind: 'script';
  /** The module, absolute. */
  file: string;
  /** The module as one CommonJS script (TypeScript transpiled, no imports): it sets `module.exports.default`. */
  code: string;
  /** How long one call may run (and the module's top level, once), in milliseconds. */
  timeoutMs: number;
}

/**
 * A filter's condition. The YAML forms:
 * - `{ messageType: [ADT^A01, ADT^A04] }`: MSH-9.1^MSH-9.2 is one of them (`ADT` alone matches every ADT);
 * - `{ field: PID-3.1, equals: "123" }`, `{ field: MSH-4, matches: "^HOSP_" }`, `{ field: PV1-2, in: [I, O] }`;
 * - `{ all: [...] }`, `{ any: [...] }`, `{ not: CONDITION }`.
 */
export type FilterCondition =
  | { kind: 'messageType'; types: string[] }
  | { kind: 'equals'; field: string; value: string }
  | { kind: 'matches'; field: string; pattern: string }
  | { kind: 'in'; field: string; values: string[] }
  | { kind: 'all'; conditions: FilterCondition[] }
  | { kind: 'any'; conditions: FilterCondition[] }
  | { kind: 'not'; condition: FilterCondition };

export type DestinationConfig = StoreDestinationConfig | MllpDestinationConfig | HttpDestinationConfig | NatsDestinationConfig | DimseDestinationConfig;

/** Forwarded after the commit: the message (a Part-10 DICOM file) sent by C-STORE to an SCP. */
export interface DimseDestinationConfig {
  kind: 'dimse';
  name: string;
  /** The SCP's AE title (the called AE title). */
  aet: string;
  host: string;
  port: number;
  /** Our AE title (the calling AE title). */
  callingAet: string;
  /** How long to wait for the association and the C-STORE response, milliseconds. */
  timeoutMs: number;
  retry: RetryConfig;
}

/** Forwarded after the commit: an HTTP request with the message as its body, retried on 429, 5xx and network errors. */
export interface HttpDestinationConfig {
  kind: 'http';
  name: string;
  /** http:// or https://. */
  url: string;
  method: 'POST' | 'PUT';
  /** Sent as given (`content-type` defaults to the message's content type). */
  headers: Record<string, string>;
  timeoutMs: number;
  retry: RetryConfig;
}

/** Forwarded after the commit: published to a NATS subject; with `jetstream`, only a stream's ack counts as sent. */
export interface NatsDestinationConfig {
  kind: 'nats';
  name: string;
  url: string;
  subject: string;
  jetstream: boolean;
  timeoutMs: number;
  retry: RetryConfig;
}

/** Written in the channel's commit transaction (a store of the channel's region). */
export interface StoreDestinationConfig {
  kind: 'store';
  /** Unique in the channel; defaults to `store` (`store-2`, ... for more). */
  name: string;
  /**
   * `projects/{p}/locations/{l}/datasets/{d}/hl7V2Stores/{s}`, or `.../dicomStores/{s}` for
   * a DICOM channel; in a routing channel the location is `{region}`, replaced by each
   * message's region.
   */
  store: string;
}

/** Forwarded after the commit, with retries, in order. */
export interface MllpDestinationConfig {
  kind: 'mllp';
  name: string;
  host: string;
  port: number;
  /**
   * null: plain TCP. Otherwise TLS trusting `ca` (the system's CAs when null; `tls: {}` in
   * the file), with a client certificate when `cert` and `key` are set. Paths absolute.
   */
  tls: { ca: string | null; cert: string | null; key: string | null } | null;
  /** How long to wait for the peer's ACK, milliseconds. */
  ackTimeoutMs: number;
  retry: RetryConfig;
}

/** Forward delivery: exponential backoff from `initialDelayMs`, capped at `maxDelayMs`; dead letter after `maxAttempts`. */
export interface RetryConfig {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}
