import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ChannelReceiver } from '../../engine/channels/channel-receiver.ts';
import type { ChannelSource } from '../../engine/channels/channel-source.ts';
import type { Logger } from '../../engine/logger.ts';

export interface DirectorySourceOptions {
  /** The watched folder, absolute; `done/` and `error/` are made inside it. */
  path: string;
  /** How often the folder is scanned besides file-system events, ms. */
  pollIntervalMs: number;
  /** A file is taken only once it is this old, ms, so a file still being written is left alone. */
  minAgeMs: number;
  /** Largest file taken; a larger one goes to `error/` unread. */
  maxFileBytes: number;
  contentType: string;
}

/**
 * A channel's `source: directory`: each file dropped in the folder is one message, taken
 * in name order. Once the channel has committed it, the file moves to `done/`; a message
 * in ERROR (its raw bytes kept in the journal) moves it to `error/`; a system failure
 * leaves it where it is, to be taken again on the next scan.
 */
export class DirectorySource implements ChannelSource {
  readonly type = 'directory';
  private readonly logger: Logger;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private rescan = false;
  private stopped = false;

  constructor(private readonly options: DirectorySourceOptions, private readonly runtime: ChannelReceiver, logger: Logger) {
    this.logger = logger.child({ channel: runtime.resource, directory: options.path });
  }

  describe(): string {
    return this.options.path;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await mkdir(join(this.options.path, 'done'), { recursive: true });
    await mkdir(join(this.options.path, 'error'), { recursive: true });
    this.watcher = watch(this.options.path, () => this.scanSoon());
    this.watcher.on('error', (error) => this.logger.warn({ err: error }, 'directory watch failed; polling continues'));
    this.timer = setInterval(() => this.scanSoon(), this.options.pollIntervalMs);
    this.timer.unref();
    this.scanSoon();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.scanning;
  }

  private scanSoon(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan().finally(() => {
      this.scanning = null;
      if (this.rescan && !this.stopped) {
        this.rescan = false;
        this.scanSoon();
      }
    });
  }

  private async scan(): Promise<void> {
    try {
      const entries = await readdir(this.options.path, { withFileTypes: true });
      const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
      for (const name of names) {
        if (this.stopped) return;
        await this.take(join(this.options.path, name));
      }
    } catch (error) {
      this.logger.error({ err: error }, 'the directory could not be scanned');
    }
  }

  private async take(file: string): Promise<void> {
    const info = await stat(file).catch(() => null);
    if (!info || Date.now() - info.mtimeMs < this.options.minAgeMs) {
      if (info) setTimeout(() => this.scanSoon(), this.options.minAgeMs).unref();
      return;
    }
    if (info.size > this.options.maxFileBytes) {
      this.logger.warn({ file: basename(file), size: info.size, maxFileBytes: this.options.maxFileBytes }, 'file too large; moved to error/ unread');
      return this.move(file, 'error', null);
    }
    const raw = await readFile(file);
    const envelope = await this.runtime.receive({
      raw,
      contentType: this.options.contentType,
      origin: { connectionId: `directory:${this.options.path}`, peer: file, principal: `directory:${this.options.path}`, method: 'file drop' },
    });
    if (envelope.error?.kind === 'system') {
      this.logger.warn({ file: basename(file), messageId: envelope.messageId }, 'the message could not be committed; the file stays and is taken again');
      return;
    }
    await this.move(file, envelope.status === 'ERROR' ? 'error' : 'done', envelope.messageId);
  }

  /** Into `done/` or `error/`, keeping the name unless one of that name is already there. */
  private async move(file: string, folder: 'done' | 'error', messageId: string | null): Promise<void> {
    const target = join(this.options.path, folder, basename(file));
    const taken = await stat(target).then(() => true, () => false);
    await rename(file, taken ? `${target}.${messageId ?? Date.now()}` : target);
  }
}
