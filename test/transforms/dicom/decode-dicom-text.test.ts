import test from 'ava';
import { decodeDicomText } from '../../../transforms/dicom/decode-dicom-text.ts';

const ESC = 0x1b;
const PN = '^=\\';

/** Bytes from numbers and latin1 strings, so escape sequences read as in PS3.5 Annex H/I/J. */
function bytes(...parts: Array<number | string>): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => (typeof part === 'number' ? [part] : [...Buffer.from(part, 'latin1')])));
}

test('no Specific Character Set, or an unknown one, is the default repertoire read as latin1', (t) => {
  t.is(decodeDicomText(bytes('Doe^John'), [], PN), 'Doe^John');
  t.is(decodeDicomText(bytes('Doe^John'), [''], PN), 'Doe^John');
  t.is(decodeDicomText(bytes('Caf', 0xe9), ['ISO_IR 6'], '\\'), 'Café');
  t.is(decodeDicomText(bytes('Caf', 0xe9), ['ISO_IR 999'], '\\'), 'Café');
});

test('single-byte character sets', (t) => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['ISO_IR 100', bytes('Buc^J', 0xe9, 'r', 0xf4, 'me'), 'Buc^Jérôme'],
    ['ISO_IR 101', bytes(0xa3, 'od', 0xbf), 'Łodż'],
    ['ISO_IR 144', bytes(0xbb, 0xee, 0xda), 'Люк'],
    ['ISO_IR 127', bytes(0xe2, 0xc8, 0xc7, 0xe6, 0xea), 'قباني'],
    ['ISO_IR 126', bytes(0xc4, 0xe9, 0xef, 0xed), 'Διον'],
    ['ISO_IR 138', bytes(0xf9, 0xf8, 0xe5, 0xef), 'שרון'],
    ['ISO_IR 148', bytes(0xdd, 0xfe), 'İş'],
    ['ISO_IR 203', bytes(0xa4), '€'],
    ['ISO_IR 166', bytes(0xa1), 'ก'],
    ['ISO_IR 13', bytes(0xd4, 0xcf, 0xc0, 0xde), 'ﾔﾏﾀﾞ'],
  ];
  for (const [charset, input, expected] of cases) t.is(decodeDicomText(input, [charset], '\\'), expected, charset);
});

test('multi-byte character sets without code extensions', (t) => {
  t.is(decodeDicomText(Buffer.from('Wang^XiaoDong=王^小東', 'utf8'), ['ISO_IR 192'], PN), 'Wang^XiaoDong=王^小東');
  t.is(decodeDicomText(bytes('Wang^XiaoDong=', 0xcd, 0xf5, '^', 0xd0, 0xa1, 0xb6, 0xab), ['GB18030'], PN), 'Wang^XiaoDong=王^小东');
  t.is(decodeDicomText(bytes(0xcd, 0xf5), ['GBK'], PN), '王');
});

test('ISO 2022 IR 87: JIS X 0208 between ESC $ B and ESC ( B', (t) => {
  const name = bytes(ESC, '$B', 0x3b, 0x33, 0x45, 0x44, ESC, '(B', '^', ESC, '$B', 0x42, 0x40, 0x4f, 0x3a, ESC, '(B');
  t.is(decodeDicomText(name, ['', 'ISO 2022 IR 87'], PN), '山田^太郎');
  t.is(decodeDicomText(name, ['ISO 2022 IR 6', 'ISO 2022 IR 87'], PN), '山田^太郎');
});

