import test, { type ExecutionContext } from 'ava';
import { buildAck } from '../../../transforms/hl7v2/build-ack.ts';
import { buildAckForUnparseable } from '../../../transforms/hl7v2/build-ack-for-unparseable.ts';
import { Hl7v2ParseError } from '../../../transforms/hl7v2/hl7v2-parse-error.ts';
import { parseHl7v2Message } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';
import { splitHl7v2Batch } from '../../../transforms/hl7v2/split-hl7v2-batch.ts';
import { toGoogleParsedData } from '../../../transforms/hl7v2/to-google-parsed-data.ts';
import { readFixtures } from './hl7v2-fixtures.ts';

/** mulberry32: the same cases on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x0d, 0x0a, 0x7c, 0x5e, 0x7e, 0x5c, 0x26, 0x23, 0x00, 0xff, 0xc3, 0x4d, 0x53, 0x48, 0x58, 0x41];

function mutate(bytes: Buffer, random: () => number): Buffer {
  const copy = Buffer.from(bytes);
  const at = Math.floor(random() * copy.length);
  const byte = random() < 0.5 ? INTERESTING[Math.floor(random() * INTERESTING.length)] : Math.floor(random() * 256);
  switch (Math.floor(random() * 6)) {
    case 0: copy[at] = byte; return copy;
    case 1: return Buffer.concat([copy.subarray(0, at), Buffer.of(byte), copy.subarray(at)]);
    case 2: return Buffer.concat([copy.subarray(0, at), copy.subarray(at + Math.floor(random() * 40))]);
    case 3: return copy.subarray(0, at);
    case 4: return Buffer.concat([copy.subarray(0, at), copy.subarray(Math.max(0, at - 30), at), copy.subarray(at)]);
    default: return Buffer.concat([copy.subarray(0, at), Buffer.from('\\X4\\\\F\\\\.br\\\\'), copy.subarray(at)]);
  }
}

/**
 * Whatever the input: a message that gives its bytes back and can be read, mapped and
 * acknowledged, or a parse error naming segment and field that can be answered with an AR.
 */
function exercise(t: ExecutionContext, input: Buffer, label: string): 'parsed' | 'refused' {
  let outcome: 'parsed' | 'refused';
  try {
    const message = parseHl7v2Message(input);
    if (!message.toBuffer().equals(input)) t.fail(`${label}: not lossless`);
    message.get('PID-3[2].1.2');
    message.getAll('PID-3.1');
    toGoogleParsedData(message);
    buildAck(message, [{ kind: 'content', code: 102, text: 'x' }]).toBuffer();
    outcome = 'parsed';
  } catch (error) {
    if (!(error instanceof Hl7v2ParseError) || typeof error.segment !== 'string' || !Number.isInteger(error.field)) {
      t.fail(`${label}: threw ${String(error)}`);
      return 'refused';
    }
    buildAckForUnparseable(input, error).toBuffer();
    outcome = 'refused';
  }
  try {
    splitHl7v2Batch(input);
  } catch (error) {
    if (!(error instanceof Hl7v2ParseError)) t.fail(`${label}: batch threw ${String(error)}`);
  }
  return outcome;
}

test('random mutations of every fixture message are parsed losslessly or refused with a parse error', (t) => {
  const random = seededRandom(20240506);
  const outcomes = { parsed: 0, refused: 0 };
  for (const { name, bytes } of readFixtures()) {
    for (let i = 0; i < 40; i++) {
      let input = bytes;
      for (let round = 1 + Math.floor(random() * 3); round > 0; round--) input = mutate(input, random);
      outcomes[exercise(t, input, `${name} mutant ${i}`)]++;
    }
  }
  t.true(outcomes.parsed > 1000);
  t.true(outcomes.refused > 100);
});

test('every truncation of a message header, and headers with wrong delimiters', (t) => {
  const header = 'MSH|^~\\&#|APP|FAC|RAPP|RFAC|20240101||ADT^A01^ADT_A01|C1|P|2.7||||||UNICODE UTF-8\r';
  for (let length = 0; length <= header.length; length++) exercise(t, Buffer.from(header.slice(0, length)), `truncated at ${length}`);
  for (const wrong of ['MSH1^~\\&|', 'MSH|||||', 'MSH|^^\\&|', 'MSH| ~\\&|', 'MSH|^~\\&&|', 'MSH|^~\\&#$|', 'MSH\r|^~\\&', 'MSH|^~\\&\r', 'MSH|^~\\&']) {
    exercise(t, Buffer.from(`${wrong}A|B\rPID|1\r`), wrong);
  }
  t.pass();
});

test('binary garbage is refused', (t) => {
  const random = seededRandom(7);
  for (let i = 0; i < 500; i++) {
    const garbage = Buffer.from(Array.from({ length: Math.floor(random() * 2000) }, () => Math.floor(random() * 256)));
    if (i % 2 === 0) garbage.write('MSH|^~\\&|', 0, 'latin1');
    exercise(t, garbage, `garbage ${i}`);
  }
  t.pass();
});

test('huge fields and many segments complete', (t) => {
  const big = 1_200_000;
  const cases = [
    `MSH|^~\\&|A\rOBX|1|ED|||${'A'.repeat(big)}\r`,
    `MSH|^~\\&|A\rOBX|1|ED|||${'^'.repeat(big)}\r`,
    `MSH|^~\\&|A\rPID|1||${'x~'.repeat(big / 2)}\r`,
    `MSH|^~\\&|A\rPID|1||${'a^b&c~'.repeat(big / 6)}\r`,
    `MSH|^~\\&|A\rNTE|1||${'\\'.repeat(big)}\r`,
    `MSH|^~\\&|A\rNTE|1||${'\\X'.repeat(big / 2)}\\\r`,
    `MSH|^~\\&|A\r${'NTE|1\r'.repeat(big / 6)}`,
    `MSH|^~\\&|A${'\r'.repeat(big)}`,
    `MSH|^~\\&|A${'|'.repeat(big)}\r`,
  ];
  for (const [index, text] of cases.entries()) t.is(exercise(t, Buffer.from(text, 'latin1'), `huge case ${index}`), 'parsed');
  const repeated = parseHl7v2Message(cases[2]);
  t.is(repeated.getAll('PID-3').length, big / 2 + 1);
});
