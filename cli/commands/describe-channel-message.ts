/** A journal message as the API gives it (metadata). */
export interface ChannelMessageJson {
  name: string;
  status: string;
  receiveTime: string;
  messageType: string;
  controlId: string;
  error?: string;
  destinations: Array<{ destination: string; status: string; attempts: number }>;
}

/** One line per message: time, status, type, control id, id, each destination's status, and the error. */
export function describeChannelMessage(message: ChannelMessageJson): string {
  const id = message.name.split('/').pop();
  const destinations = message.destinations.map((d) => `${d.destination}:${d.status}`).join(',');
  const fields = [message.receiveTime, message.status.padEnd(11), message.messageType || '-', message.controlId || '-', id, destinations || '-'];
  return `${fields.join('  ')}${message.error ? `  ${message.error}` : ''}`;
}
