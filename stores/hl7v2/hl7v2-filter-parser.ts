import { invalidArgument } from '../../engine/errors/api-error.ts';
import type { Hl7v2Filter, Hl7v2FilterOp, Hl7v2FilterTerm, Hl7v2FilterTimestamp } from './hl7v2-filter-ast.ts';
import { isFilterDate, readFilterTimestamp } from './hl7v2-filter-literals.ts';
import { Hl7v2FilterScanner } from './hl7v2-filter-scanner.ts';

/** Bounds that keep one filter from becoming a query the database chokes on. */
const MAX_BYTES = 4096;
const MAX_DEPTH = 32;
const MAX_RESTRICTIONS = 100;

/** A field as written in filters (send_date also as Google's sendDate) and the term it makes. */
type FieldTerm = Extract<Hl7v2FilterTerm, { field: string }>;
type Field = { [K in FieldTerm['kind']]: { kind: K; name: Extract<FieldTerm, { kind: K }>['field'] } }[FieldTerm['kind']];
const FIELDS = new Map<string, Field>([
  ['message_type', { kind: 'text', name: 'message_type' }],
  ['send_facility', { kind: 'text', name: 'send_facility' }],
  ['send_date', { kind: 'date', name: 'send_date' }],
  ['sendDate', { kind: 'date', name: 'send_date' }],
  ['send_time', { kind: 'timestamp', name: 'send_time' }],
  ['create_time', { kind: 'timestamp', name: 'create_time' }],
]);
const FIELD_LIST = 'message_type, send_date, send_time, create_time, send_facility, labels.<key> and PatientId("value", "type")';
const PATIENT_ID_FORM = 'PatientId takes two arguments: PatientId("value", "type")';

/**
 * Parse a `messages.list` filter; an empty or blank one is null (every message). The
 * grammar is AIP-160's: `a AND b`, `a b` (also AND), `a OR b` binding tighter than AND,
 * `NOT a` and `-a`, parentheses. Errors are INVALID_ARGUMENT naming the 1-based position.
 */
export function parseHl7v2Filter(text: string): Hl7v2Filter | null {
  if (Buffer.byteLength(text) > MAX_BYTES) throw invalidArgument(`invalid filter: longer than ${MAX_BYTES} bytes`);
  const scanner = new Hl7v2FilterScanner(text);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw scanner.error('NUL characters are not allowed', nul + 1);
  const surrogate = /\p{Cs}/u.exec(text);
  if (surrogate) throw scanner.error('a lone UTF-16 surrogate is not text', surrogate.index + 1);
  scanner.skipSpace();
  if (scanner.atEnd()) return null;
  return new FilterParser(scanner).parseFilter();
}

/** A value as written and where it starts, for errors about it. */
interface Literal {
  text: string;
  quoted: boolean;
  position: number;
}

class FilterParser {
  private restrictions = 0;

  constructor(private readonly scanner: Hl7v2FilterScanner) {}

  parseFilter(): Hl7v2Filter {
    const filter = this.parseExpression(0);
    this.scanner.skipSpace();
    if (this.scanner.peek() === ')') throw this.scanner.error("')' without a matching '('");
    if (!this.scanner.atEnd()) throw this.scanner.error(`expected AND, OR or the end of the filter, found ${this.found()}`);
    return filter;
  }

  /** expression := sequence { AND sequence } */
  private parseExpression(depth: number): Hl7v2Filter {
    const operands = [this.parseSequence(depth)];
    while (this.acceptKeyword('AND')) operands.push(this.parseSequence(depth));
    return combine('and', operands);
  }

  /** sequence := factor { factor }: terms side by side are ANDed. */
  private parseSequence(depth: number): Hl7v2Filter {
    const operands = [this.parseFactor(depth)];
    while (this.startsTerm()) operands.push(this.parseFactor(depth));
    return combine('and', operands);
  }

  /** factor := term { OR term } */
  private parseFactor(depth: number): Hl7v2Filter {
    const operands = [this.parseTerm(depth)];
    while (this.acceptKeyword('OR')) operands.push(this.parseTerm(depth));
    return combine('or', operands);
  }

