import { filterError } from './filter-error.ts';

export interface FilterToken {
  kind: 'word' | 'string' | 'op' | '(' | ')' | 'end';
  /** A string token's text is its value, unquoted and unescaped. */
  text: string;
  /** 1-based character position in the filter. */
  pos: number;
}

/** Split a filter into words, double-quoted strings, operators and parentheses; ends with an `end` token. */
export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
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
function readString(text: string, start: number, tokens: FilterToken[]): number {
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
