import convict from 'convict';

/**
 * The convict schema of `plexus.yaml`. Scalars (and the `http.tls` and `auth.jwt`
 * sections) are validated here, each with its environment variable. The map- and
 * list-shaped keys (`shape`) hold user-named entries, which convict cannot describe: it
 * only checks their shape, and the `read-*.ts` modules validate their entries.
 */
export interface ServerConfigProperties {
  http: {
    host: string;
    port: number;
    tls: { cert: string | null; key: string | null; ca: string | null; requestClientCert: boolean };
    requestTimeoutMs: number;
    maxConnections: number;
  };
  limits: Record<string, unknown>;
  regions: Record<string, unknown>;
  auth: {
    mode: 'none' | 'apiKey' | 'jwt';
    apiKeys: unknown[];
    jwt: { issuer: string | null; audience: string | null; jwksUrl: string | null; jwksFile: string | null };
  };
  iam: { bindings: unknown[] };
  audit: {
    dataAccess: boolean;
    services: Record<string, unknown>;
    flushIntervalMs: number;
    batchSize: number;
    anchorIntervalMs: number;
    maxQueuedEntries: number;
  };
  channels: string[];
  mllp: unknown[];
  dimse: unknown[];
  bootstrap: { datasets: unknown[] };
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  operations: { leaseMs: number; pollIntervalMs: number };
  notifications: {
    nats: { url: string | null };
    webhooks: Record<string, unknown>;
    retry: { initialDelayMs: number; maxDelayMs: number };
    pollIntervalMs: number;
    deliveryTimeoutMs: number;
  };
}

/**
 * `limits` is read outside convict (read-limits.ts) because convict takes any schema
 * object with a `default` key for a leaf, and `limits.default` is such a key.
 */
export const LIMITS = {
  default: { bytes: 10 * 1024 ** 2, env: 'PLEXUS_LIMITS_DEFAULT' },
  fhirBundle: { bytes: 50 * 1024 ** 2, env: 'PLEXUS_LIMITS_FHIR_BUNDLE' },
  stow: { bytes: 2 * 1024 ** 3, env: 'PLEXUS_LIMITS_STOW' },
} as const;

/** A schema leaf whose value is a map or a list of entries validated outside convict. */
export type CollectionShape = 'map' | 'list';

const fail = (message: string): never => {
  throw new Error(message);
};

/** Whole numbers from the environment arrive as strings; anything else is left for `validate` to refuse. */
const toInteger = (value: string): unknown => (/^\s*\d+\s*$/.test(value) ? Number(value) : value);

convict.addFormats({
  'plexus-port': {
    validate: (x: unknown) => (Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 65535) || fail('must be a port number from 0 to 65535'),
    coerce: toInteger,
  },
  'plexus-positive-int': {
    validate: (x: unknown) => (Number.isSafeInteger(x) && (x as number) > 0) || fail('must be a whole number greater than 0'),
    coerce: toInteger,
  },
  'plexus-natural-int': {
    validate: (x: unknown) => (Number.isSafeInteger(x) && (x as number) >= 0) || fail('must be a whole number, 0 or more'),
    coerce: toInteger,
  },
  'plexus-boolean': {
    validate: (x: unknown) => typeof x === 'boolean' || fail('must be true or false'),
    coerce: (value: string) => {
      const word = value.trim().toLowerCase();
      return word === 'true' ? true : word === 'false' ? false : value;
    },
  },
  'plexus-host': {
    validate: (x: unknown) => (typeof x === 'string' && /^[^\s/]+$/.test(x)) || fail('must be a host name or IP address, such as 127.0.0.1 or 0.0.0.0'),
  },
  'plexus-text': {
    validate: (x: unknown) => (typeof x === 'string' && x.trim() !== '') || fail('must be a non-empty string'),
  },
  'plexus-http-url': {
    validate: (x: unknown) => (typeof x === 'string' && URL.canParse(x) && /^https?:$/.test(new URL(x).protocol)) || fail('must be an http:// or https:// URL'),
  },
  'plexus-nats-url': {
    validate: (x: unknown) => (typeof x === 'string' && URL.canParse(x) && /^(nats|tls):$/.test(new URL(x).protocol)) || fail('must be a nats:// or tls:// URL, such as nats://127.0.0.1:4222'),
  },
  'plexus-string-list': {
    validate: (x: unknown) => Array.isArray(x) || fail('must be a list'),
    coerce: (value: string) => value.split(',').map((s) => s.trim()).filter((s) => s !== ''),
  },
});

/** An enumeration, with a message that lists the values plainly. */
const oneOf = (values: readonly string[]) => (x: unknown): void => {
  if (!values.includes(x as string)) fail(`must be one of ${values.join(', ')}`);
};

const ms = (value: number, doc: string, env: string, format = 'plexus-positive-int') => ({ doc, format, default: value, env });

