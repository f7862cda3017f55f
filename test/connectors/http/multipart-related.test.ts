import test from 'ava';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { mediaTypeParameters, readMultipartParts, type MultipartPart } from '../../../connectors/http/multipart-related.ts';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

interface ReadPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** `bytes` as a stream of chunks of `size` bytes (the last one shorter). */
function chunked(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return Readable.from(chunks);
}

async function collect(part: MultipartPart): Promise<ReadPart> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.body) chunks.push(chunk as Buffer);
  return { headers: part.headers, body: Buffer.concat(chunks) };
}

async function readParts(body: Readable, boundary: string): Promise<ReadPart[]> {
  const parts: ReadPart[] = [];
  await readMultipartParts(body, boundary, async (part) => {
    parts.push(await collect(part));
  });
  return parts;
}

function multipart(boundary: string, parts: Array<{ headers: string[]; body: Buffer }>, preamble = '', epilogue = ''): Buffer {
  return Buffer.concat([
    Buffer.from(preamble ? `${preamble}\r\n` : ''),
    ...parts.flatMap((part) => [Buffer.from(`--${boundary}\r\n${part.headers.map((h) => `${h}\r\n`).join('')}\r\n`), part.body, Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--${epilogue ? `\r\n${epilogue}` : ''}`),
  ]);
}

const BOUNDARY = 'plexus-7f3a';
/** Bodies that hold everything but the delimiter: CRLF, dashes, the boundary without its leading CRLF, a near miss. */
const TRICKY_BODIES = [
  Buffer.from([0x44, 0x49, 0x43, 0x4d, 0x00, 0xff, 0x0d, 0x0a, 0x0d]),
  Buffer.from(`line\r\n-\r\n--\r\n--plexus-7f3\r\n\r\nx--${BOUNDARY}\r\n-`),
  Buffer.from(`\r\n\r\n--`),
];

test('media type parameters: names in lower case, values trimmed and unquoted', (t) => {
  t.deepEqual(mediaTypeParameters('Multipart/Related; type="application/dicom"; Boundary=abc'), {
    type: 'multipart/related',
    params: { type: 'application/dicom', boundary: 'abc' },
  });
  t.deepEqual(mediaTypeParameters('multipart/related;boundary="a b:c=d";  start = "<x>" ;junk'), {
    type: 'multipart/related',
    params: { boundary: 'a b:c=d', start: '<x>' },
  });
  t.deepEqual(mediaTypeParameters('  application/DICOM  '), { type: 'application/dicom', params: {} });
  t.deepEqual(mediaTypeParameters(''), { type: '', params: {} });
  t.is(mediaTypeParameters('multipart/related; boundary=CaseKept').params.boundary, 'CaseKept');
});

test('parts, preamble and epilogue come out byte-exact whatever the chunk size', async (t) => {
  const parts = [
    { headers: ['Content-Type: application/dicom', 'Content-Location: a'], body: TRICKY_BODIES[0] },
    { headers: ['content-type:application/dicom+json  '], body: TRICKY_BODIES[1] },
    { headers: [], body: Buffer.alloc(0) },
    { headers: ['X-Empty:', 'no colon here', 'Content-ID: <3>'], body: TRICKY_BODIES[2] },
  ];
  const body = multipart(BOUNDARY, parts, 'This is the preamble.\r\n--not-it', 'and an epilogue\r\n');
  const expected = [
    { headers: { 'content-type': 'application/dicom', 'content-location': 'a' }, body: TRICKY_BODIES[0] },
    { headers: { 'content-type': 'application/dicom+json' }, body: TRICKY_BODIES[1] },
    { headers: {}, body: Buffer.alloc(0) },
    { headers: { 'x-empty': '', 'content-id': '<3>' }, body: TRICKY_BODIES[2] },
  ];
  for (let size = 1; size <= body.length; size++) {
    t.deepEqual(await readParts(chunked(body, size), BOUNDARY), expected, `chunks of ${size}`);
  }
});

test('a body that opens with its delimiter, with transport padding after it', async (t) => {
  const body = Buffer.from(`--${BOUNDARY}  \t\r\nContent-Type: application/dicom\r\n\r\nabc\r\n--${BOUNDARY}--`);
  for (const size of [1, 2, 7, body.length]) {
    t.deepEqual(await readParts(chunked(body, size), BOUNDARY), [{ headers: { 'content-type': 'application/dicom' }, body: Buffer.from('abc') }], `chunks of ${size}`);
  }
});

test('large random parts split at random points stay byte-exact', async (t) => {
  const random = seededRandom(11);
  const noise = (length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
  const parts = [noise(200_000), noise(3), noise(70_000)];
  const body = multipart(BOUNDARY, parts.map((part) => ({ headers: ['Content-Type: application/octet-stream'], body: part })));
  for (let round = 0; round < 5; round++) {
    const chunks: Buffer[] = [];
    for (let at = 0; at < body.length; ) {
      const size = 1 + Math.floor(random() * (random() < 0.5 ? 64 : 20_000));
      chunks.push(body.subarray(at, at + size));
      at += size;
    }
    const read = await readParts(Readable.from(chunks), BOUNDARY);
    t.deepEqual(read.map((part) => part.body), parts, `round ${round}`);
  }
});

test('a part larger than the part stream’s buffer reaches a slow reader whole', async (t) => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 5, 0xab);
  const body = multipart(BOUNDARY, [{ headers: [], body: big }, { headers: [], body: Buffer.from('after') }]);
  const bodies: Buffer[] = [];
  await readMultipartParts(chunked(body, 64 * 1024), BOUNDARY, async (part) => {
    const chunks: Buffer[] = [];
    for await (const chunk of part.body) {
      chunks.push(chunk as Buffer);
      await nextTurn();
    }
    bodies.push(Buffer.concat(chunks));
  });
  t.is(bodies.length, 2);
  t.true(bodies[0].equals(big));
  t.is(bodies[1].toString(), 'after');
});

test('a quoted boundary parameter, spaces and all, delimits the parts', async (t) => {
  const { params } = mediaTypeParameters('multipart/related; type="application/dicom"; boundary="gc0p4Jq0M2Yt08j34c0p: a"');
  const body = multipart(params.boundary, [{ headers: ['Content-Type: application/dicom'], body: Buffer.from('x') }]);
  t.deepEqual(await readParts(chunked(body, 5), params.boundary), [{ headers: { 'content-type': 'application/dicom' }, body: Buffer.from('x') }]);
});

test('bytes after the closing delimiter are not read', async (t) => {
  async function* body() {
    yield Buffer.from(`--${BOUNDARY}\r\n\r\nonly\r\n--${BOUNDARY}--\r\n`);
    throw new Error('the epilogue was read');
  }
  t.deepEqual(await readParts(Readable.from(body()), BOUNDARY), [{ headers: {}, body: Buffer.from('only') }]);
});

test('a body without its closing delimiter is INVALID_ARGUMENT, and the open part’s stream fails', async (t) => {
  const body = Buffer.from(`--${BOUNDARY}\r\n\r\nfirst\r\n--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\ncut short`);
  for (const size of [1, 4, body.length]) {
    const outcomes: string[] = [];
    const error = await t.throwsAsync(
      readMultipartParts(chunked(body, size), BOUNDARY, async (part) => {
        outcomes.push(await collect(part).then((read) => `read ${read.body.toString()}`, (failure: Error) => `failed: ${failure.message}`));
      }),
      { instanceOf: ApiError, message: 'the multipart body ends before its closing boundary' },
    );
    t.is(error?.code, 'INVALID_ARGUMENT');
    t.deepEqual(outcomes, ['read first', 'failed: the body ended inside a part'], `chunks of ${size}`);
  }
  await t.throwsAsync(readParts(chunked(Buffer.from(`--${BOUNDARY}\r\nContent-Type: app`), 3), BOUNDARY), {
    instanceOf: ApiError,
    message: 'the multipart body ends before its closing boundary',
  });
  await t.throwsAsync(readParts(chunked(Buffer.from(`--${BOUNDARY}`), 3), BOUNDARY), { instanceOf: ApiError, message: 'the multipart body ends before its closing boundary' });
});

test('a body with no delimiter at all, or another boundary, is INVALID_ARGUMENT naming the boundary', async (t) => {
  const other = multipart('other', [{ headers: [], body: Buffer.from('x') }]);
  for (const body of [Buffer.alloc(0), Buffer.from('just text'), other]) {
    const error = await t.throwsAsync(readParts(chunked(body, 2), BOUNDARY), { instanceOf: ApiError, message: `the body holds no part delimited by boundary "${BOUNDARY}"` });
    t.is(error?.code, 'INVALID_ARGUMENT');
  }
});

test('part headers past 16 KB are INVALID_ARGUMENT; 16 KB of them are read', async (t) => {
  const header = (length: number) => `X-Long: ${'a'.repeat(length - 8)}`;
  const tooLong = multipart(BOUNDARY, [{ headers: [header(17 * 1024)], body: Buffer.from('x') }]);
  for (const size of [1, 1000, 1024]) {
    const error = await t.throwsAsync(readParts(chunked(tooLong, size), BOUNDARY), { instanceOf: ApiError, message: 'a multipart part has more than 16 KB of headers' });
    t.is(error?.code, 'INVALID_ARGUMENT');
  }
  const fits = multipart(BOUNDARY, [{ headers: [header(15 * 1024)], body: Buffer.from('x') }]);
  const [part] = await readParts(chunked(fits, 1024), BOUNDARY);
  t.is(part.headers['x-long'].length, 15 * 1024 - 8);
});

test('part headers past 16 KB are refused in large chunks too', async (t) => {
  const seventeen = multipart(BOUNDARY, [{ headers: [`X-Long: ${'a'.repeat(17 * 1024 - 8)}`], body: Buffer.from('x') }]);
  await t.throwsAsync(readParts(chunked(seventeen, 4096), BOUNDARY), { instanceOf: ApiError, message: 'a multipart part has more than 16 KB of headers' });
  const hundred = multipart(BOUNDARY, [{ headers: [`X-Long: ${'a'.repeat(100 * 1024)}`], body: Buffer.from('x') }]);
  await t.throwsAsync(readParts(chunked(hundred, hundred.length), BOUNDARY), { instanceOf: ApiError, message: 'a multipart part has more than 16 KB of headers' });
});

test('a part handler’s failure ends the read with that failure, after the part', async (t) => {
  const body = multipart(BOUNDARY, [
    { headers: [], body: Buffer.alloc(3 * 1024 * 1024, 1) },
    { headers: [], body: Buffer.from('second') },
  ]);
  const seen: number[] = [];
  const failure = new ApiError('INVALID_ARGUMENT', 'not DICOM');
  await t.throwsAsync(
    readMultipartParts(chunked(body, 16 * 1024), BOUNDARY, async () => {
      seen.push(seen.length);
      throw failure;
    }),
    { is: failure },
  );
  t.deepEqual(seen, [0]);
});
