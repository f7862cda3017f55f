import test from 'ava';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, formatConfigIssue } from '../../config/config-error.ts';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { issueAt, issuesOf, REGION, writeConfig } from './config-fixture.ts';

const KEY_HASH = 'a'.repeat(64);

test('the default config loads: one loopback region under ./data, auth none, the demo HL7v2 and DICOM stores, the MLLP channel and a DIMSE SCP', (t) => {
  const file = fileURLToPath(new URL('../../config/plexus.yaml', import.meta.url));
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const config = loadServerConfig(file, {});
  t.is(config.file, file);
  t.deepEqual(config.http, { host: '127.0.0.1', port: 8080, tls: null, requestTimeoutMs: 300000, maxConnections: 1024 });
  t.deepEqual(config.regions, { local: { database: join(root, 'data/local.db'), blobs: join(root, 'data/blobs') } });
  t.deepEqual(config.auth, { mode: 'none', apiKeys: [], jwt: null });
  t.deepEqual(config.limits, { default: 10 * 1024 ** 2, fhirBundle: 50 * 1024 ** 2, stow: 2 * 1024 ** 3 });
  t.deepEqual(config.audit, { dataAccess: true, services: {}, flushIntervalMs: 5, batchSize: 500, anchorIntervalMs: 60000, maxQueuedEntries: 100000 });
  t.deepEqual(config.operations, { leaseMs: 30000, pollIntervalMs: 1000 });
  t.deepEqual(config.bootstrap, {
    datasets: [{ project: 'demo', location: 'local', id: 'hospital', timeZone: 'UTC', stores: [{ type: 'hl7v2', id: 'adt', config: {} }, { type: 'dicom', id: 'pacs', config: {} }] }],
  });
  t.deepEqual(config.channels, [join(root, 'channels/mllp-to-hl7v2-store.yaml')]);
  t.deepEqual(config.mllp, []);
  t.like(config.dimse, [{ aeTitle: 'PLEXUS', host: '127.0.0.1', port: 11112, store: 'projects/demo/locations/local/datasets/hospital/dicomStores/pacs', callingAeTitles: [] }]);
  t.deepEqual(config.iam, { bindings: [] });
  t.is(config.log.level, 'info');
});

test('environment variables override the file and are coerced to the key type', (t) => {
  const file = writeConfig(`http:\n  port: 9000\n${REGION}`);
  const config = loadServerConfig(file, {
    PLEXUS_HTTP_PORT: '9100',
    PLEXUS_LOG_LEVEL: 'debug',
    PLEXUS_AUDIT_DATA_ACCESS: 'false',
    PLEXUS_LIMITS_STOW: '1GB',
    PLEXUS_CHANNELS: 'a.yaml, b/*.yaml',
  });
  t.is(config.http.port, 9100);
  t.is(config.log.level, 'debug');
  t.false(config.audit.dataAccess);
  t.is(config.limits.stow, 1024 ** 3);
  t.deepEqual(config.channels, [join(file, '../a.yaml'), join(file, '../b/*.yaml')]);
});

test('a bad environment value names the variable instead of a line', (t) => {
  const issue = issueAt(issuesOf(REGION, { PLEXUS_HTTP_PORT: 'eighty' }), 'http.port');
  t.like(issue, { env: 'PLEXUS_HTTP_PORT', line: null });
  t.regex(formatConfigIssue(issue!), /^http\.port \(from PLEXUS_HTTP_PORT\): must be a port number/);
});

test('relative paths resolve against the config file folder; postgres URLs stay as they are', (t) => {
  const file = writeConfig(`
http:
  host: 0.0.0.0
  tls: {cert: tls/cert.pem, key: tls/key.pem, ca: tls/ca.pem, requestClientCert: true}
regions:
  local: {database: db/local.db, blobs: blobs}
  europe-west4: {database: "postgres://plexus@db.example/eu", blobs: /var/plexus/eu}
auth:
  mode: jwt
  jwt: {issuer: https://id.example, audience: plexus, jwksFile: keys/jwks.json}
channels: [channels/*.yaml]
`);
  const folder = join(file, '..');
  const config = loadServerConfig(file, {});
  t.deepEqual(config.http.tls, { cert: join(folder, 'tls/cert.pem'), key: join(folder, 'tls/key.pem'), ca: join(folder, 'tls/ca.pem'), requestClientCert: true });
  t.deepEqual(config.regions.local, { database: join(folder, 'db/local.db'), blobs: join(folder, 'blobs') });
  t.deepEqual(config.regions['europe-west4'], { database: 'postgres://plexus@db.example/eu', blobs: '/var/plexus/eu' });
  t.is(config.auth.jwt?.jwksFile, join(folder, 'keys/jwks.json'));
  t.deepEqual(config.channels, [join(folder, 'channels/*.yaml')]);
});

