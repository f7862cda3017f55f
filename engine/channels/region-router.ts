import type { ChannelRuntime } from './channel-runtime.ts';
import type { Envelope } from './envelope.ts';
import type { ChannelReceiver } from './channel-receiver.ts';
import type { ReceivedMessage } from './received-message.ts';

export type { RouteConfig } from '../../config/channel-config.ts';

/** Where a message goes: a region, or nowhere (with the reason, for the journal and the NAK). */
export type RouteDecision = { region: string } | { unroutable: string };

/** Decides a message's region from its raw bytes, before anything of it is written. */
export type RouteMessage = (raw: Buffer) => RouteDecision;

/**
 * The front of a routing channel (DESIGN.md "A message's way through", step 2): each
 * message goes to the channel's runtime in the region its route picks, so its journal
 * row, store writes and audit rows are written there and nowhere else. A message no
 * region takes is journaled as ERROR in the quarantine region and answered AR.
 */
export class RegionRouter implements ChannelReceiver {
  constructor(
    readonly resource: string,
    private readonly route: RouteMessage,
    private readonly runtimes: ReadonlyMap<string, ChannelRuntime>,
    private readonly quarantine: string,
  ) {}

  receive(message: ReceivedMessage): Promise<Envelope> {
    const decision = this.route(message.raw);
    if ('region' in decision) return this.runtimeOf(decision.region).receive(message);
    return this.runtimeOf(this.quarantine).receive({ ...message, rejection: { kind: 'rejected', stage: 'route', text: decision.unroutable, code: 207 } });
  }

  connectionClosed(connectionId: string): void {
    for (const runtime of this.runtimes.values()) runtime.connectionClosed(connectionId);
  }

  private runtimeOf(region: string): ChannelRuntime {
    const runtime = this.runtimes.get(region);
    if (!runtime) throw new Error(`the channel ${this.resource} has no runtime in region ${region}`);
    return runtime;
  }
}
