import test from 'ava';
import { join } from 'node:path';
import { isAeTitle } from '../../config/read-dimse-listeners.ts';
import { loadServerConfig } from '../../config/load-server-config.ts';
import { ABSOLUTE_PEM, issueAt, issuesOf, REGION, writeConfig } from './config-fixture.ts';

const STORE = 'projects/demo/locations/local/datasets/imaging/dicomStores/main';
const ARCHIVE = 'projects/demo/locations/local/datasets/imaging/dicomStores/archive';
const API_KEY = `auth:\n  mode: apiKey\n  apiKeys: [{principal: "user:a@b.org", keySha256: ${'a'.repeat(64)}}]\n`;
const AE_TITLE_RULE = 'must be an AE title: 1 to 16 characters, no backslash or control characters, not only spaces';

const issueList = (text: string) => issuesOf(text).map((issue) => [issue.key, issue.line, issue.message]);

test('a listener needs an AE title, a port and a store: loopback, no TLS, safe bounds, Q/R on the same store', (t) => {
  const config = loadServerConfig(writeConfig(`${REGION}dimse:\n  - {aeTitle: PLEXUS, port: 11112, store: ${STORE}}\n`), {});
  t.deepEqual(config.dimse, [
    {
      aeTitle: 'PLEXUS',
      host: '127.0.0.1',
      port: 11112,
      store: STORE,
      queryRetrieve: STORE,
      callingAeTitles: [],
      allowPeers: [],
      tls: null,
      maxAssociations: 20,
      idleTimeoutMs: 60000,
      maxPduLength: 262144,
      moveDestinations: [],
    },
  ]);
  t.deepEqual(loadServerConfig(writeConfig(REGION), {}).dimse, []);
  t.deepEqual(loadServerConfig(writeConfig(`${REGION}dimse:\n`), {}).dimse, []);
});

test('every key is read; TLS paths resolve against the config file folder', (t) => {
  const file = writeConfig(`${REGION}${API_KEY}dimse:
  - aeTitle: "PACS GATEWAY 01"
    host: 0.0.0.0
    port: 104
    store: ${STORE}
    queryRetrieve: ${ARCHIVE}
    callingAeTitles: [MODALITY1, "CT SCANNER"]
    allowPeers: [10.0.0.0/8]
    tls: {cert: tls/cert.pem, key: tls/key.pem, ca: ${ABSOLUTE_PEM}, requestClientCert: true}
    maxAssociations: 5
    idleTimeoutMs: 1000
    maxPduLength: 16384
    moveDestinations:
      - {aeTitle: VIEWER, host: viewer.example.org, port: 11113}
      - {aeTitle: "WS 2", host: 10.0.0.5, port: 104}
`);
  const folder = join(file, '..');
  t.deepEqual(loadServerConfig(file, {}).dimse, [
    {
      aeTitle: 'PACS GATEWAY 01',
      host: '0.0.0.0',
      port: 104,
      store: STORE,
      queryRetrieve: ARCHIVE,
      callingAeTitles: ['MODALITY1', 'CT SCANNER'],
      allowPeers: ['10.0.0.0/8'],
      tls: { cert: join(folder, 'tls/cert.pem'), key: join(folder, 'tls/key.pem'), ca: ABSOLUTE_PEM, requestClientCert: true },
      maxAssociations: 5,
      idleTimeoutMs: 1000,
      maxPduLength: 16384,
      moveDestinations: [
        { aeTitle: 'VIEWER', host: 'viewer.example.org', port: 11113 },
        { aeTitle: 'WS 2', host: '10.0.0.5', port: 104 },
      ],
    },
  ]);
});

test('AE titles: 1 to 16 characters of the default repertoire, no backslash, not only spaces', (t) => {
  t.true(isAeTitle('A'));
  t.true(isAeTitle('ABCDEFGHIJKLMNOP'));
  t.true(isAeTitle(' PADDED '));
  t.false(isAeTitle('ABCDEFGHIJKLMNOPQ'));
  t.false(isAeTitle('A\\B'));
  t.false(isAeTitle('   '));
  t.false(isAeTitle(''));
  t.false(isAeTitle('TAB\tHERE'));
  t.false(isAeTitle('ÄRZTE'));
});