test('an unknown top-level key is reported with its file, line and the known keys', (t) => {
  const file = writeConfig(`${REGION}htpp:\n  port: 1\n`);
  const error = t.throws(() => loadServerConfig(file, {}), { instanceOf: ConfigError })!;
  t.is(error.issues.length, 1);
  t.like(error.issues[0], { key: 'htpp', file, line: 3 });
  t.regex(error.issues[0].message, /^unknown key; known keys here: http, limits, regions/);
});

test('unknown nested keys are reported, also inside regions, apiKeys, bindings and stores', (t) => {
  const issues = issuesOf(`
http:
  prot: 8080
regions:
  local: {database: a.db, blobs: b, size: 3}
auth:
  apiKeys:
    - {principal: "user:a@b.org", keySha256: ${KEY_HASH}, note: x}
iam:
  bindings:
    - {role: roles/plexus.admin, members: ["user:a@b.org"], when: always}
bootstrap:
  datasets:
    - project: p
      location: local
      id: d
      stores: [{type: fhir, id: s, version: R4}]
`);
  t.like(issueAt(issues, 'http.prot'), { line: 3, message: 'unknown key; known keys here: host, port, tls, requestTimeoutMs, maxConnections' });
  t.like(issueAt(issues, 'regions.local.size'), { line: 5 });
  t.like(issueAt(issues, 'auth.apiKeys[0].note'), { line: 8 });
  t.like(issueAt(issues, 'iam.bindings[0].when'), { line: 11 });
  t.like(issueAt(issues, 'bootstrap.datasets[0].stores[0].version'), { line: 17 });
  t.is(issues.length, 5);
});

test('a dotted key is unknown, not read as a nested one', (t) => {
  const issues = issuesOf(`${REGION}http.port: 9000\nhttp:\n  tls.cert: c.pem\n`);
  t.deepEqual(issues.map((i) => [i.key, i.line]), [['http.port', 3], ['http.tls.cert', 5]]);
});

