import type { TlsConfig } from './server-config.ts';

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
  source: ChannelSourceConfig;
  stages: StageConfig[];
  destinations: DestinationConfig[];
}

/** `full`: raw and every stage's output; `raw`: the raw message only; `metadata`: no content. */
export type StorageMode = 'full' | 'raw' | 'metadata';

/**
 * When the sender is answered: after the journal row, store writes and audit rows have
 * committed (`on-commit`, the default), once the journal row alone has (`on-receipt`), or
 * never (`none`).
 */
export type AckMode = 'on-commit' | 'on-receipt' | 'none';

export type ChannelSourceConfig = MllpSourceConfig | HttpSourceConfig | DirectorySourceConfig;

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

export type StageConfig = ParseStageConfig | FilterStageConfig;

/** `- parse: hl7v2` */
export interface ParseStageConfig {
  kind: 'parse';
  format: 'hl7v2';
}

/** `- filter: CONDITION`: messages that do not match are FILTERED (journaled, not delivered). */
export interface FilterStageConfig {
  kind: 'filter';
  condition: FilterCondition;
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

export type DestinationConfig = StoreDestinationConfig | MllpDestinationConfig;

/** Written in the channel's commit transaction (a store of the channel's region). */
export interface StoreDestinationConfig {
  kind: 'store';
  /** Unique in the channel; defaults to `store` (`store-2`, ... for more). */
  name: string;
  /** `projects/{p}/locations/{l}/datasets/{d}/hl7V2Stores/{s}`. */
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
