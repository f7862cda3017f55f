import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../shared/fixtures/hl7v2/', import.meta.url);

/** The next message to send. */
export type MessageSource = () => Buffer;

/**
 * The ADT fixtures in turn, each sent with a control id (MSH-10) never used before, by this
 * source or an earlier run on the same database: stores drop byte-identical twins, which
 * would make a repeated message cheaper than a new one.
 */
export function adtMessageSource(): MessageSource {
  const texts = readdirSync(FIXTURES).filter((n) => n.startsWith('ADT')).map((n) => readFileSync(new URL(n, FIXTURES), 'latin1').replace(/^\uFEFF|^\xef\xbb\xbf/, ''));
  const run = randomBytes(3).toString('hex');
  let sent = 0;
  return () => {
    const text = texts[sent % texts.length];
    const firstLineEnd = text.search(/[\r\n]/);
    const fields = text.slice(0, firstLineEnd).split('|');
    fields[9] = `B${run}x${sent++}`;
    return Buffer.from(fields.join('|') + text.slice(firstLineEnd), 'latin1');
  };
}
