import { filterError } from './filter-error.ts';
import { FILTER_OPS, type FilterExpression, type FilterOp } from './filter-expression.ts';
import { type FilterToken, tokenizeFilter } from './tokenize-filter.ts';

/** What a listing can be filtered on: its field names and how each takes its values. */
export interface FilterGrammar<F extends string, V> {
  fields: readonly F[];
  /**
   * Type-check a comparison's value, or throw `filterError` naming the value's position
   * (or `opPos`, for an operator the field does not take).
   */
  checkValue(field: F, op: FilterOp, value: FilterToken, opPos: number): V;
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 32;

/**
 * Parse a filter in Google's filter syntax (AIP-160) over the grammar's fields; an empty or
 * blank one is null (everything). Errors are 400s naming the position.
 */
export function parseFilter<F extends string, V>(text: string, grammar: FilterGrammar<F, V>): FilterExpression<F, V> | null {
  if (text.length > MAX_LENGTH) throw filterError(MAX_LENGTH + 1, `longer than ${MAX_LENGTH} characters`);
  const tokens = tokenizeFilter(text);
  if (tokens[0].kind === 'end') return null;
  const parser = new FilterParser(tokens, grammar);
  const filter = parser.parseExpression(0);
  parser.expectEnd();
  return filter;
}

class FilterParser<F extends string, V> {
  private index = 0;

  constructor(private readonly tokens: FilterToken[], private readonly grammar: FilterGrammar<F, V>) {}

  /** AIP-160: a sequence of factors is ANDed (explicitly or side by side); OR binds tighter. */
  parseExpression(depth: number): FilterExpression<F, V> {
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

  private parseOr(depth: number): FilterExpression<F, V> {
    const operands = [this.parseUnary(depth)];
    while (this.isKeyword('OR')) {
      this.index++;
      operands.push(this.parseUnary(depth));
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseUnary(depth: number): FilterExpression<F, V> {
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

  private parseComparison(): FilterExpression<F, V> {
    const field = this.parseField();
    const opToken = this.next();
    if (opToken.kind !== 'op') throw filterError(opToken.pos, `expected an operator (${FILTER_OPS.join(', ')}) after '${field}'`);
    const valueToken = this.next();
    if (valueToken.kind !== 'word' && valueToken.kind !== 'string') throw filterError(valueToken.pos, `expected a value after '${field} ${opToken.text}'`);
    const op = opToken.text as FilterOp;
    return { kind: 'compare', field, op, value: this.grammar.checkValue(field, op, valueToken, opToken.pos) };
  }

  private parseField(): F {
    const token = this.next();
    if (token.kind !== 'word') throw filterError(token.pos, token.kind === 'end' ? 'expected a field name, found the end of the filter' : `expected a field name, found '${token.text}'`);
    const fields = this.grammar.fields;
    const field = fields.find((f) => f === token.text);
    if (!field) throw filterError(token.pos, `unknown field '${token.text}'; fields are ${fields.join(', ')}`);
    return field;
  }

  private startsTerm(): boolean {
    const token = this.peek();
    return token.kind === '(' || (token.kind === 'word' && token.text !== 'OR');
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }

  private peek(): FilterToken {
    return this.tokens[this.index];
  }

  private next(): FilterToken {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }
}
