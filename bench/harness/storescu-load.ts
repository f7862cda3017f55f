import { spawn } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface CStoreLoadOptions {
  host: string;
  port: number;
  calledAeTitle: string;
  /** Part-10 files in one folder, sent in this order on one association. */
  files: string[];
}

export interface CStoreLoadResult {
  instancesPerSec: number;
  /** Store request sent to response read, as storescu logs them. */
  p50Ms: number;
  p99Ms: number;
  stored: number;
  /** Responses other than Success, and files storescu could not send. */
  failed: number;
  seconds: number;
}

/**
 * dcmtk's storescu sends every file on one association (Explicit VR Little Endian
 * proposed, TCP_NODELAY=1). The clock runs from "Association Accepted" to "Releasing
 * Association" in its verbose log, so reading the files' headers before the association,
 * and process start, are not counted.
 */
export async function runStorescu(options: CStoreLoadOptions): Promise<CStoreLoadResult> {
  const args = ['-v', '-aet', 'BENCHSCU', '-aec', options.calledAeTitle, '--required', '-xe', options.host, String(options.port), ...options.files.map((f) => basename(f))];
  const child = spawn('storescu', args, { cwd: dirname(options.files[0]), env: { ...process.env, TCP_NODELAY: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let started = 0;
  let ended = 0;
  let sentAt = 0;
  let stored = 0;
  let failed = 0;
  const latencies: number[] = [];
  const tail: string[] = [];
  const onLine = (line: string) => {
    const now = performance.now();
    tail.push(line);
    if (tail.length > 20) tail.shift();
    if (line.includes('Association Accepted')) started = now;
    else if (line.includes('Sending Store Request')) sentAt = now;
    else if (line.includes('Received Store Response')) {
      latencies.push(now - sentAt);
      if (line.includes('(Success)')) stored++;
      else failed++;
    } else if (/Releasing Association|Aborting Association/.test(line)) ended = now;
    else if (/^E: .*(Store Failed|cannot send)/i.test(line)) failed++;
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (started === 0 || ended === 0) throw new Error(`storescu to ${options.calledAeTitle}@${options.host}:${options.port} exited with ${code}:\n${tail.join('\n')}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length === 0 ? 0 : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 100) / 100);
  const seconds = (ended - started) / 1000;
  return { instancesPerSec: stored / seconds, p50Ms: at(0.5), p99Ms: at(0.99), stored, failed: failed + (options.files.length - stored - failed), seconds };
}