export const serverConfigSchema: convict.Schema<ServerConfigProperties> = {
  http: {
    host: { doc: 'Address the HTTP API binds', format: 'plexus-host', default: '127.0.0.1', env: 'PLEXUS_HTTP_HOST' },
    port: { doc: 'HTTP API port (0 picks a free one)', format: 'plexus-port', default: 8080, env: 'PLEXUS_HTTP_PORT' },
    tls: {
      cert: { doc: 'PEM certificate chain file; unset means plain HTTP', format: 'plexus-text', nullable: true, default: null, env: 'PLEXUS_HTTP_TLS_CERT' },
      key: { doc: 'PEM private key file', format: 'plexus-text', nullable: true, default: null, env: 'PLEXUS_HTTP_TLS_KEY' },
      ca: { doc: 'PEM CA bundle that signs client certificates', format: 'plexus-text', nullable: true, default: null, env: 'PLEXUS_HTTP_TLS_CA' },
      requestClientCert: { doc: 'Require a client certificate (mutual TLS)', format: 'plexus-boolean', default: false, env: 'PLEXUS_HTTP_TLS_REQUEST_CLIENT_CERT' },
    },
    requestTimeoutMs: ms(300000, 'Request and idle keep-alive timeout (long enough for a 2 GB STOW at 100 Mbit/s)', 'PLEXUS_HTTP_REQUEST_TIMEOUT_MS'),
    maxConnections: { doc: 'Open connections at most', format: 'plexus-positive-int', default: 1024, env: 'PLEXUS_HTTP_MAX_CONNECTIONS' },
  },
  limits: { doc: 'Request body limits, see LIMITS', format: Object, default: {}, shape: 'map' },
  regions: { doc: 'Location name to {database, blobs}', format: Object, default: {}, shape: 'map' },
  auth: {
    mode: { doc: 'none, apiKey or jwt', format: oneOf(['none', 'apiKey', 'jwt']), default: 'none', env: 'PLEXUS_AUTH_MODE' },
    apiKeys: { doc: 'List of {principal, keySha256}', format: Array, default: [], shape: 'list' },
    jwt: {
      issuer: { doc: 'Expected iss claim', format: 'plexus-text', nullable: true, default: null, env: 'PLEXUS_AUTH_JWT_ISSUER' },
      audience: { doc: 'Expected aud claim', format: 'plexus-text', nullable: true, default: null, env: 'PLEXUS_AUTH_JWT_AUDIENCE' },
      jwksUrl: { doc: 'Issuer key set URL', format: 'plexus-http-url', nullable: true, default: null, env: 'PLEXUS_AUTH_JWT_JWKS_URL' },
      jwksFile: { doc: 'Issuer key set file', format: 'plexus-text', nullable: true, default: null, env: 'PLEXUS_AUTH_JWT_JWKS_FILE' },
    },
  },
  iam: {
    bindings: { doc: 'List of {role, members, project}', format: Array, default: [], shape: 'list' },
  },
  audit: {
    dataAccess: { doc: 'Log data access, not only admin activity', format: 'plexus-boolean', default: true, env: 'PLEXUS_AUDIT_DATA_ACCESS' },
    services: { doc: 'Per-service override of dataAccess', format: Object, default: {}, shape: 'map' },
    flushIntervalMs: ms(5, 'Audit batch window', 'PLEXUS_AUDIT_FLUSH_INTERVAL_MS', 'plexus-natural-int'),
    batchSize: { doc: 'Audit entries per batch at most', format: 'plexus-positive-int', default: 500, env: 'PLEXUS_AUDIT_BATCH_SIZE' },
    anchorIntervalMs: ms(60000, 'How often audit chains anchor each other', 'PLEXUS_AUDIT_ANCHOR_INTERVAL_MS'),
    maxQueuedEntries: { doc: 'Unwritten audit entries a region may queue before audited requests get 503', format: 'plexus-positive-int', default: 100000, env: 'PLEXUS_AUDIT_MAX_QUEUED_ENTRIES' },
  },
  channels: { doc: 'Channel YAML files or globs', format: 'plexus-string-list', default: [], env: 'PLEXUS_CHANNELS', shape: 'list' },
  mllp: { doc: 'List of MLLP listeners, each bound to one HL7v2 store', format: Array, default: [], shape: 'list' },
  dimse: { doc: 'List of DICOM SCPs (DIMSE listeners), each bound to one DICOM store', format: Array, default: [], shape: 'list' },
  bootstrap: {
    datasets: { doc: 'Datasets and stores created at startup when missing', format: Array, default: [], shape: 'list' },
  },
  log: {
    level: { doc: 'Log level', format: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info', env: 'PLEXUS_LOG_LEVEL' },
  },
  operations: {
    leaseMs: ms(30000, 'How long a process owns a claimed long-running operation', 'PLEXUS_OPERATIONS_LEASE_MS'),
    pollIntervalMs: ms(1000, 'How often idle processes look for operations to claim', 'PLEXUS_OPERATIONS_POLL_INTERVAL_MS'),
  },
  notifications: {
    nats: {
      url: { doc: 'NATS server for pubsubTopic notifications; unset: none', format: 'plexus-nats-url', nullable: true, default: null, env: 'PLEXUS_NOTIFICATIONS_NATS_URL' },
    },
    webhooks: { doc: 'Webhook name to {url, secret}, named by stores\' notificationConfigs', format: Object, default: {}, shape: 'map' },
    retry: {
      initialDelayMs: ms(1000, 'Delay before the first retry of a failed notification', 'PLEXUS_NOTIFICATIONS_RETRY_INITIAL_DELAY_MS'),
      maxDelayMs: ms(300000, 'Longest delay between retries of a notification', 'PLEXUS_NOTIFICATIONS_RETRY_MAX_DELAY_MS'),
    },
    pollIntervalMs: ms(1000, 'How often the outbox is read besides the wake-up on commit', 'PLEXUS_NOTIFICATIONS_POLL_INTERVAL_MS'),
    deliveryTimeoutMs: ms(10000, 'How long one delivery (a NATS publish and ack, a webhook POST) may take', 'PLEXUS_NOTIFICATIONS_DELIVERY_TIMEOUT_MS'),
  },
};
