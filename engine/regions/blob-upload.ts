import { createHash, randomBytes, type Hash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';

export interface FinishedUpload {
  /** The temp file, complete and fsynced. */
  path: string;
  sha256: string;
  size: number;
  /** The first bytes (up to 64 KB), so a reader of the header need not open the file again. */
  head: Buffer;
}

const HEAD_BYTES = 64 * 1024;

/** Folders this process has made or found: a blob store's folders are never removed while it runs. */
const madeFolders = new Set<string>();

/**
 * mkdir -p, once per folder per process (it costs a system call on the thread pool per blob
 * otherwise). With `durable`, each folder it makes is fsynced into its parent, so that a
 * blob renamed into a new content-address folder survives a crash with its folder: an
 * fsync of the blob's own folder does not make that folder's name durable.
 */
export async function ensureFolder(folder: string, options: { durable?: boolean } = {}): Promise<void> {
  if (madeFolders.has(folder)) return;
  const first = await mkdir(folder, { recursive: true });
  if (first !== undefined && options.durable) {
    // `first` is the topmost folder mkdir made: each made folder's parent gets its name.
    for (let made = folder; made !== dirname(made); made = dirname(made)) {
      await syncFolder(dirname(made));
      if (made === first) break;
    }
  }
  madeFolders.add(folder);
}

/** fsync a folder: the names in it (a renamed file, a new folder) are on disk. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A blob being received: bytes are written to a temp file as they come and hashed on the
 * way, so an instance of any size passes through with one chunk in memory. `finish`
 * fsyncs; `BlobStore.commitUpload` then renames it to its content address; `discard`
 * removes it.
 */
export class BlobUpload extends Writable {
  readonly path: string;
  private readonly hash: Hash = createHash('sha256');
  private handle: FileHandle | null = null;
  private size = 0;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private limitError: Error | null = null;

  constructor(
    root: string,
    private readonly limit = Infinity,
  ) {
    super({ highWaterMark: 1 << 20 });
    this.path = join(root, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}.upload`);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeChunks([chunk]).then(() => callback(), callback);
  }

  /** Chunks that arrived while the last write ran go to the file in one writev. */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    this.writeChunks(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }

  private async writeChunks(chunks: Buffer[]): Promise<void> {
    for (const chunk of chunks) {
      this.size += chunk.length;
      if (this.size > this.limit) throw (this.limitError = new Error(`the blob exceeds the limit of ${this.limit} bytes`));
      this.hash.update(chunk);
      if (this.headLength < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - this.headLength);
        this.headChunks.push(Buffer.from(part));
        this.headLength += part.length;
      }
    }
    if (!this.handle) {
      await ensureFolder(dirname(this.path));
      this.handle = await open(this.path, 'wx');
    }
    await this.handle.writev(chunks);
  }

  /** Whether the upload failed because it grew past its limit. */
  get overLimit(): boolean {
    return this.limitError !== null;
  }

  /** Close the stream (if still open) and make the temp file durable. */
  async finish(): Promise<FinishedUpload> {
    if (!this.writableFinished) await new Promise<void>((resolve, reject) => this.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (!this.handle) {
      await ensureFolder(dirname(this.path));
      this.handle = await open(this.path, 'wx');
    }
    await this.handle.datasync();
    await this.handle.close();
    this.handle = null;
    return { path: this.path, sha256: this.hash.digest('hex'), size: this.size, head: Buffer.concat(this.headChunks, this.headLength) };
  }

  async discard(): Promise<void> {
    if (!this.destroyed && !this.writableFinished) this.destroy();
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
    await rm(this.path, { force: true });
  }

  /** Move the finished temp file to `target` and fsync the folder, so a crash leaves it whole or absent. */
  static async moveInto(path: string, target: string): Promise<void> {
    await ensureFolder(dirname(target), { durable: true });
    await rename(path, target);
    await syncFolder(dirname(target));
  }
}
