import { request } from 'node:http';
import { Readable } from 'node:stream';
import test from 'ava';
import { newDicomStore, readFixture } from '../helpers/dicom-fixtures.ts';
import { awaitOperation } from '../helpers/await-operation.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { readPart10Header } from '../../transforms/dicom/read-part10-header.ts';

/** 500 MB through the disk: a heavy test, run once in CI's PostgreSQL pass (PLEXUS_HEAVY_TESTS). */
const heavy = process.env.PLEXUS_HEAVY_TESTS ? test : test.skip;
const PIXEL_BYTES = 500 * 1024 * 1024;
const CHUNK = 1024 * 1024;

let engine: TestEngine;
test.before(async () => {
  if (process.env.PLEXUS_HEAVY_TESTS) engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

/** A STOW body of one instance: CT_small's header and 500 MB of Pixel Data, generated as it is sent. */
function largeStowBody(boundary: string): Readable {
  const ct = readFixture('CT_small.dcm');
  const header = ct.subarray(0, readPart10Header(ct, true).pixelDataOffset!);
  const pixelHeader = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57, 0, 0, 0, 0, 0, 0]);
  pixelHeader.writeUInt32LE(PIXEL_BYTES, 8);
  const chunk = Buffer.alloc(CHUNK, 7);
  async function* generate() {
    yield Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
    yield header;
    yield pixelHeader;
    for (let sent = 0; sent < PIXEL_BYTES; sent += CHUNK) yield chunk;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return Readable.from(generate(), { objectMode: false });
}

heavy('a 500 MB STOW streams to disk: the process grows by less than 64 MB', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  const url = new URL(`${engine.url}${dicomWeb}/studies`);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const boundary = 'large-stow-boundary';
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${engine.adminKey}`, 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    largeStowBody(boundary).pipe(req);
  });
  clearInterval(sampler);
  t.is(status, 200);
  const grown = (peak - baseline) / 1024 / 1024;
  t.log(`RSS grew ${grown.toFixed(1)} MB for a 500 MB instance`);
  t.true(grown < 64, `RSS grew ${grown.toFixed(1)} MB`);
  const [instance] = await (await engine.api(`${dicomWeb}/instances`)).json();
  const study = instance['0020000D'].Value[0];
  const deleting = await engine.api(`${dicomWeb}/studies/${study}`, { method: 'DELETE' });
  t.is(deleting.status, 200);
  const done = await awaitOperation(engine, ((await deleting.json()) as { name: string }).name);
  t.truthy(done.response, 'and its 500 MB are erased');
});
