import test from 'ava';
import { buildAckForUnparseable } from '../../../transforms/hl7v2/build-ack-for-unparseable.ts';
import { Hl7v2ParseError } from '../../../transforms/hl7v2/hl7v2-parse-error.ts';
import { parseHl7v2Message } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';

const now = new Date('2024-05-06T07:08:09.012Z');

function parseError(input: string): Hl7v2ParseError {
  try {
    parseHl7v2Message(input);
  } catch (error) {
    if (error instanceof Hl7v2ParseError) return error;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(input)}`);
}

test('what of the MSH could be read is echoed, and the error is explained per version', (t) => {
  const input = 'MSH|^~\\&|SAPP|SFAC|RAPP|RFAC|2024||ADT^A01^ADT_A01|C-77|P|2.6||||||ISO IR87\rPID|1\r';
  const ack = buildAckForUnparseable(Buffer.from(input), parseError(input), { now, controlId: 'N1' });
  t.is(ack.toString(), 'MSH|^~\\&|RAPP|RFAC|SAPP|SFAC|20240506070809.012+0000||ACK^A01^ACK|N1|P|2.6\r'
    + 'MSA|AR|C-77\r'
    + `ERR||MSH^1^18|103^Table value not found^HL70357|E||||${parseError(input).message}\r`);
});

test('a pre-2.5 message gets MSA-3 and ERR-1, with its own delimiters', (t) => {
  const input = 'MSH#!@%$#S#F#R#G#2024##ADT!A04#C-78#P#2.3\rbad segment\r';
  const ack = buildAckForUnparseable(input, parseError(input), { now, controlId: 'N2' });
  t.is(ack.get('MSA-1'), 'AR');
  t.is(ack.get('MSA-2'), 'C-78');
  t.regex(ack.get('MSA-3') ?? '', /invalid segment id/);
  t.is(ack.getEncoded('ERR-1'), '!2!!100$Segment sequence error$HL70357');
  t.is(ack.getEncoded('MSH-9'), 'ACK!A04');
});

test('without a readable MSH the AR uses the default delimiters and v2.5', (t) => {
  for (const input of ['garbage', '', 'MSH|^~|x', Buffer.from([0xff, 0x00, 0x0d])]) {
    const ack = buildAckForUnparseable(input, new Error('not HL7v2'), { now, controlId: 'N3' });
    t.is(ack.toString(), 'MSH|^~\\&|||||20240506070809.012+0000||ACK^^ACK|N3|P|2.5\rMSA|AR\rERR|||207^Application internal error^HL70357|E||||not HL7v2\r');
  }
});

test('fields with control characters or an unreadable version are not echoed', (t) => {
  const ack = buildAckForUnparseable(Buffer.from('MSH|^~\\&|A\x01|B|C|D|2024||ADT^A01|C|P|two.five|||AL\r'), new Error('x'), { now, controlId: 'N4' });
  t.is(ack.getEncoded('MSH-5'), '');
  t.is(ack.getEncoded('MSH-6'), 'B');
  t.is(ack.getEncoded('MSH-12'), '2.5');
  t.is(ack.get('MSH-15'), 'NE');
});
