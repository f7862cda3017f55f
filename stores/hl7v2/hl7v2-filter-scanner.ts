import { ApiError } from '../../engine/errors/api-error.ts';
import type { Hl7v2FilterOp } from './hl7v2-filter-ast.ts';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
/** Unquoted values stop at whitespace, parentheses, quotes, commas and comparison operators. */
const BARE = /[^\s()"<>=!,]+/y;
const LABEL_KEY = /[\p{L}\p{N}_-]+/uy;
const OPERATOR = /<=|>=|!=|=|<|>|:/y;
const EXCERPT_RADIUS = 30;

/**
 * Reads a filter's characters on the parser's demand, so that what a run of characters
 * means can depend on where it stands (a timestamp value holds ':' where a field may not).
 * Positions in errors are 1-based columns.
 */
export class Hl7v2FilterScanner {
  index = 0;

  constructor(readonly text: string) {}

  /** The 1-based column of the next character. */
  get position(): number {
    return this.index + 1;
  }

  atEnd(): boolean {
    return this.index >= this.text.length;
  }

  peek(): string {
    return this.text.charAt(this.index);
  }

  /** Skip whitespace; true when there was some. */
  skipSpace(): boolean {
    const start = this.index;
    while (/\s/.test(this.peek())) this.index++;
    return this.index > start;
  }

  accept(char: string): boolean {
    if (this.peek() !== char) return false;
    this.index++;
    return true;
  }

  /** The identifier at the cursor without consuming it; '' when there is none. */
  peekWord(): string {
    return this.match(WORD, false);
  }

  readWord(): string {
    return this.match(WORD, true);
  }

  readBare(): string {
    return this.match(BARE, true);
  }

  readLabelKey(): string {
    return this.match(LABEL_KEY, true);
  }

  readOperator(): Hl7v2FilterOp | ':' | '' {
    return this.match(OPERATOR, true) as Hl7v2FilterOp | ':' | '';
  }

  /** A double-quoted string at the cursor, with `\"` and `\\` escapes. */
  readString(): string {
    const start = this.index;
    let value = '';
    for (let i = start + 1; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '"') {
        this.index = i + 1;
        return value;
      }
      if (c === '\\') {
        const escaped = this.text.charAt(i + 1);
        if (escaped !== '"' && escaped !== '\\') throw this.error(`unknown escape '\\${escaped}' in a string; only \\" and \\\\ are escapes`, i + 1);
        i++;
      }
      value += this.text[i];
    }
    throw this.error('unterminated string', start + 1);
  }

  /** An INVALID_ARGUMENT naming the 1-based position, with a caret excerpt in its details. */
  error(message: string, position = this.position): ApiError {
    const text = `invalid filter at position ${position}: ${message}`;
    const description = `${text}\n${caretExcerpt(this.text, position - 1)}`;
    return new ApiError('INVALID_ARGUMENT', text, [
      { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'filter', description }] },
    ]);
  }

  private match(pattern: RegExp, consume: boolean): string {
    pattern.lastIndex = this.index;
    const found = pattern.exec(this.text)?.[0] ?? '';
    if (consume) this.index += found.length;
    return found;
  }
}

/** Two lines: the filter around the index (whitespace flattened) and a caret under it. */
function caretExcerpt(text: string, index: number): string {
  const start = Math.max(0, index - EXCERPT_RADIUS);
  const end = Math.min(text.length, index + EXCERPT_RADIUS);
  const lead = start > 0 ? '…' : '';
  const line = lead + text.slice(start, end).replace(/\s/g, ' ') + (end < text.length ? '…' : '');
  return `${line}\n${' '.repeat(lead.length + index - start)}^`;
}
