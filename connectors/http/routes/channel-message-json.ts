import type { ChannelMessageContent } from '../../../engine/journal/read-channel-message-content.ts';
import type { ChannelDeliverySummary, ChannelMessageRecord } from '../../../engine/journal/channel-message-record.ts';

/**
 * A journal message as the API shows it: metadata always; with `content` (view FULL, its
 * own permission) also the raw bytes, each stage's output and each destination's answer
 * and content, bytes in base64. Absent values are left out, as Google's JSON does.
 */
export function toChannelMessageJson(channelName: string, record: ChannelMessageRecord, content?: ChannelMessageContent): Record<string, unknown> {
  return {
    name: `${channelName}/messages/${record.messageId}`,
    status: record.status,
    receiveTime: record.receivedTime,
    contentType: record.contentType,
    messageType: record.messageType,
    controlId: record.controlId,
    peer: record.peer,
    ...(record.error !== null ? { error: record.error } : {}),
    ...(record.filteredBy !== null ? { filteredBy: record.filteredBy } : {}),
    rawSize: record.rawSize,
    rawKept: record.rawKept,
    ...(record.reprocessOf !== null ? { reprocessOf: `${channelName}/messages/${record.reprocessOf}` } : {}),
    destinations: record.deliveries.map((delivery) => toDeliveryJson(delivery, content)),
    ...(content ? toContentJson(content) : {}),
  };
}

function toDeliveryJson(delivery: ChannelDeliverySummary, content: ChannelMessageContent | undefined): Record<string, unknown> {
  const kept = content?.deliveries.find((d) => d.destination === delivery.destination);
  return {
    destination: delivery.destination,
    status: delivery.status,
    attempts: delivery.attempts,
    ...(delivery.error !== null ? { error: delivery.error } : {}),
    ...(kept?.response != null ? { response: kept.response } : {}),
    ...(kept?.content != null ? { content: kept.content.toString('base64') } : {}),
  };
}

function toContentJson(content: ChannelMessageContent): Record<string, unknown> {
  return {
    ...(content.raw !== null ? { raw: content.raw.toString('base64') } : {}),
    outputs: content.outputs.map((output) => ({ stage: output.stage, content: output.content.toString('base64') })),
  };
}
