/** The validated server configuration (`plexus.yaml`), as every module receives its slice of it. */

export interface TlsConfig {
  cert: string;
  key: string;
  ca?: string;
  /** Require and verify a client certificate (mutual TLS). */
  requestClientCert: boolean;
}

export interface HttpConfig {
  host: string;
  port: number;
  tls: TlsConfig | null;
  /** Idle keep-alive and request timeouts, milliseconds. */
  requestTimeoutMs: number;
  maxConnections: number;
}

export interface LimitsConfig {
  /** Bytes. */
  default: number;
  fhirBundle: number;
  stow: number;
}

export interface RegionConfig {
  /** A SQLite file path (absolute after loading) or a `postgres://` URL. */
  database: string;
  /** A folder (absolute after loading). */
  blobs: string;
}

export interface ApiKeyConfig {
  principal: string;
  keySha256: string;
}

export interface JwtConfig {
  issuer: string;
  audience: string;
  jwksUrl: string | null;
  jwksFile: string | null;
}

export type AuthMode = 'none' | 'apiKey' | 'jwt';

export interface AuthConfig {
  mode: AuthMode;
  apiKeys: ApiKeyConfig[];
  jwt: JwtConfig | null;
}

export interface IamBindingConfig {
  role: string;
  members: string[];
  /** The project the binding applies to; `*` for every project. */
  project: string;
}

export interface AuditConfig {
  /** Data-access logging (ADMIN_READ, DATA_READ, DATA_WRITE); admin activity is always logged. */
  dataAccess: boolean;
  /** Per-service override of `dataAccess`, keyed by service (`datasets`, `hl7v2`, `fhir`, `dicom`, ...). */
  services: Record<string, boolean>;
  /** Batch window: flush after this many milliseconds ... */
  flushIntervalMs: number;
  /** ... or this many entries, whichever comes first. */
  batchSize: number;
  /** How often each chain anchors the heads of the region's other chains. */
  anchorIntervalMs: number;
  /**
   * Entries a region's queue may hold unwritten (its database failing): past this, requests
   * that would be audited there are refused with 503 until it drains, and entries still
   * recorded (the refusals) are dropped and counted in the log.
   */
  maxQueuedEntries: number;
}

export interface BootstrapStoreConfig {
  type: 'fhir' | 'hl7v2' | 'dicom';
  id: string;
  /** Store configuration in Google's JSON shape (for example `{version: R4}`). */
  config: Record<string, unknown>;
}

export interface BootstrapDatasetConfig {
  project: string;
  location: string;
  id: string;
  timeZone: string;
  stores: BootstrapStoreConfig[];
}

/**
 * An MLLP port bound straight to one HL7v2 store, with messages:ingest semantics (the ACK
 * after the commit). Channels take this role from the channels issue on.
 */
export interface MllpListenerConfig {
  host: string;
  port: number;
  /** `projects/{p}/locations/{l}/datasets/{d}/hl7V2Stores/{s}`; the location is a configured region. */
  store: string;
  tls: TlsConfig | null;
  /** IP addresses and CIDR ranges allowed to connect; empty: everyone. */
  allowPeers: string[];
  maxConnections: number;
  idleTimeoutMs: number;
  maxFrameBytes: number;
}

/** A C-MOVE destination: where an SCP sends what a move request names, by the AE title it names. */
export interface DimseDestinationConfig {
  aeTitle: string;
  host: string;
  port: number;
}

/** A DICOM SCP (`dimse` in plexus.yaml): C-ECHO, C-STORE into one DICOM store, C-FIND, C-MOVE and C-GET against one. */
export interface DimseListenerConfig {
  aeTitle: string;
  host: string;
  port: number;
  /** `projects/{p}/locations/{l}/datasets/{d}/dicomStores/{s}`: where C-STORE lands. */
  store: string;
  /** The DICOM store C-FIND, C-MOVE and C-GET query (the `store` unless set). */
  queryRetrieve: string;
  /** Calling AE titles accepted; empty: any. */
  callingAeTitles: string[];
  /** IP addresses and CIDR ranges allowed to connect; empty: everyone. */
  allowPeers: string[];
  tls: TlsConfig | null;
  maxAssociations: number;
  /** An association idle this long (no PDU) is aborted. */
  idleTimeoutMs: number;
  /** The largest P-DATA PDU this SCP receives, as it proposes in A-ASSOCIATE-AC. */
  maxPduLength: number;
  moveDestinations: DimseDestinationConfig[];
}

/** A webhook that stores' notificationConfigs name (`webhook: NAME`), so its secret stays out of store config. */
export interface WebhookConfig {
  /** http:// or https://: notifications are POSTed here. */
  url: string;
  /** HMAC-SHA256 key of the `X-Plexus-Signature` header. */
  secret: string;
}

export interface NotificationsConfig {
  /** Where `pubsubTopic` notifications are published; null: nowhere (such notifications are dead-lettered). */
  nats: { url: string } | null;
  webhooks: Record<string, WebhookConfig>;
  retry: { initialDelayMs: number; maxDelayMs: number };
  pollIntervalMs: number;
  deliveryTimeoutMs: number;
}

export interface ServerConfig {
  /** The file this was loaded from, absolute; null when built in code. */
  file: string | null;
  http: HttpConfig;
  limits: LimitsConfig;
  regions: Record<string, RegionConfig>;
  auth: AuthConfig;
  iam: { bindings: IamBindingConfig[] };
  audit: AuditConfig;
  /** Channel YAML files or globs, absolute. */
  channels: string[];
  mllp: MllpListenerConfig[];
  dimse: DimseListenerConfig[];
  bootstrap: { datasets: BootstrapDatasetConfig[] };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  operations: { leaseMs: number; pollIntervalMs: number };
  notifications: NotificationsConfig;
}