  /** term := [NOT | '-'] simple; simple := '(' expression ')' | restriction */
  private parseTerm(depth: number): Hl7v2Filter {
    const s = this.scanner;
    s.skipSpace();
    if (depth >= MAX_DEPTH) throw s.error(`nested deeper than ${MAX_DEPTH} levels`);
    if (s.accept('-')) {
      if (s.atEnd() || /\s/.test(s.peek())) throw s.error("expected a restriction or '(' right after '-'");
      return { kind: 'not', operand: this.parseTerm(depth + 1) };
    }
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.parseTerm(depth + 1) };
    const open = s.position;
    if (!s.accept('(')) return this.parseRestriction();
    const inner = this.parseExpression(depth + 1);
    s.skipSpace();
    if (!s.accept(')')) throw s.error(`expected ')' to close the '(' at position ${open}, found ${this.found()}`);
    return inner;
  }

  private parseRestriction(): Hl7v2Filter {
    const s = this.scanner;
    const start = s.position;
    if (++this.restrictions > MAX_RESTRICTIONS) throw s.error(`more than ${MAX_RESTRICTIONS} restrictions`);
    const name = s.readWord();
    if (name === '' || name === 'AND' || name === 'OR') throw s.error(`expected a field, PatientId(...) or '(', found ${this.found(start)}`, start);
    if (name === 'PatientId') return this.parsePatientId();
    if (name === 'labels' && s.accept('.')) return this.parseLabel();
    const field = FIELDS.get(name);
    if (!field || s.peek() === '.') throw s.error(`unknown field '${name}${s.readBare()}'; fields are ${FIELD_LIST}`, start);
    const [op, opPosition] = this.parseOperator(name);
    if (op === ':') throw s.error(`':' (has) applies to labels only, as in labels.key:*`, opPosition);
    if (field.kind === 'text') {
      if (op !== '=' && op !== '!=') throw s.error(`'${op}' compares dates and times; ${name} takes = or !=`, opPosition);
      return { kind: 'text', field: field.name, op, value: this.parseValue(op).text };
    }
    const value = this.parseValue(op);
    if (field.kind === 'date') return { kind: 'date', field: field.name, op, value: checkDate(s, name, value) };
    return { kind: 'timestamp', field: field.name, op, value: checkTimestamp(s, name, value) };
  }

  /** After `labels.`: a bare or quoted key, then `= v`, `!= v` or `:*`. */
  private parseLabel(): Hl7v2Filter {
    const s = this.scanner;
    const keyPosition = s.position;
    const key = s.peek() === '"' ? s.readString() : s.readLabelKey();
    if (key === '') throw s.error("expected a label key after 'labels.'", keyPosition);
    const [op, opPosition] = this.parseOperator(`labels.${key}`);
    if (op === ':') {
      const value = this.parseValue(op);
      if (value.quoted || value.text !== '*') throw s.error(`after 'labels.${key}:' only * (the label is present) is allowed`, value.position);
      return { kind: 'hasLabel', key };
    }
    if (op !== '=' && op !== '!=') throw s.error(`'${op}' compares dates and times; labels take =, != or :*`, opPosition);
    return { kind: 'label', key, op, value: this.parseValue(op).text };
  }

  private parsePatientId(): Hl7v2Filter {
    const s = this.scanner;
    s.skipSpace();
    if (!s.accept('(')) throw s.error(`expected '(' after PatientId; ${PATIENT_ID_FORM}`);
    const value = this.parseArgument();
    s.skipSpace();
    if (!s.accept(',')) throw s.error(`expected ',' after the first argument; ${PATIENT_ID_FORM}`);
    const type = this.parseArgument();
    s.skipSpace();
    if (!s.accept(')')) throw s.error(`expected ')' after the second argument; ${PATIENT_ID_FORM}`);
    return { kind: 'patientId', value: value.text, type: type.text };
  }

  private parseArgument(): Literal {
    const s = this.scanner;
    s.skipSpace();
    const literal = this.readLiteral();
    if (literal === null) throw s.error(`expected a value, found ${this.found()}; ${PATIENT_ID_FORM}`);
    return literal;
  }

  private parseOperator(subject: string): [Hl7v2FilterOp | ':', number] {
    const s = this.scanner;
    s.skipSpace();
    const position = s.position;
    const op = s.readOperator();
    if (op === '') throw s.error(`expected an operator (=, !=, <, <=, >, >= or :) after '${subject}', found ${this.found()}`);
    return [op, position];
  }

  private parseValue(op: string): Literal {
    this.scanner.skipSpace();
    const literal = this.readLiteral();
    if (literal === null || (!literal.quoted && /^(AND|OR|NOT)$/.test(literal.text))) {
      throw this.scanner.error(`expected a value after '${op}', found ${this.found(literal?.position)}`, literal?.position);
    }
    return literal;
  }

  /** A double-quoted string or an unquoted run of characters; null when neither is here. */
  private readLiteral(): Literal | null {
    const s = this.scanner;
    const position = s.position;
    if (s.peek() === '"') return { text: s.readString(), quoted: true, position };
    const text = s.readBare();
    return text === '' ? null : { text, quoted: false, position };
  }

  private startsTerm(): boolean {
    const s = this.scanner;
    s.skipSpace();
    const word = s.peekWord();
    return s.peek() === '(' || s.peek() === '-' || (word !== '' && word !== 'AND' && word !== 'OR');
  }

  private acceptKeyword(keyword: string): boolean {
    const s = this.scanner;
    s.skipSpace();
    if (s.peekWord() !== keyword) return false;
    s.readWord();
    return true;
  }

  /** What stands at a position, for "found ..." in errors. */
  private found(position = this.scanner.position): string {
    const rest = this.scanner.text.slice(position - 1);
    const token = /^\S{1,20}/.exec(rest.trimStart())?.[0];
    return token === undefined ? 'the end of the filter' : `'${token}'`;
  }
}

function combine(kind: 'and' | 'or', operands: Hl7v2Filter[]): Hl7v2Filter {
  return operands.length === 1 ? operands[0] : { kind, operands };
}

function checkDate(scanner: Hl7v2FilterScanner, field: string, value: Literal): string {
  if (!isFilterDate(value.text)) throw scanner.error(`${field} takes a date written YYYY-MM-DD, such as "2017-01-02", found '${value.text}'`, value.position);
  return value.text;
}

function checkTimestamp(scanner: Hl7v2FilterScanner, field: string, value: Literal): Hl7v2FilterTimestamp {
  const timestamp = readFilterTimestamp(value.text);
  if (timestamp === null) {
    throw scanner.error(`${field} takes an RFC 3339 timestamp such as "2017-01-02T00:00:00-05:00", found '${value.text}'`, value.position);
  }
  return timestamp;
}