test('every problem is reported at once, in file order', (t) => {
  const issues = issuesOf(`
http:
  port: 70000
regions:
  eu: {database: "mysql://x/y", blobs: b}
log:
  level: loud
`);
  t.deepEqual(issues.map((i) => [i.line, i.key]), [[3, 'http.port'], [5, 'regions.eu.database'], [7, 'log.level']]);
  t.is(issueAt(issues, 'regions.eu.database')?.message, 'must be a SQLite file path or a postgres:// URL');
  t.is(issueAt(issues, 'log.level')?.message, 'must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
});

test('values of the wrong type are refused, each at its key', (t) => {
  const issues = issuesOf(`
http:
  port: "x"
  maxConnections: [1, 2]
  tls: yes
regions: [local]
audit:
  dataAccess: maybe
  services: {fhir: 1}
channels: ../channels/a.yaml
`);
  t.deepEqual(issues.map((i) => i.key).sort(), ['audit.dataAccess', 'audit.services.fhir', 'channels', 'http.maxConnections', 'http.port', 'http.tls', 'regions']);
  t.is(issueAt(issues, 'http.maxConnections')?.message, 'must be a single value, not a list');
  t.is(issueAt(issues, 'http.tls')?.message, 'must be a mapping (key: value lines)');
  t.is(issueAt(issues, 'audit.dataAccess')?.message, 'must be true or false (got "maybe")');
});

test('at least one region, with a valid location name, is required', (t) => {
  t.regex(issueAt(issuesOf('regions: {}\n'), 'regions')!.message, /^at least one region is required/);
  t.like(issueAt(issuesOf('log: {level: info}\n'), 'regions'), { line: null });
  const name = issueAt(issuesOf('regions:\n  Europe_West: {database: a.db, blobs: b}\n'), 'regions.Europe_West')!;
  t.is(name.line, 2);
  t.regex(name.message, /^a location name is lowercase letters, digits and '-'/);
});

test('two regions may not share a database or blob folder', (t) => {
  const issues = issuesOf('regions:\n  a: {database: x.db, blobs: blobs}\n  b: {database: x.db, blobs: blobs/b}\n');
  t.like(issueAt(issues, 'regions.b.database'), { message: 'is also the database of region a; each region needs its own' });
  t.like(issueAt(issues, 'regions.b.blobs'), { message: 'overlaps the blob folder of region a; each region needs its own' });
});

test('jwt mode needs the jwt settings, with exactly one key source', (t) => {
  t.like(issueAt(issuesOf(`${REGION}auth: {mode: jwt}\n`), 'auth.jwt'), { message: 'required when auth.mode is jwt: issuer, audience, and jwksUrl or jwksFile' });
  const both = issuesOf(`${REGION}auth:\n  mode: jwt\n  jwt: {issuer: i, audience: a, jwksUrl: "https://id/jwks", jwksFile: j.json}\n`);
  t.like(issueAt(both, 'auth.jwt.jwksFile'), { message: 'set jwksUrl or jwksFile, not both', line: 5 });
  const partial = issuesOf(`${REGION}auth:\n  mode: jwt\n  jwt: {issuer: i}\n`);
  t.deepEqual(partial.map((i) => i.key), ['auth.jwt.audience', 'auth.jwt.jwksUrl']);
  const file = writeConfig(`${REGION}auth:\n  mode: jwt\n  jwt: {issuer: https://id.example, audience: plexus, jwksUrl: "https://id.example/jwks"}\n`);
  t.deepEqual(loadServerConfig(file, {}).auth.jwt, { issuer: 'https://id.example', audience: 'plexus', jwksUrl: 'https://id.example/jwks', jwksFile: null });
});

test('apiKey mode takes keys by SHA-256 for IAM identities', (t) => {
  const file = writeConfig(`${REGION}auth:\n  mode: apiKey\n  apiKeys:\n    - {principal: "serviceAccount:lab-feed", keySha256: ${'AB'.repeat(32)}}\n`);
  t.deepEqual(loadServerConfig(file, {}).auth.apiKeys, [{ principal: 'serviceAccount:lab-feed', keySha256: 'ab'.repeat(32) }]);
  t.like(issueAt(issuesOf(`${REGION}auth: {mode: apiKey}\n`), 'auth.apiKeys'), { message: 'at least one key is required when auth.mode is apiKey' });
  const bad = issuesOf(`${REGION}auth:\n  apiKeys:\n    - {principal: alice, keySha256: abc}\n`);
  t.deepEqual(bad.map((i) => i.key), ['auth.apiKeys[0].principal', 'auth.apiKeys[0].keySha256']);
});

test('plain HTTP on a non-loopback address is refused', (t) => {
  const issues = issuesOf(`http: {host: 0.0.0.0}\n${REGION}auth:\n  mode: apiKey\n  apiKeys: [{principal: "user:a@b.org", keySha256: ${KEY_HASH}}]\n`);
  t.is(issues.length, 1);
  t.like(issues[0], {
    key: 'http.host',
    line: 1,
    message: 'plain HTTP is refused because http.host 0.0.0.0 is not a loopback address; set http.tls (cert and key) or bind 127.0.0.1',
  });
});

test('auth mode none is refused when a listener binds a non-loopback address, saying why', (t) => {
  const issues = issuesOf(`http:\n  host: 0.0.0.0\n  tls: {cert: c.pem, key: k.pem}\n${REGION}auth: {mode: none}\n`);
  t.is(issues.length, 1);
  t.like(issues[0], {
    key: 'auth.mode',
    line: 6,
    message: 'authentication is required because http.host 0.0.0.0 is not a loopback address; set auth.mode to apiKey or jwt, or bind 127.0.0.1',
  });
  t.notThrows(() => loadServerConfig(writeConfig(`http: {host: localhost}\n${REGION}`), {}));
});

test('limits take byte counts and sizes with units', (t) => {
  const config = loadServerConfig(writeConfig(`limits: {default: 1048576, fhirBundle: 20MB, stow: 1.5 GiB}\n${REGION}`), {});
  t.deepEqual(config.limits, { default: 1024 ** 2, fhirBundle: 20 * 1024 ** 2, stow: 1.5 * 1024 ** 3 });
  const issues = issuesOf(`limits: {default: 10XB, stow: 0, body: 1MB}\n${REGION}`);
  t.deepEqual(issues.map((i) => i.key).sort(), ['limits.body', 'limits.default', 'limits.stow']);
});

test('bootstrap datasets must live in a configured region and name valid stores', (t) => {
  const file = writeConfig(`${REGION}bootstrap:\n  datasets:\n    - {project: demo, location: local, id: ds, stores: [{type: fhir, id: s, config: {version: R4}}]}\n`);
  t.deepEqual(loadServerConfig(file, {}).bootstrap.datasets, [
    { project: 'demo', location: 'local', id: 'ds', timeZone: 'UTC', stores: [{ type: 'fhir', id: 's', config: { version: 'R4' } }] },
  ]);
  const issues = issuesOf(`${REGION}bootstrap:\n  datasets:\n    - {project: demo, location: mars, id: ds, timeZone: Nowhere/City, stores: [{type: ftp, id: s}]}\n`);
  t.deepEqual(issues.map((i) => i.key).sort(), ['bootstrap.datasets[0].location', 'bootstrap.datasets[0].stores[0].type', 'bootstrap.datasets[0].timeZone']);
  t.is(issueAt(issues, 'bootstrap.datasets[0].location')?.message, 'location mars is not a configured region; configured: local');
});

test('iam bindings default to every project and check roles and members', (t) => {
  const file = writeConfig(`${REGION}iam:\n  bindings:\n    - {role: roles/healthcare.fhirResourceReader, members: ["user:a@b.org", allAuthenticatedUsers]}\n`);
  t.deepEqual(loadServerConfig(file, {}).iam.bindings, [{ role: 'roles/healthcare.fhirResourceReader', members: ['user:a@b.org', 'allAuthenticatedUsers'], project: '*' }]);
  const issues = issuesOf(`${REGION}iam:\n  bindings:\n    - {role: admin, members: ["group:x@y.org"]}\n`);
  t.deepEqual(issues.map((i) => i.key), ['iam.bindings[0].role', 'iam.bindings[0].members[0]']);
  const unknown = issuesOf(`${REGION}iam:\n  bindings:\n    - {role: roles/healthcare.nosuchRole, members: ["user:a@b.org"]}\n`);
  t.is(unknown.length, 1);
  t.like(unknown[0], { key: 'iam.bindings[0].role', line: 5 });
  t.regex(unknown[0].message, /'roles\/healthcare.nosuchRole' is not a known role; the roles are roles\/healthcare.datasetViewer, /);
});

test('YAML syntax errors and unreadable files are ConfigErrors with lines', (t) => {
  t.like(issuesOf('http:\n  port: 1\n  port: 2\n')[0], { key: '', line: 3, message: 'Map keys must be unique' });
  t.like(issuesOf('- a\n- b\n')[0], { line: 1, message: 'the file must be a YAML mapping of keys such as http, regions and auth' });
  const error = t.throws(() => loadServerConfig(join(tmpdir(), 'plexus-no-such-dir', 'x.yaml'), {}), { instanceOf: ConfigError });
  t.regex(error!.message, /cannot read the config file: no such file/);
});

test('TLS and JWKS files that cannot be read are config errors at their keys, not a failure at startup', (t) => {
  const issues = issuesOf(`${REGION}http:\n  tls: {cert: tls/cert.pem, key: missing/key.pem}\nmllp:\n  - {port: 0, store: projects/p/locations/local/datasets/d/hl7V2Stores/s, tls: {cert: c.pem, key: k.pem, ca: tls}}\nauth:\n  mode: jwt\n  jwt: {issuer: https://id.example, audience: plexus, jwksFile: /nonexistent/jwks.json}\n`);
  t.deepEqual(issues.map((i) => [i.key, i.line]), [['http.tls.key', 4], ['mllp[0].tls.ca', 6], ['auth.jwt.jwksFile', 9]]);
  t.regex(issueAt(issues, 'http.tls.key')!.message, /^cannot read .*missing\/key\.pem: no such file$/);
  t.regex(issueAt(issues, 'mllp[0].tls.ca')!.message, /tls is a folder, not a file$/);
});
