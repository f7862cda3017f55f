import { createHash } from 'node:crypto';
import { parseHl7v2DateTime } from '../../transforms/hl7v2/hl7v2-date-time.ts';
import type { Hl7v2Message } from '../../transforms/hl7v2/hl7v2-message.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';

export interface Hl7v2PatientId {
  value: string;
  type: string;
}

/** What a store keeps of a message beside its bytes: the fields its list filter indexes. */
export interface PreparedHl7v2Message {
  data: Buffer;
  message: Hl7v2Message;
  contentSha256: string;
  messageType: string;
  /** UTC ISO 8601 with milliseconds, or ''. */
  sendTime: string;
  /** YYYY-MM-DD in the dataset's time zone, or ''. */
  sendDate: string;
  sendFacility: string;
  patientIds: Hl7v2PatientId[];
}

export interface Hl7v2StoreParserConfig {
  /** base64, as Google's parserConfig.segmentTerminator. */
  segmentTerminator?: string;
  allowNullHeader?: boolean;
}

/** A stand-in header to parse a message sent without MSH, when the store allows that. */
const NULL_HEADER = Buffer.from('MSH|^~\\&\r');

/** Parse with the store's parser settings and extract the indexed fields. Throws Hl7v2ParseError. */
export function prepareHl7v2Message(data: Buffer, parser: Hl7v2StoreParserConfig, timeZone: string): PreparedHl7v2Message {
  const message = parseWithStoreConfig(data, parser);
  const sent = parseHl7v2DateTime(message.dateTime ?? '');
  return {
    data,
    message,
    contentSha256: createHash('sha256').update(data).digest('hex'),
    messageType: message.messageCode ?? '',
    sendTime: sent ? sent.toISOString() : '',
    sendDate: sent ? dateIn(sent, timeZone) : '',
    sendFacility: message.sendingFacility ?? '',
    patientIds: patientIdsOf(message),
  };
}

/** Parse as the store's parserConfig says (segment terminator, messages without MSH). */
export function parseWithStoreConfig(data: Buffer, parser: Hl7v2StoreParserConfig): Hl7v2Message {
  const segmentTerminator = parser.segmentTerminator ? Buffer.from(parser.segmentTerminator, 'base64') : undefined;
  const headerless = parser.allowNullHeader === true && !/^(\uFEFF)?\s*MSH/.test(data.subarray(0, 16).toString('latin1'));
  return parseHl7v2Message(headerless ? Buffer.concat([NULL_HEADER, data]) : data, { segmentTerminator });
}

/** PID-2, PID-3 and PID-4 identifiers (CX.1 with its type code CX.5), as Google's patientIds. */
function patientIdsOf(message: Hl7v2Message): Hl7v2PatientId[] {
  const ids: Hl7v2PatientId[] = [];
  for (const field of [2, 3, 4]) {
    const values = message.getAll(`PID-${field}.1`);
    const types = message.getAll(`PID-${field}.5`);
    values.forEach((value, i) => {
      if (value !== '') ids.push({ value, type: types[i] ?? '' });
    });
  }
  return ids;
}

/** Per time zone: its formatter, and the date of the last quarter hour asked about. */
const zones = new Map<string, { format: Intl.DateTimeFormat; quarter: number; date: string }>();
const QUARTER_HOUR_MS = 15 * 60 * 1000;

/**
 * The calendar date of `time` in `timeZone`. Formatting with Intl costs microseconds per
 * message, and a feed's messages are sent minutes apart: the answer is kept per quarter
 * hour (zone offsets and their changes fall on quarter hours), when both of its ends agree.
 */
function dateIn(time: Date, timeZone: string): string {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), quarter: Number.NaN, date: '' };
    zones.set(timeZone, zone);
  }
  const quarter = Math.floor(time.getTime() / QUARTER_HOUR_MS);
  if (quarter === zone.quarter) return zone.date;
  const date = zone.format.format(time);
  const start = zone.format.format(quarter * QUARTER_HOUR_MS);
  const end = zone.format.format((quarter + 1) * QUARTER_HOUR_MS - 1);
  if (start === end) {
    zone.quarter = quarter;
    zone.date = date;
  }
  return date;
}
