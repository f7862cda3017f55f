import type { FilterExpression, FilterOp } from '../filters/filter-expression.ts';
import { checkOneOfValue, checkOperator, checkTimestampValue } from '../filters/filter-values.ts';
import { parseFilter } from '../filters/parse-filter.ts';
import type { FilterToken } from '../filters/tokenize-filter.ts';

const FIELDS = ['status', 'receiveTime', 'messageType', 'controlId', 'destinationStatus', 'content'] as const;
export type ChannelMessageFilterField = (typeof FIELDS)[number];

/**
 * A filter over a channel's journal in Google's filter syntax (AIP-160), e.g.
 * `status = ERROR AND receiveTime >= "2026-01-01T00:00:00Z" AND content:"DOE^JOHN"`.
 * receiveTime values are epoch milliseconds; the others are text.
 */
export type ChannelMessageFilter = FilterExpression<ChannelMessageFilterField, string | number>;

const MESSAGE_STATUSES = ['RECEIVED', 'TRANSFORMED', 'FILTERED', 'ERROR'];
const DELIVERY_STATUSES = ['SENT', 'QUEUED', 'FILTERED', 'ERROR'];

/** Parse a filter; an empty or blank one is null (everything). Errors are 400s naming the position. */
export function parseChannelMessageFilter(text: string): ChannelMessageFilter | null {
  return parseFilter(text, { fields: FIELDS, checkValue });
}

function checkValue(field: ChannelMessageFilterField, op: FilterOp, token: FilterToken, opPos: number): string | number {
  switch (field) {
    case 'receiveTime':
      return checkTimestampValue(field, op, token, opPos);
    case 'status':
      checkOperator(field, op, opPos, ['=', '!=']);
      return checkOneOfValue(field, token, MESSAGE_STATUSES);
    // "Some delivery is X"; its negation is NOT destinationStatus = X, so != would only confuse.
    case 'destinationStatus':
      checkOperator(field, op, opPos, ['=']);
      return checkOneOfValue(field, token, DELIVERY_STATUSES);
    case 'content':
      checkOperator(field, op, opPos, [':']);
      return token.text;
    case 'messageType':
    case 'controlId':
      checkOperator(field, op, opPos, ['=', '!=', ':']);
      return token.text;
  }
}
