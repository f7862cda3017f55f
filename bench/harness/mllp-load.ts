import { MllpSender } from '../../connectors/mllp/mllp-sender.ts';
import { createLogger } from '../../engine/logger.ts';

export interface MllpLoadOptions {
  host: string;
  port: number;
  connections: number;
  durationSec: number;
  /** The next message to send, on any connection; each must differ (stores drop byte-identical twins). */
  message: () => Buffer;
}

export interface MllpLoadResult {
  messagesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Answers other than AA/CA, and transport failures. */
  errors: number;
}

/**
 * Each connection sends a message, waits for its ACK, and sends the next, as an
 * interface engine's sender does; latency is send-to-ACK per message.
 */
export async function runMllpLoad(options: MllpLoadOptions): Promise<MllpLoadResult> {
  const logger = createLogger('warn');
  const senders = Array.from({ length: options.connections }, () => new MllpSender({ host: options.host, port: options.port, ackTimeoutMs: 30_000, logger }));
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.durationSec * 1000;
  const started = performance.now();
  await Promise.all(senders.map(async (sender) => {
    while (performance.now() < deadline) {
      const message = options.message();
      const t0 = performance.now();
      const result = await sender.send(message);
      latencies.push(performance.now() - t0);
      if (result.outcome !== 'AA' && result.outcome !== 'CA') errors++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(senders.map((s) => s.close()));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] * 100) / 100;
  return { messagesPerSec: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99), total: latencies.length, errors };
}
