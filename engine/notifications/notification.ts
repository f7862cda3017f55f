/**
 * A change to a store, announced to subscribers in the shape of Google Cloud Healthcare
 * API's Pub/Sub notifications: the resource's name (Pub/Sub's `data`) and attributes
 * (`msgType` for an HL7v2 message). It carries names and types only, so it may pass
 * through logs, queues and webhooks that are not cleared for health data; the one
 * exception is `resource`, present only when a FHIR store's owner asks for it
 * (`sendFullResource`).
 */
export interface Notification {
  /** The resource the change is about, such as `projects/p/.../hl7V2Stores/s/messages/ID`. */
  name: string;
  attributes: Record<string, string>;
  /** RFC 3339 UTC: when the change was written. */
  publishTime: string;
  /** The resource's JSON, for a FHIR notificationConfig with `sendFullResource` (or `sendPreviousResourceOnDelete`). */
  resource?: unknown;
}
