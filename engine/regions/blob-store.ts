import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BlobUpload, ensureFolder, type FinishedUpload, syncFolder } from './blob-upload.ts';

/**
 * A region's content-addressed blob store: a blob is named by its SHA-256 and written to a
 * temp name, fsynced, renamed, and its folder fsynced, so a crash leaves it whole or
 * absent. Writing the same bytes twice keeps one file.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  /** Store `bytes`; resolves with their SHA-256 (hex) once they are durable. */
  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    await ensureFolder(dirname(path), { durable: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(bytes);
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    await syncFolder(dirname(path));
    return sha256;
  }

  /** Receive a blob as a stream (a DICOM instance of any size); see BlobUpload. */
  startUpload(limit?: number): BlobUpload {
    return new BlobUpload(this.root, limit);
  }

  /** Give a finished upload its content address. Bytes already there are the same bytes, so the upload is dropped. */
  async commitUpload(upload: FinishedUpload): Promise<void> {
    const path = this.pathOf(upload.sha256);
    if (await this.exists(upload.sha256)) {
      await rm(upload.path, { force: true });
      return;
    }
    await BlobUpload.moveInto(upload.path, path);
  }

  /** Remove an upload that will not be kept. */
  async discard(upload: FinishedUpload): Promise<void> {
    await rm(upload.path, { force: true });
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  /** The blob's bytes as a stream, `start` and `end` inclusive when given. */
  openRead(sha256: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.pathOf(sha256), range);
  }

  /** Where the blob lives on disk, for readers that read parts of it. */
  filePath(sha256: string): string {
    return this.pathOf(sha256);
  }

  get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  /** Remove a blob once nothing refers to it any more. */
  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a blob name: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
