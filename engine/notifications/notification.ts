/**
 * A change to a store, announced to subscribers in the shape of Google Cloud Healthcare
 * API's Pub/Sub notifications: the resource's name (Pub/Sub's `data`) and attributes
 * (`msgType` for an HL7v2 message). It carries names and types only, never content, so it
 * may pass through logs, queues and webhooks that are not cleared for health data.
 */
export interface Notification {
  /** The resource the change is about, such as `projects/p/.../hl7V2Stores/s/messages/ID`. */
  name: string;
  attributes: Record<string, string>;
  /** RFC 3339 UTC: when the change was written. */
  publishTime: string;
}
