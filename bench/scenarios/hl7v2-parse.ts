import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { toGoogleParsedData } from '../../transforms/hl7v2/to-google-parsed-data.ts';

export interface ScenarioOptions {
  durationSec: number;
  concurrency: number;
}

interface Measurement {
  name: string;
  messagesPerSec: number;
  p50Us: number;
  p99Us: number;
  peakRssMb: number;
}

const FIXTURES = join(import.meta.dirname, '../../../shared/fixtures/hl7v2');
const FIELDS = ['MSH-9.1', 'MSH-10', 'PID-3.1', 'PID-5.1', 'PV1-3.1'];
let sink = 0;

/** The least any parser must do: decode the bytes and split at segment and field delimiters. */
function splitOnly(bytes: Buffer): void {
  for (const segment of bytes.toString('latin1').split(/\r\n|\r|\n/)) sink += segment.split('|').length;
}

/** What the issue measures: parse, read five fields, serialize. */
function parseReadSerialize(bytes: Buffer): void {
  const message = parseHl7v2Message(bytes);
  for (const path of FIELDS) sink += message.get(path)?.length ?? 0;
  sink += message.toBuffer().length;
}

/** What a store does on ingest: parse, Google's parsedData of every segment, serialize. */
function parseToGoogleParsedData(bytes: Buffer): void {
  const message = parseHl7v2Message(bytes);
  sink += toGoogleParsedData(message).segments.length + message.toBuffer().length;
}

function measure(name: string, messages: Buffer[], durationSec: number, work: (bytes: Buffer) => void): Measurement {
  const latencies: number[] = [];
  let peakRss = process.memoryUsage.rss();
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(durationSec * 1e9));
  let now = started;
  while (now < deadline) {
    for (const bytes of messages) {
      const before = process.hrtime.bigint();
      work(bytes);
      now = process.hrtime.bigint();
      latencies.push(Number(now - before) / 1000);
    }
    if (latencies.length % 4096 < messages.length) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const elapsedSec = Number(now - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 10) / 10;
  return { name, messagesPerSec: latencies.length / elapsedSec, p50Us: at(0.5), p99Us: at(0.99), peakRssMb: Math.round(peakRss / 1048576) };
}

/**
 * Parse + read 5 fields + serialize over the ADT fixtures, in process on one thread
 * (parsing is synchronous; --concurrency does not apply), beside a bare decode-and-split
 * ceiling measured in the same run. Goal: well over 50,000 messages/s.
 */
export async function hl7v2ParseScenario(options: ScenarioOptions): Promise<void> {
  const messages = readdirSync(FIXTURES).filter((file) => file.startsWith('ADT')).sort().map((file) => readFileSync(join(FIXTURES, file)));
  const averageBytes = Math.round(messages.reduce((sum, bytes) => sum + bytes.length, 0) / messages.length);
  for (const work of [splitOnly, parseReadSerialize, parseToGoogleParsedData]) measure('warm-up', messages, 0.5, work);
  const ceiling = measure('Buffer.toString + split segments and fields (ceiling)', messages, options.durationSec, splitOnly);
  const subjects = [
    measure('parse + get 5 fields + serialize', messages, options.durationSec, parseReadSerialize),
    measure('parse + toGoogleParsedData + serialize', messages, options.durationSec, parseToGoogleParsedData),
  ];
  console.log(`\nHL7v2 parse, ${messages.length} ADT fixtures (${averageBytes} bytes on average), ${options.durationSec} s each, one thread`);
  console.table([ceiling, ...subjects].map((m) => ({
    scenario: m.name,
    'messages/s': Math.round(m.messagesPerSec),
    'p50 µs': m.p50Us,
    'p99 µs': m.p99Us,
    'peak RSS MB': m.peakRssMb,
    'ratio to ceiling': m === ceiling ? '1.00 (ceiling)' : (m.messagesPerSec / ceiling.messagesPerSec).toFixed(2),
    goal: m === subjects[0] ? '>= 50000' : '',
  })));
  if (sink === -1) console.log('unreachable');
}
