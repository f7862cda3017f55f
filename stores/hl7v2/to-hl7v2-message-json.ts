import { Hl7v2ParseError } from '../../transforms/hl7v2/hl7v2-parse-error.ts';
import { toGoogleParsedData } from '../../transforms/hl7v2/to-google-parsed-data.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { storeName } from '../datasets/resource-names.ts';
import type { Hl7v2MessageRecord } from './hl7v2-message-record.ts';
import { type Hl7v2StoreParserConfig, parseWithStoreConfig } from './prepare-hl7v2-message.ts';

/** Google's MessageView: which fields of a Message a response carries. */
export const MESSAGE_VIEWS = ['MESSAGE_VIEW_UNSPECIFIED', 'RAW_ONLY', 'PARSED_ONLY', 'FULL', 'BASIC', 'SCHEMATIZED_ONLY'] as const;
export type MessageView = (typeof MESSAGE_VIEWS)[number];

export function hl7v2MessageName(store: StoreRecord, messageId: string): string {
  return `${storeName(store.project, store.location, store.datasetId, 'hl7v2', store.storeId)}/messages/${messageId}`;
}

/** The Message resource in Google's JSON form, with the fields the view asks for. */
export function toHl7v2MessageJson(store: StoreRecord, record: Hl7v2MessageRecord, view: Exclude<MessageView, 'MESSAGE_VIEW_UNSPECIFIED'>): Record<string, unknown> {
  const json: Record<string, unknown> = { name: hl7v2MessageName(store, record.messageId) };
  if (view === 'BASIC') return json;
  if (view !== 'PARSED_ONLY') json.data = record.data.toString('base64');
  json.createTime = record.createTime;
  if (record.sendFacility) json.sendFacility = record.sendFacility;
  if (record.sendTime) json.sendTime = record.sendTime;
  if (record.messageType) json.messageType = record.messageType;
  if (record.patientIds.length > 0) json.patientIds = record.patientIds;
  if (Object.keys(record.labels).length > 0) json.labels = record.labels;
  if (view === 'FULL' || view === 'PARSED_ONLY') {
    const parsedData = parsedDataOf(store, record);
    if (parsedData) json.parsedData = parsedData;
  }
  return json;
}

/**
 * Parsed on demand: building parsedData costs more than parsing, and most reads never want
 * it. A store's parserConfig can be patched after a message was stored; a message the new
 * settings cannot parse is served without parsedData rather than failing the read.
 */
function parsedDataOf(store: StoreRecord, record: Hl7v2MessageRecord): unknown {
  try {
    return toGoogleParsedData(parseWithStoreConfig(record.data, (store.config.parserConfig ?? {}) as Hl7v2StoreParserConfig));
  } catch (error) {
    if (error instanceof Hl7v2ParseError) return undefined;
    throw error;
  }
}
