/** A Pub/Sub topic name as stores' notificationConfigs name it. */
export const PUBSUB_TOPIC = /^projects\/([A-Za-z0-9_~+%-]+)\/topics\/([A-Za-z0-9_~+%-]+)$/;

/**
 * The NATS subject a Pub/Sub topic maps to: `projects/{p}/topics/{t}` is
 * `projects.{p}.topics.{t}`. The topic pattern leaves out `.`, `*`, `>` and spaces, which
 * NATS gives meaning in subjects, so every topic has one subject and no two share it.
 */
export function toNatsSubject(pubsubTopic: string): string {
  const match = PUBSUB_TOPIC.exec(pubsubTopic);
  if (!match) throw new Error(`'${pubsubTopic}' is not a Pub/Sub topic name projects/{project}/topics/{topic}`);
  return `projects.${match[1]}.topics.${match[2]}`;
}