test('a bad AE title is reported at its key and line', (t) => {
  t.deepEqual(
    issueList(`${REGION}dimse:
  - {aeTitle: ABCDEFGHIJKLMNOPQ, port: 11112, store: ${STORE}}
  - aeTitle: "A\\\\B"
    port: 11113
    store: ${STORE}
  - {port: 11114, store: ${STORE}, callingAeTitles: [OK, "TOO LONG FOR AN AE", "x\\\\y"]}
`),
    [
      ['dimse[0].aeTitle', 4, AE_TITLE_RULE],
      ['dimse[1].aeTitle', 5, AE_TITLE_RULE],
      ['dimse[2].aeTitle', 8, 'required'],
      ['dimse[2].callingAeTitles[1]', 8, AE_TITLE_RULE],
      ['dimse[2].callingAeTitles[2]', 8, AE_TITLE_RULE],
    ],
  );
});

test('store and queryRetrieve must be DICOM store names in a configured region', (t) => {
  const issues = issuesOf(`${REGION}dimse:
  - aeTitle: A
    port: 11112
    store: projects/demo/locations/local/datasets/imaging/fhirStores/main
    queryRetrieve: ${STORE}
  - {aeTitle: B, port: 11113, store: projects/demo/locations/mars/datasets/imaging/dicomStores/main, queryRetrieve: ${STORE}}
  - {aeTitle: C, port: 11114, store: ${STORE}, queryRetrieve: projects/demo/locations/mars/datasets/imaging/dicomStores/q}
  - {aeTitle: D, port: 11115}
`);
  t.like(issueAt(issues, 'dimse[0].store'), { line: 6, message: 'must be a DICOM store name, projects/{project}/locations/{location}/datasets/{dataset}/dicomStores/{store}' });
  t.like(issueAt(issues, 'dimse[1].store'), { line: 8, message: 'location mars is not a configured region; configured: local' });
  t.like(issueAt(issues, 'dimse[2].queryRetrieve'), { line: 9, message: 'location mars is not a configured region; configured: local' });
  t.like(issueAt(issues, 'dimse[3].store'), { line: 10, message: 'required' });
});

test('a wrong store is reported once, not again at a queryRetrieve the file does not set', (t) => {
  const issues = issuesOf(`${REGION}dimse:
  - aeTitle: A
    port: 11112
    store: projects/demo/locations/local/datasets/imaging/fhirStores/main
  - {aeTitle: B, port: 11113}
`);
  t.deepEqual(issues.map((issue) => issue.key), ['dimse[0].store', 'dimse[1].store']);
});

test('a DIMSE listener may not take the HTTP API’s port, an MLLP listener’s or another DIMSE listener’s', (t) => {
  t.deepEqual(
    issueList(`http: {port: 8080}
${REGION}mllp:
  - {port: 2575, store: projects/demo/locations/local/datasets/h/hl7V2Stores/adt}
dimse:
  - {aeTitle: A, port: 8080, store: ${STORE}}
  - {aeTitle: B, host: 127.0.0.1, port: 2575, store: ${STORE}}
  - {aeTitle: C, port: 104, store: ${STORE}}
  - {aeTitle: D, port: 104, store: ${STORE}}
  - {aeTitle: E, port: 105, store: ${STORE}}
`),
    [
      ['dimse[0].port', 7, 'the HTTP API already listens on 127.0.0.1 port 8080'],
      ['dimse[1].port', 8, 'mllp[0] already listens on 127.0.0.1 port 2575'],
      ['dimse[3].port', 10, 'dimse[2] already listens on 127.0.0.1 port 104'],
    ],
  );
  const wildcard = issueList(`${REGION}${API_KEY}dimse:\n  - {aeTitle: A, host: 0.0.0.0, port: 104, store: ${STORE}, allowPeers: [10.0.0.1]}\n  - {aeTitle: B, port: 104, store: ${STORE}}\n`);
  t.deepEqual(wildcard, [['dimse[1].port', 8, 'dimse[0] already listens on 0.0.0.0 port 104']]);
  t.is(loadServerConfig(writeConfig(`http: {port: 0}\n${REGION}dimse:\n  - {aeTitle: A, port: 0, store: ${STORE}}\n  - {aeTitle: B, port: 0, store: ${STORE}}\n`), {}).dimse.length, 2);
});

