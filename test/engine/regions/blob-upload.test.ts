import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { BlobStore } from '../../../engine/regions/blob-store.ts';

const root = () => mkdtempSync(join(tmpdir(), 'plexus-blobs-'));

test('an upload is hashed as it is written, keeps its head, and lands at its content address', async (t) => {
  const blobs = new BlobStore(root());
  const upload = blobs.startUpload();
  const bytes = Buffer.alloc(200_000, 3);
  upload.write(bytes.subarray(0, 70_000));
  upload.write(bytes.subarray(70_000));
  const finished = await upload.finish();
  t.is(finished.sha256, createHash('sha256').update(bytes).digest('hex'));
  t.is(finished.size, bytes.length);
  t.true(finished.head.equals(bytes.subarray(0, 64 * 1024)));
  await blobs.commitUpload(finished);
  t.true(readFileSync(blobs.filePath(finished.sha256)).equals(bytes));
  t.false(existsSync(finished.path));
});

test('an upload past its limit fails, says so, and leaves nothing once discarded', async (t) => {
  const blobs = new BlobStore(root());
  const upload = blobs.startUpload(10);
  upload.on('error', () => undefined);
  upload.write(Buffer.alloc(8));
  upload.write(Buffer.alloc(8));
  await t.throwsAsync(upload.finish(), { message: /exceeds the limit of 10 bytes/ });
  t.true(upload.overLimit);
  await upload.discard();
  t.false(existsSync(upload.path));
});
