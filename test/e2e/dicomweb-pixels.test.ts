import test from 'ava';
import sharp from 'sharp';
import { multipartParts, newDicomStore, readFixture, stow } from '../helpers/dicom-fixtures.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';
import { readPart10Header } from '../../transforms/dicom/read-part10-header.ts';
import { pixelInfoOf } from '../../transforms/dicom/pixel-info.ts';
import { readFrames } from '../../transforms/dicom/read-frames.ts';

let engine: TestEngine;
test.before(async () => {
  engine = await startTestEngine();
});
test.after.always(async () => {
  await engine?.stop();
});

function instancePath(dicomWeb: string, file: string): string {
  const { dataset } = readPart10Header(readFixture(file), true);
  const uid = (tag: string) => dataset[tag].Value![0];
  return `${dicomWeb}/studies/${uid('0020000D')}/series/${uid('0020000E')}/instances/${uid('00080018')}`;
}

/** MR_small.dcm's native pixels: every lossless copy of it must decode to these. */
function referencePixels(): Buffer {
  const file = readFixture('MR_small.dcm');
  const header = readPart10Header(file, true);
  return readFrames(file, header.pixelDataOffset!, header.transferSyntaxUid, pixelInfoOf(header.dataset)!).frames[0];
}

for (const file of ['MR_small_RLE.dcm', 'MR_small_jpeg_ls_lossless.dcm', 'MR_small_expb.dcm', 'MR_small_implicit.dcm']) {
  test(`frames of ${file} decode to the same native pixels; the instance re-encodes to Explicit VR Little Endian`, async (t) => {
    const dicomWeb = await newDicomStore(engine);
    t.is((await stow(engine, dicomWeb, [readFixture(file)])).status, 200);
    const path = instancePath(dicomWeb, file);
    const frames = await engine.api(`${path}/frames/1`, { headers: { accept: 'multipart/related; type="application/octet-stream"' } });
    t.is(frames.status, 200);
    const [frame] = await multipartParts(frames);
    t.regex(frame.headers['content-type'], /^application\/octet-stream/);
    t.true(frame.body.equals(referencePixels()));

    const instance = await engine.api(path);
    const [part] = await multipartParts(instance);
    const header = readPart10Header(part.body, true);
    t.is(header.transferSyntaxUid, '1.2.840.10008.1.2.1');
    const native = readFrames(part.body, header.pixelDataOffset!, header.transferSyntaxUid, pixelInfoOf(header.dataset)!).frames[0];
    t.true(native.equals(referencePixels()));
  });
}

test('frames come as stored with transfer-syntax=* or their own media type; a missing frame is 404, a bad list 400', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  t.is((await stow(engine, dicomWeb, [readFixture('SC_rgb_rle_2frame.dcm'), readFixture('SC_rgb_dcmtk_+eb+cy+n1.dcm')])).status, 200);
  const rle = instancePath(dicomWeb, 'SC_rgb_rle_2frame.dcm');
  const stored = await engine.api(`${rle}/frames/2,1`, { headers: { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' } });
  const parts = await multipartParts(stored);
  t.is(parts.length, 2);
  t.regex(parts[0].headers['content-type'], /^image\/dicom-rle; transfer-syntax=1\.2\.840\.10008\.1\.2\.5/);
  const jpeg = instancePath(dicomWeb, 'SC_rgb_dcmtk_+eb+cy+n1.dcm');
  const asJpeg = await engine.api(`${jpeg}/frames/1`, { headers: { accept: 'multipart/related; type="image/jpeg"' } });
  const [jpegFrame] = await multipartParts(asJpeg);
  t.is(jpegFrame.body.readUInt16BE(0), 0xffd8, 'a JPEG stream');
  t.is((await engine.api(`${jpeg}/frames/1`, { headers: { accept: 'multipart/related; type="image/jp2"' } })).status, 406);
  t.is((await engine.api(`${rle}/frames/3`)).status, 404);
  t.is((await engine.api(`${rle}/frames/0,x`)).status, 400);
});

test('rendered gives JPEG and PNG of grayscale and color frames, with window from the request', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  t.is((await stow(engine, dicomWeb, [readFixture('CT_small.dcm'), readFixture('SC_rgb_jpeg_gdcm.dcm'), readFixture('JPEG2000.dcm')])).status, 200);
  const ct = instancePath(dicomWeb, 'CT_small.dcm');
  const jpeg = await engine.api(`${ct}/rendered`);
  t.is(jpeg.headers.get('content-type'), 'image/jpeg');
  const meta = await sharp(Buffer.from(await jpeg.arrayBuffer())).metadata();
  t.is(meta.width, 128);
  t.is(meta.channels, 1);
  const png = await engine.api(`${ct}/frames/1/rendered?window=40,400`, { headers: { accept: 'image/png' } });
  t.is(png.headers.get('content-type'), 'image/png');
  const narrow = await sharp(Buffer.from(await png.arrayBuffer())).raw().toBuffer();
  const wide = await sharp(Buffer.from(await (await engine.api(`${ct}/frames/1/rendered?window=40,4000`, { headers: { accept: 'image/png' } })).arrayBuffer())).raw().toBuffer();
  t.false(narrow.equals(wide), 'the window changes the image');
  const color = await engine.api(`${instancePath(dicomWeb, 'SC_rgb_jpeg_gdcm.dcm')}/rendered`, { headers: { accept: 'image/png' } });
  const { data, info } = await sharp(Buffer.from(await color.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
  t.is(info.channels, 3);
  t.deepEqual([...data.subarray(0, 3)], [255, 0, 0], 'the first pixel is red');
  t.is((await engine.api(`${instancePath(dicomWeb, 'JPEG2000.dcm')}/rendered`)).status, 200);
  t.is((await engine.api(`${ct}/rendered?window=40`)).status, 400);
  t.is((await engine.api(`${ct}/rendered`, { headers: { accept: 'image/gif' } })).status, 406);
});

test('bulkdata serves values /metadata left out', async (t) => {
  const dicomWeb = await newDicomStore(engine);
  t.is((await stow(engine, dicomWeb, [readFixture('waveform_ecg.dcm')])).status, 200);
  const path = instancePath(dicomWeb, 'waveform_ecg.dcm');
  const [metadata] = await (await engine.api(`${path}/metadata`)).json();
  const uri = JSON.stringify(metadata).match(/"BulkDataURI":"([^"]+)"/)![1];
  const res = await engine.api(new URL(uri).pathname);
  t.is(res.status, 200);
  const [part] = await multipartParts(res);
  const waveform = readPart10Header(readFixture('waveform_ecg.dcm'), true);
  t.true(part.body.length > 1024);
  t.truthy(waveform.dataset['54000100']);
  t.is((await engine.api(`${path}/bulkdata/00100010`)).status, 404);
});