test('a bad moveDestinations entry is reported at its key and line', (t) => {
  t.deepEqual(
    issueList(`${REGION}dimse:
  - aeTitle: A
    port: 104
    store: ${STORE}
    moveDestinations:
      - {aeTitle: ABCDEFGHIJKLMNOPQ, host: viewer, port: 104}
      - {aeTitle: V, host: "bad host", port: 70000}
      - {aeTitle: W, port: 104, color: red}
      - VIEWER
  - {aeTitle: B, port: 105, store: ${STORE}, moveDestinations: {aeTitle: V}}
`),
    [
      ['dimse[0].moveDestinations[0].aeTitle', 8, AE_TITLE_RULE],
      ['dimse[0].moveDestinations[1].host', 9, 'must be a host name or IP address, such as lab.example.org or 10.0.0.5'],
      ['dimse[0].moveDestinations[1].port', 9, 'must be a port number from 1 to 65535 (got 70000)'],
      ['dimse[0].moveDestinations[2].color', 10, 'unknown key; known keys here: aeTitle, host, port'],
      ['dimse[0].moveDestinations[2].host', 10, 'required'],
      ['dimse[0].moveDestinations[3]', 11, 'must be a mapping with the keys aeTitle, host, port'],
      ['dimse[1].moveDestinations', 12, 'must be a list'],
    ],
  );
});

test('a move destination on port 0 is refused with a message that does not allow 0', (t) => {
  const issues = issuesOf(`${REGION}dimse:\n  - {aeTitle: A, port: 104, store: ${STORE}, moveDestinations: [{aeTitle: V, host: viewer, port: 0}]}\n`);
  t.is(issueAt(issues, 'dimse[0].moveDestinations[0].port')?.message, 'must be a port number from 1 to 65535 (got 0)');
});

test('bounds and unknown keys are reported at their keys', (t) => {
  t.deepEqual(
    issueList(`${REGION}dimse:
  - aeTitle: A
    port: 104
    store: ${STORE}
    maxAssociations: 0
    idleTimeoutMs: 1.5
    maxPduLength: 4095
    colour: red
  - {aeTitle: B, port: 105, store: ${STORE}, maxPduLength: 16777217}
  - "PLEXUS"
`),
    [
      ['dimse[0].maxAssociations', 7, 'must be a whole number greater than 0 (got 0)'],
      ['dimse[0].idleTimeoutMs', 8, 'must be a whole number greater than 0 (got 1.5)'],
      ['dimse[0].maxPduLength', 9, 'must be a PDU length from 4096 to 16777216 bytes (got 4095)'],
      [
        'dimse[0].colour',
        10,
        'unknown key; known keys here: aeTitle, host, port, store, queryRetrieve, callingAeTitles, allowPeers, tls, maxAssociations, idleTimeoutMs, maxPduLength, moveDestinations',
      ],
      ['dimse[1].maxPduLength', 11, 'must be a PDU length from 4096 to 16777216 bytes (got 16777217)'],
      ['dimse[2]', 12, 'must be a mapping with the keys aeTitle, host, port, store, queryRetrieve, callingAeTitles, allowPeers, tls, maxAssociations, idleTimeoutMs, maxPduLength, moveDestinations'],
    ],
  );
  t.like(issueAt(issuesOf(`${REGION}dimse: {aeTitle: A}\n`), 'dimse'), { line: 3, message: 'must be a list (lines starting with "- ")' });
});

test('plain DIMSE open to every peer off loopback is refused; TLS or an allow-list makes it acceptable', (t) => {
  const listener = (host: string, extra = '') => `${REGION}${API_KEY}dimse:\n  - {aeTitle: A, host: ${host}, port: 104, store: ${STORE}${extra}}\n`;
  t.deepEqual(issueList(listener('0.0.0.0')), [
    [
      'dimse[0].host',
      7,
      'plain DIMSE open to every peer is refused because dimse[0].host 0.0.0.0 is not a loopback address; ' +
        'set dimse[0].tls (cert and key, best with requestClientCert and ca), or dimse[0].allowPeers, or bind 127.0.0.1',
    ],
  ]);
  t.deepEqual(issueList(listener('pacs.example.org')).map(([key]) => key), ['dimse[0].host']);
  t.notThrows(() => loadServerConfig(writeConfig(listener('0.0.0.0', ', tls: {cert: c.pem, key: k.pem}')), {}));
  t.notThrows(() => loadServerConfig(writeConfig(listener('10.1.2.3', ', allowPeers: [192.168.0.0/16]')), {}));
  t.notThrows(() => loadServerConfig(writeConfig(listener('"::1"')), {}));
  t.notThrows(() => loadServerConfig(writeConfig(listener('127.0.0.2')), {}));
});

test('auth mode none is refused when a DIMSE listener binds a non-loopback address', (t) => {
  const issues = issueList(`${REGION}auth: {mode: none}\ndimse:\n  - {aeTitle: A, host: 0.0.0.0, port: 104, store: ${STORE}, allowPeers: [10.0.0.0/8]}\n`);
  t.deepEqual(issues, [['auth.mode', 3, 'authentication is required because dimse[0].host 0.0.0.0 is not a loopback address; set auth.mode to apiKey or jwt, or bind 127.0.0.1']]);
});
