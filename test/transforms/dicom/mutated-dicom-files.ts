import { readFixture, dicomFixtures } from '../../helpers/dicom-fixtures.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';
import { LONG_VRS } from '../../../transforms/dicom/dicom-vr.ts';
import { readPart10Header } from '../../../transforms/dicom/read-part10-header.ts';
import { encodingOf } from '../../../transforms/dicom/transfer-syntax.ts';

/** A damaged input and how it was made, so a failing case can be rebuilt by hand. */
export interface MutatedFile {
  description: string;
  bytes: Buffer;
}

interface LengthField {
  /** Where the element starts. */
  start: number;
  inDataset: boolean;
  offset: number;
  width: 2 | 4;
  littleEndian: boolean;
}

interface Source {
  file: string;
  bytes: Buffer;
  lengthFields: LengthField[];
}

/** Where the length fields of the file meta and top-level dataset elements are (up to the first undefined length). */
function lengthFieldsOf(bytes: Buffer): LengthField[] {
  const fields: LengthField[] = [];
  const walk = (start: number, end: number, explicitVr: boolean, littleEndian: boolean, group2Only: boolean): number => {
    let pos = start;
    while (pos + 12 <= end && fields.length < 400) {
      const group = littleEndian ? bytes.readUInt16LE(pos) : bytes.readUInt16BE(pos);
      if (group2Only !== (group === 0x0002)) break;
      const vr = bytes.toString('latin1', pos + 4, pos + 6);
      const long = !explicitVr || LONG_VRS.has(vr);
      const offset = explicitVr ? pos + (long ? 8 : 6) : pos + 4;
      const width = long ? 4 : 2;
      const read = (at: number) => (width === 4 ? (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at)) : littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
      const length = read(offset);
      fields.push({ start: pos, inDataset: !group2Only, offset, width, littleEndian });
      if (length === 0xffffffff) break;
      pos = offset + width + length;
    }
    return pos;
  };
  if (bytes.length < 144 || bytes.toString('latin1', 128, 132) !== 'DICM') return fields;
  const datasetOffset = walk(132, bytes.length, true, true, true);
  const header = parsedHeader(bytes);
  if (!header) return fields;
  const encoding = encodingOf(header.transferSyntaxUid);
  if (!encoding.deflated) walk(datasetOffset, header.pixelDataOffset === null ? bytes.length : header.pixelDataOffset + 12, encoding.explicitVr, encoding.littleEndian, false);
  return fields;
}

function parsedHeader(bytes: Buffer): { transferSyntaxUid: string; pixelDataOffset: number | null } | null {
  try {
    return readPart10Header(bytes, true);
  } catch {
    return null;
  }
}

/** Where the top-level dataset elements before Pixel Data start (explicit or implicit VR, not deflated). */
export function topLevelElementStarts(bytes: Buffer): number[] {
  return lengthFieldsOf(bytes).filter((field) => field.inDataset).map((field) => field.start);
}

let sources: Source[] | null = null;

/** Every fixture with the positions of its length fields, read once. */
export function fuzzSources(): Source[] {
  sources ??= dicomFixtures().map(({ file }) => {
    const bytes = readFixture(file);
    return { file, bytes, lengthFields: lengthFieldsOf(bytes) };
  });
  return sources;
}

const HUGE_LENGTHS = [0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000, 0x10000000, 0xffff, 0xfffe];

/** `count` damaged fixtures, the same for the same seed: truncated, flipped, with wild lengths or garbage, or random bytes behind "DICM". */
export function* mutatedDicomFiles(seed: number, count: number): Generator<MutatedFile> {
  const random = seededRandom(seed);
  const below = (n: number) => Math.floor(random() * n);
  const all = fuzzSources();
  for (let i = 0; i < count; i++) {
    const source = all[below(all.length)];
    const bytes = Buffer.from(source.bytes);
    const name = `seed ${seed} case ${i}, ${source.file}`;
    switch (i % 6) {
      case 0: {
        const at = below(bytes.length);
        yield { description: `${name} truncated to ${at} bytes`, bytes: bytes.subarray(0, at) };
        break;
      }
      case 1: {
        const flips = Array.from({ length: 1 + below(8) }, () => [below(Math.min(bytes.length, 132 + below(4096))), below(256)]);
        for (const [at, value] of flips) bytes[at] = value;
        yield { description: `${name} with bytes ${flips.map(([at, value]) => `${at}=0x${value.toString(16)}`).join(', ')}`, bytes };
        break;
      }
      case 2:
      case 3: {
        const fields = source.lengthFields;
        if (fields.length === 0) {
          yield { description: `${name} unchanged`, bytes };
          break;
        }
        const changes = Array.from({ length: 1 + below(2) }, () => {
          const field = fields[below(fields.length)];
          const value = random() < 0.7 ? HUGE_LENGTHS[below(HUGE_LENGTHS.length)] : below(0x100000000);
          const fitted = field.width === 2 ? value & 0xffff : value >>> 0;
          if (field.width === 2) bytes[field.littleEndian ? 'writeUInt16LE' : 'writeUInt16BE'](fitted, field.offset);
          else bytes[field.littleEndian ? 'writeUInt32LE' : 'writeUInt32BE'](fitted, field.offset);
          return `length at ${field.offset} = 0x${fitted.toString(16)}`;
        });
        yield { description: `${name} with ${changes.join(', ')}`, bytes };
        break;
      }
      case 4: {
        const at = below(bytes.length);
        const garbage = Buffer.from(Array.from({ length: 1 + below(64) }, () => below(256)));
        yield { description: `${name} with ${garbage.toString('hex')} inserted at ${at}`, bytes: Buffer.concat([bytes.subarray(0, at), garbage, bytes.subarray(at)]) };
        break;
      }
      default: {
        const noise = Buffer.from(Array.from({ length: 140 + below(600) }, () => below(256)));
        noise.write('DICM', 128, 'latin1');
        // Half of them start like a file meta header, so the reader gets past the first element.
        if (below(2) === 0) {
          noise.writeUInt16LE(0x0002, 132);
          noise.write(['UL', 'OB', 'UI', 'SQ', 'UN', 'UT'][below(6)], 136, 'latin1');
        }
        yield { description: `seed ${seed} case ${i}: random bytes behind "DICM": ${noise.toString('hex')}`, bytes: noise };
      }
    }
  }
}

/** What a call did: "returned", or the thrown error's name and message, without letting the error through. */
export function outcomeOf(call: () => unknown): { outcome: string; message: string } {
  try {
    call();
    return { outcome: 'returned', message: '' };
  } catch (error) {
    return error instanceof Error ? { outcome: error.name, message: error.message } : { outcome: 'non-Error', message: String(error) };
  }
}

/** The cases whose outcome is not among `allowed`, each described well enough to rebuild. */
export function unexpectedOutcomes(cases: Iterable<MutatedFile>, call: (bytes: Buffer) => unknown, allowed: readonly string[]): string[] {
  const unexpected: string[] = [];
  for (const { description, bytes } of cases) {
    const { outcome, message } = outcomeOf(() => call(bytes));
    if (!allowed.includes(outcome)) unexpected.push(`${description}: ${outcome} ${message}`);
  }
  return unexpected;
}
