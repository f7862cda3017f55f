import { readFileSync } from 'node:fs';
import type { MllpDestinationConfig } from '../../config/channel-config.ts';
import type { ForwardDestination, ForwardResult } from '../../engine/channels/forward-destination.ts';
import type { Logger } from '../../engine/logger.ts';
import type { MllpSenderTls } from './mllp-client-connection.ts';
import { MllpSender } from './mllp-sender.ts';

/** The ACK kept in the journal is cut here: enough for MSA and ERR, never a whole echoed message. */
const MAX_RESPONSE_CHARS = 2000;

/**
 * A channel's `mllp:` destination: one connection to the peer, one message at a time.
 * AA/CA is sent; AR/CR, a timeout or a dropped connection is tried again (the journal's
 * backoff decides when); AE/CE means the peer refuses the content: dead-lettered at once.
 */
export class MllpForwardDestination implements ForwardDestination {
  private readonly sender: MllpSender;

  constructor(readonly name: string, config: MllpDestinationConfig, logger: Logger) {
    this.sender = new MllpSender({
      host: config.host,
      port: config.port,
      ...(config.tls ? { tls: senderTls(config.tls) } : {}),
      ackTimeoutMs: config.ackTimeoutMs,
      // The journal spaces attempts out; the sender must not add a second delay of its own.
      backoff: { initialMs: 0, maxMs: 0 },
      logger,
    });
  }

  async send(content: Buffer): Promise<ForwardResult> {
    const result = await this.sender.send(content);
    const response = result.ack ? result.ack.toString('latin1').slice(0, MAX_RESPONSE_CHARS) : null;
    switch (result.outcome) {
      case 'AA':
      case 'CA':
        return { ok: true, response: response ?? '' };
      case 'AE':
      case 'CE':
        return { ok: false, retry: false, reason: `the peer answered ${result.outcome}: it refuses the message`, response };
      case 'AR':
      case 'CR':
        return { ok: false, retry: true, reason: `the peer answered ${result.outcome}`, response };
      default:
        return { ok: false, retry: true, reason: result.reason ?? result.outcome, response };
    }
  }

  close(): Promise<void> {
    return this.sender.close();
  }
}

function senderTls(tls: NonNullable<MllpDestinationConfig['tls']>): MllpSenderTls {
  return {
    ...(tls.ca ? { ca: readFileSync(tls.ca) } : {}),
    ...(tls.cert ? { cert: readFileSync(tls.cert) } : {}),
    ...(tls.key ? { key: readFileSync(tls.key) } : {}),
  };
}
