import type { RouteConfig, RouteDecision, RouteMessage } from '../../engine/channels/region-router.ts';
import { parseHl7v2Message } from '../hl7v2/parse-hl7v2-message.ts';

/**
 * A channel's `route`: the value of one field of the raw HL7v2 message (MSH-4, say) picks
 * the region; any other value goes to `otherwise`, or nowhere (quarantined).
 */
export function routeByField(route: RouteConfig): RouteMessage {
  return (raw: Buffer): RouteDecision => {
    let value: string;
    try {
      value = parseHl7v2Message(raw).get(route.by) ?? '';
    } catch (error) {
      return { unroutable: `the message cannot be parsed to read ${route.by}: ${(error as Error).message}` };
    }
    const region = Object.hasOwn(route.regions, value) ? route.regions[value] : route.otherwise;
    return region ? { region } : { unroutable: `${route.by} is ${JSON.stringify(value)}, which no region of this channel takes` };
  };
}
