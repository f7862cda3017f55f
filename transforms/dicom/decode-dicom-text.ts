/**
 * Decode DICOM text by its Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5
 * 6.1: single-byte and multi-byte sets without code extensions map to a WHATWG decoder;
 * ISO 2022 code extensions switch sets with escape sequences, and every delimiter (CR, LF,
 * FF, TAB, and in names `^` and `=`) returns to the first set.
 */

const SINGLE: Record<string, string> = {
  '': 'latin1',
  ISO_IR_6: 'latin1',
  ISO_IR_100: 'latin1',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'iso-8859-9',
  ISO_IR_203: 'iso-8859-15',
  ISO_IR_13: 'shift_jis',
  ISO_IR_166: 'windows-874',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/** The set an ISO 2022 defined term starts in. */
const ISO2022_INITIAL: Record<string, string> = {
  ISO_2022_IR_6: 'ascii',
  ISO_2022_IR_13: 'jisx0201',
  ISO_2022_IR_87: 'jisx0208',
  ISO_2022_IR_159: 'jisx0212',
  ISO_2022_IR_149: 'ksx1001',
  ISO_2022_IR_58: 'gb2312',
  ISO_2022_IR_100: 'latin1',
  ISO_2022_IR_101: 'iso-8859-2',
  ISO_2022_IR_109: 'iso-8859-3',
  ISO_2022_IR_110: 'iso-8859-4',
  ISO_2022_IR_144: 'iso-8859-5',
  ISO_2022_IR_127: 'iso-8859-6',
  ISO_2022_IR_126: 'iso-8859-7',
  ISO_2022_IR_138: 'iso-8859-8',
  ISO_2022_IR_148: 'iso-8859-9',
  ISO_2022_IR_166: 'windows-874',
};

/** Escape sequences (the bytes after ESC) and the set each designates. */
const ESCAPES: Array<[string, string]> = [
  ['(B', 'ascii'],
  ['(J', 'ascii'],
  [')I', 'jisx0201'],
  ['$B', 'jisx0208'],
  ['$(D', 'jisx0212'],
  ['$)C', 'ksx1001'],
  ['$)A', 'gb2312'],
  ['-A', 'latin1'],
  ['-B', 'iso-8859-2'],
  ['-C', 'iso-8859-3'],
  ['-D', 'iso-8859-4'],
  ['-L', 'iso-8859-5'],
  ['-G', 'iso-8859-6'],
  ['-F', 'iso-8859-7'],
  ['-H', 'iso-8859-8'],
  ['-M', 'iso-8859-9'],
  ['-T', 'windows-874'],
];

const decoders = new Map<string, TextDecoder>();
function decoder(label: string): TextDecoder {
  let found = decoders.get(label);
  if (!found) decoders.set(label, (found = new TextDecoder(label)));
  return found;
}

function termKey(term: string): string {
  return term.trim().replace(/ /g, '_');
}

/** The character set terms of (0008,0005) as read (backslash-separated, possibly empty first). */
export function decodeDicomText(bytes: Uint8Array, charsets: readonly string[], delimiters: string): string {
  const terms = charsets.map(termKey);
  if (!terms.some((t) => t.startsWith('ISO_2022'))) return decoder(SINGLE[terms[0] ?? ''] ?? 'latin1').decode(bytes);
  return decodeIso2022(bytes, ISO2022_INITIAL[terms[0] ?? ''] ?? SINGLE[terms[0] ?? ''] ?? 'ascii', delimiters);
}

function decodeIso2022(bytes: Uint8Array, initial: string, delimiters: string): string {
  const resets = new Set([0x0a, 0x0c, 0x0d, 0x09, ...Array.from(delimiters, (c) => c.charCodeAt(0))]);
  let out = '';
  let set = initial;
  let run: number[] = [];
  const flush = () => {
    if (run.length > 0) out += decodeRun(Uint8Array.from(run), set);
    run = [];
  };
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x1b) {
      const escape = ESCAPES.find(([seq]) => Array.from(seq).every((c, k) => bytes[i + 1 + k] === c.charCodeAt(0)));
      if (escape) {
        flush();
        set = escape[1];
        i += escape[0].length;
        continue;
      }
    }
    if (resets.has(byte) && set !== 'jisx0208' && set !== 'jisx0212') {
      flush();
      set = initial;
      out += String.fromCharCode(byte);
      continue;
    }
    run.push(byte);
  }
  flush();
  return out;
}

function decodeRun(run: Uint8Array, set: string): string {
  switch (set) {
    case 'ascii':
      return decoder('latin1').decode(run);
    case 'jisx0201':
      return decoder('shift_jis').decode(run);
    case 'jisx0208':
      return decoder('euc-jp').decode(run.map((b) => b | 0x80));
    case 'jisx0212': {
      const euc: number[] = [];
      for (let i = 0; i + 1 < run.length; i += 2) euc.push(0x8f, run[i] | 0x80, run[i + 1] | 0x80);
      return decoder('euc-jp').decode(Uint8Array.from(euc));
    }
    case 'ksx1001':
      return decoder('euc-kr').decode(run);
    case 'gb2312':
      return decoder('gb18030').decode(run);
    default:
      return decoder(set).decode(run);
  }
}
