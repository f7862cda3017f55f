import { readMessageControlId } from '../../../connectors/mllp/read-ack-fields.ts';

/** Small HL7v2 messages and ACKs built by hand: these tests must not depend on the parser. */

export function buildTestMessage(controlId: string, body = 'PID|1||12345^^^HOSP^MR||DOE^JANE'): Buffer {
  return Buffer.from(`MSH|^~\\&|SENDER|SFAC|RECEIVER|RFAC|20240101120000||ADT^A01^ADT_A01|${controlId}|P|2.5\r${body}\r`, 'latin1');
}

export function readControlId(message: Buffer): string {
  return readMessageControlId(message) ?? '';
}

export function buildTestAck(message: Buffer, code = 'AA'): Buffer {
  const controlId = readControlId(message);
  return Buffer.from(`MSH|^~\\&|RECEIVER|RFAC|SENDER|SFAC|20240101120001||ACK^A01^ACK|ACK${controlId}|P|2.5\rMSA|${code}|${controlId}\r`, 'latin1');
}
