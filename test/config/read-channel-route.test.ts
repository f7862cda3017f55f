import test from 'ava';
import { HL7V2_FIELD_PATH_RULE } from '../../config/hl7v2-field-path.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, writeChannel } from './channel-fixture.ts';

const ROUTED_STORE = 'projects/acme/locations/{region}/datasets/main/hl7V2Stores/adt';
const routed = (route: string, store = ROUTED_STORE) =>
  `name: router\nregion: local\nroute: ${route}\nsource:\n  mllp: {port: 2575}\ndestinations:\n  - store: ${store}\n`;

test('a route maps field values to regions, quarantines the rest in the home region by default', (t) => {
  const config = loadChannelConfig(writeChannel(routed('{by: MSH-4, regions: {HOSP_EU: europe-west4, HOSP_US: local}}')), CONTEXT);
  t.deepEqual(config.route, { by: 'MSH-4', regions: { HOSP_EU: 'europe-west4', HOSP_US: 'local' }, otherwise: null, quarantine: 'local' });
  t.deepEqual(config.destinations, [{ kind: 'store', name: 'store', store: ROUTED_STORE }]);
  t.is(config.project, 'acme');
});

test('otherwise may name a region, and quarantine another region', (t) => {
  const config = loadChannelConfig(writeChannel(routed('{by: MSH-4.1, regions: {A: local}, otherwise: europe-west4, quarantine: europe-west4}')), CONTEXT);
  t.deepEqual(config.route, { by: 'MSH-4.1', regions: { A: 'local' }, otherwise: 'europe-west4', quarantine: 'europe-west4' });
});

test('every region a route names must be configured, and its field a field path', (t) => {
  t.deepEqual(described(channelIssuesOf(routed('{by: MSH4, regions: {A: mars-north1, B: 3}, otherwise: venus1, quarantine: pluto}'))), [
    ['route.by', 3, HL7V2_FIELD_PATH_RULE],
    ['route.regions.A', 3, 'mars-north1 is not a configured region; configured: local, europe-west4'],
    ['route.regions.B', 3, 'must be a region name'],
    ['route.otherwise', 3, 'venus1 is not a configured region; configured: local, europe-west4'],
    ['route.quarantine', 3, 'pluto is not a configured region; configured: local, europe-west4'],
  ]);
});

test('a routing channel names its stores with locations/{region}; other channels may not', (t) => {
  t.deepEqual(described(channelIssuesOf(routed('{by: MSH-4, regions: {A: local}}', 'projects/acme/locations/local/datasets/main/hl7V2Stores/adt'))), [
    ['destinations[0].store', 7, 'a routing channel names its stores with locations/{region}, so each message lands in the region its route picks'],
  ]);
  const plain = `name: plain\nregion: local\nsource:\n  mllp: {port: 2575}\ndestinations:\n  - store: ${ROUTED_STORE}\n`;
  t.deepEqual(described(channelIssuesOf(plain)), [
    ['destinations[0].store', 6, 'location {region} is not a configured region; configured: local, europe-west4'],
  ]);
});

test('regions are required in a route', (t) => {
  t.deepEqual(described(channelIssuesOf(routed('{by: MSH-4}'))), [
    ['route.regions', 3, 'required: field values and the region each goes to, such as {HOSP_EU: europe-west4}'],
  ]);
});
