import type { StoreDestination } from '../../engine/channels/channel-destination.ts';
import type { Envelope } from '../../engine/channels/envelope.ts';
import { ApiError } from '../../engine/errors/api-error.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import { Hl7v2ParseError } from '../../transforms/hl7v2/hl7v2-parse-error.ts';
import { Hl7v2MessageStore } from './hl7v2-message-store.ts';
import type { Hl7v2StoreTarget } from './hl7v2-store-target.ts';
import { type Hl7v2StoreParserConfig, prepareHl7v2Message } from './prepare-hl7v2-message.ts';

/**
 * A channel's `store:` destination for an HL7v2 store: the message's current content lands
 * in the channel's commit transaction, parsed with the store's parser settings. The store
 * keeps one copy of byte-identical content, so a replay lands nothing new (or, with
 * `rejectDuplicateMessage`, is refused as a duplicate).
 */
export class Hl7v2StoreDestination implements StoreDestination {
  readonly permission = 'healthcare.hl7V2Messages.create';
  readonly service = 'hl7v2';
  private readonly messages: Hl7v2MessageStore;

  constructor(readonly name: string, private readonly target: Hl7v2StoreTarget) {
    this.messages = new Hl7v2MessageStore(target.region);
  }

  get resource(): string {
    return this.target.name;
  }

  async land(tx: SqlTx, envelope: Envelope): Promise<string> {
    const resolved = await this.target.resolve();
    // Not the message's fault: AR, so the sender retries once the store is back.
    if (!resolved) throw new Error(`the store ${this.target.name} does not exist`);
    let prepared;
    try {
      prepared = prepareHl7v2Message(envelope.content, (resolved.store.config.parserConfig ?? {}) as Hl7v2StoreParserConfig, resolved.timeZone);
    } catch (error) {
      if (!(error instanceof Hl7v2ParseError)) throw error;
      throw new ApiError('INVALID_ARGUMENT', `the store's parser refuses the message: ${error.message}`);
    }
    const { record } = await this.messages.store(tx, resolved.store, prepared, {}, null);
    return `${this.target.name}/messages/${record.messageId}`;
  }
}