test('ISO 2022 IR 13 with IR 87: JIS X 0201 katakana first, JIS X 0208 after its escape (chrH32)', (t) => {
  const name = bytes(
    0xd4, 0xcf, 0xc0, 0xde, '^', 0xc0, 0xdb, 0xb3,
    '=', ESC, '$B', 0x3b, 0x33, 0x45, 0x44, ESC, '(J', '^', ESC, '$B', 0x42, 0x40, 0x4f, 0x3a, ESC, '(J',
    '=', ESC, '$B', 0x24, 0x64, 0x24, 0x5e, 0x24, 0x40, ESC, '(J', '^', ESC, '$B', 0x24, 0x3f, 0x24, 0x6d, 0x24, 0x26, ESC, '(J',
  );
  t.is(decodeDicomText(name, ['ISO 2022 IR 13', 'ISO 2022 IR 87'], PN), 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
  t.is(decodeDicomText(bytes(ESC, ')I', 0xd4, 0xcf), ['', 'ISO 2022 IR 13'], PN), 'ﾔﾏ');
});

test('ISO 2022 IR 159: JIS X 0212 after ESC $ ( D', (t) => {
  t.is(decodeDicomText(bytes('a', ESC, '$(D', 0x22, 0x2f, ESC, '(B', 'b'), ['', 'ISO 2022 IR 159'], '\\'), 'a˘b');
});

test('ISO 2022 IR 149: Korean KS X 1001 after ESC $ ) C, designated again after each delimiter', (t) => {
  const name = bytes(
    'Hong^Gildong=',
    ESC, '$)C', 0xfb, 0xf3, '^', ESC, '$)C', 0xd1, 0xce, 0xd4, 0xd7,
    '=', ESC, '$)C', 0xc8, 0xab, '^', ESC, '$)C', 0xb1, 0xe6, 0xb5, 0xbf,
  );
  t.is(decodeDicomText(name, ['', 'ISO 2022 IR 149'], PN), 'Hong^Gildong=洪^吉洞=홍^길동');
});

test('ISO 2022 IR 58: GB 2312 after ESC $ ) A', (t) => {
  t.is(decodeDicomText(bytes('Wang^XiaoDong=', ESC, '$)A', 0xcd, 0xf5, '^', ESC, '$)A', 0xd0, 0xa1, 0xb6, 0xab), ['', 'ISO 2022 IR 58'], PN), 'Wang^XiaoDong=王^小东');
});

test('ISO 2022 single-byte sets switch with their G1 escapes', (t) => {
  t.is(decodeDicomText(bytes('Dion ', ESC, '-F', 0xc4, 0xe9, 0xef, 0xed), ['ISO 2022 IR 100', 'ISO 2022 IR 126'], PN), 'Dion Διον');
  t.is(decodeDicomText(bytes(ESC, '-L', 0xbb, 0xee, 0xda, ESC, '-A', 0xe9), ['', 'ISO 2022 IR 144'], '\\'), 'Люкé');
  t.is(decodeDicomText(bytes(0xe9), ['ISO 2022 IR 100'], '\\'), 'é');
});

test('each delimiter returns to the first set: CR, LF, FF, TAB, backslash, and ^ = in names', (t) => {
  const after = (delimiter: string, delimiters: string) => decodeDicomText(bytes(ESC, '-F', 0xc4, delimiter, 0xc4), ['ISO 2022 IR 100', 'ISO 2022 IR 126'], delimiters);
  for (const delimiter of ['\r', '\n', '\f', '\t', '\\']) t.is(after(delimiter, '\\'), `Δ${delimiter}Ä`, JSON.stringify(delimiter));
  t.is(after('^', PN), 'Δ^Ä');
  t.is(after('=', PN), 'Δ=Ä');
  t.is(after('^', '\\'), 'Δ^Δ', 'outside names ^ is a character');
});

test('inside JIS X 0208 the bytes of ^ and = are halves of a character, not delimiters', (t) => {
  t.is(decodeDicomText(bytes(ESC, '$B', 0x24, 0x5e, 0x3d, 0x3d, ESC, '(B'), ['', 'ISO 2022 IR 87'], PN), 'ま十');
});

test('an unknown escape sequence is kept as bytes', (t) => {
  t.is(decodeDicomText(bytes('a', ESC, 'Zb'), ['', 'ISO 2022 IR 87'], '\\'), 'a\x1bZb');
});
