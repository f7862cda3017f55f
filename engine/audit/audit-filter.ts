import { invalidArgument } from '../errors/api-error.ts';

/**
 * A filter over audit entries in Google's filter syntax (AIP-160), e.g.
 * `principal = "user:a@b" AND status >= 400 AND resource:"projects/p/locations/l/datasets/d"`.
 * Parsed once into this tree, then applied to the query.
 */
export type AuditFilter =
  | { kind: 'and' | 'or'; operands: AuditFilter[] }
  | { kind: 'not'; operand: AuditFilter }
  | { kind: 'compare'; field: AuditFilterField; op: AuditFilterOp; value: string | number };

export type AuditFilterOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | ':';

const AUDIT_FILTER_FIELDS = ['time', 'principal', 'permission', 'resource', 'method', 'status', 'requestId', 'peer', 'logType', 'service'] as const;
export type AuditFilterField = (typeof AUDIT_FILTER_FIELDS)[number];

const LOG_TYPES = ['ADMIN_WRITE', 'ADMIN_READ', 'DATA_READ', 'DATA_WRITE'];
const MAX_LENGTH = 2000;
const MAX_DEPTH = 32;

interface Token {
  kind: 'word' | 'string' | 'op' | '(' | ')' | 'end';
  text: string;
  /** 1-based character position in the filter. */
  pos: number;
}

/** Parse a filter; an empty or blank one is null (everything). Errors name the position. */
export function parseAuditFilter(text: string): AuditFilter | null {
  if (text.length > MAX_LENGTH) throw invalidArgument(`invalid filter: longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(text);
  if (tokens[0].kind === 'end') return null;
  const parser = new FilterParser(tokens);
  const filter = parser.parseExpression(0);
  parser.expectEnd();
  return filter;
}

function filterError(pos: number, message: string): Error {
  return invalidArgument(`invalid filter at position ${pos}: ${message}`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, text: c, pos: i + 1 });
      i++;
    } else if (c === '"') {
      i = readString(text, i, tokens);
    } else {
      const op = /^(<=|>=|!=|=|<|>|:)/.exec(text.slice(i, i + 2));
      const word = op ? null : /^[^\s()"<>=!:]+/.exec(text.slice(i));
      const found = op ?? word;
      if (!found) throw filterError(i + 1, `unexpected character '${c}'`);
      tokens.push({ kind: op ? 'op' : 'word', text: found[0], pos: i + 1 });
      i += found[0].length;
    }
  }
  tokens.push({ kind: 'end', text: '', pos: text.length + 1 });
  return tokens;
}

/** A double-quoted string with `\"` and `\\` escapes; returns the index after it. */
function readString(text: string, start: number, tokens: Token[]): number {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      tokens.push({ kind: 'string', text: value, pos: start + 1 });
      return i + 1;
    }
    if (c === '\\' && i + 1 < text.length) i++;
    value += text[i];
  }
  throw filterError(start + 1, 'unterminated string');
}

class FilterParser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  /** AIP-160: a sequence of factors is ANDed (explicitly or side by side); OR binds tighter. */
  parseExpression(depth: number): AuditFilter {
    const operands = [this.parseOr(depth)];
    for (;;) {
      if (this.isKeyword('AND')) this.index++;
      else if (!this.startsTerm()) break;
      operands.push(this.parseOr(depth));
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw filterError(token.pos, `expected AND, OR or the end of the filter, found '${token.text}'`);
  }

  private parseOr(depth: number): AuditFilter {
    const operands = [this.parseUnary(depth)];
    while (this.isKeyword('OR')) {
      this.index++;
      operands.push(this.parseUnary(depth));
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseUnary(depth: number): AuditFilter {
    if (depth > MAX_DEPTH) throw filterError(this.peek().pos, `nested deeper than ${MAX_DEPTH} levels`);
    if (this.isKeyword('NOT')) {
      this.index++;
      return { kind: 'not', operand: this.parseUnary(depth + 1) };
    }
    const token = this.peek();
    if (token.kind !== '(') return this.parseComparison();
    this.index++;
    const inner = this.parseExpression(depth + 1);
    const close = this.peek();
    if (close.kind !== ')') throw filterError(close.pos, `expected ')' to close the '(' at position ${token.pos}`);
    this.index++;
    return inner;
  }

  private parseComparison(): AuditFilter {
    const fieldToken = this.next();
    if (fieldToken.kind !== 'word') throw filterError(fieldToken.pos, fieldToken.kind === 'end' ? 'expected a field name, found the end of the filter' : `expected a field name, found '${fieldToken.text}'`);
    const field = AUDIT_FILTER_FIELDS.find((f) => f === fieldToken.text);
    if (!field) throw filterError(fieldToken.pos, `unknown field '${fieldToken.text}'; fields are ${AUDIT_FILTER_FIELDS.join(', ')}`);
    const opToken = this.next();
    if (opToken.kind !== 'op') throw filterError(opToken.pos, `expected an operator (=, !=, <, <=, >, >=, :) after '${field}'`);
    const valueToken = this.next();
    if (valueToken.kind !== 'word' && valueToken.kind !== 'string') throw filterError(valueToken.pos, `expected a value after '${field} ${opToken.text}'`);
    const op = opToken.text as AuditFilterOp;
    return { kind: 'compare', field, op, value: checkValue(field, op, valueToken, opToken.pos) };
  }

  private startsTerm(): boolean {
    const token = this.peek();
    return token.kind === '(' || (token.kind === 'word' && token.text !== 'OR');
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }
}

/** Type-check a comparison's value: numbers for status, timestamps for time, known names for logType. */
function checkValue(field: AuditFilterField, op: AuditFilterOp, token: Token, opPos: number): string | number {
  const ordering = op === '<' || op === '<=' || op === '>' || op === '>=';
  if (field === 'status') {
    if (op === ':') throw filterError(opPos, `':' applies to text fields, not to status`);
    if (!/^\d{1,9}$/.test(token.text)) throw filterError(token.pos, `status takes an integer, found '${token.text}'`);
    return Number(token.text);
  }
  if (field === 'time') {
    if (op === ':') throw filterError(opPos, `':' applies to text fields, not to time`);
    const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(token.text) ? Date.parse(token.text) : Number.NaN;
    if (!Number.isFinite(ms)) throw filterError(token.pos, `time takes an RFC 3339 timestamp such as "2026-01-01T00:00:00Z", found '${token.text}'`);
    return ms;
  }
  if (ordering) throw filterError(opPos, `'${op}' applies to time and status; ${field} takes =, != or :`);
  if (field === 'logType' && op !== ':' && !LOG_TYPES.includes(token.text)) {
    throw filterError(token.pos, `logType is one of ${LOG_TYPES.join(', ')}, found '${token.text}'`);
  }
  return token.text;
}
