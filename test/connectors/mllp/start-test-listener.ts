import type { ExecutionContext } from 'ava';
import { MllpListener, type MllpListenerOptions } from '../../../connectors/mllp/mllp-listener.ts';
import { captureLogger, type CapturedLogger } from './capture-logger.ts';
import { buildTestAck } from './test-hl7-messages.ts';

export interface TestListener {
  listener: MllpListener;
  port: number;
  log: CapturedLogger;
}

/** A listener on a free loopback port answering AA (AR for oversized frames), stopped after the test. */
export async function startTestListener(t: ExecutionContext, overrides: Partial<MllpListenerOptions> = {}): Promise<TestListener> {
  const log = captureLogger();
  const listener = new MllpListener({
    host: '127.0.0.1',
    port: 0,
    maxConnections: 10,
    idleTimeoutMs: 30_000,
    maxFrameBytes: 1024 * 1024,
    stopTimeoutMs: 2_000,
    handleMessage: async (frame) => buildTestAck(frame),
    answerOversized: (head) => buildTestAck(head, 'AR'),
    logger: log.logger,
    ...overrides,
  });
  const { port } = await listener.start();
  t.teardown(() => listener.stop());
  return { listener, port, log };
}
