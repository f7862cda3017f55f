import type { Labels } from '../datasets/labels.ts';
import type { Hl7v2Filter, Hl7v2FilterOp, Hl7v2FilterTerm, Hl7v2FilterTimestamp } from './hl7v2-filter-ast.ts';
import type { Hl7v2PatientId } from './prepare-hl7v2-message.ts';

/** What a filter reads of one message: the values its index columns and side tables hold ('' when absent). */
export interface Hl7v2FilterFields {
  messageType: string;
  sendFacility: string;
  /** YYYY-MM-DD in the dataset's time zone. */
  sendDate: string;
  /** UTC ISO 8601 with milliseconds. */
  sendTime: string;
  createTime: string;
  labels: Labels;
  patientIds: readonly Hl7v2PatientId[];
}

const COLUMN = {
  message_type: 'messageType',
  send_facility: 'sendFacility',
  send_date: 'sendDate',
  send_time: 'sendTime',
  create_time: 'createTime',
} as const satisfies Record<Extract<Hl7v2FilterTerm, { field: string }>['field'], keyof Hl7v2FilterFields>;

const NEGATED: Record<Hl7v2FilterOp, Hl7v2FilterOp> = { '=': '!=', '!=': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/**
 * Whether one message matches a parsed messages.list filter, without the database: for
 * notificationConfigs and `:watch`, which judge each message as it is stored. The answer is
 * the one compile-hl7v2-filter.ts's SQL gives, absent values included: a message without
 * send_time matches neither `send_time < x` nor `NOT send_time < x`.
 */
export function matchesHl7v2Filter(filter: Hl7v2Filter, fields: Hl7v2FilterFields): boolean {
  return evaluate(filter, fields, false);
}

/** NOT is pushed down to the terms (De Morgan), as the SQL compiler does. */
function evaluate(filter: Hl7v2Filter, fields: Hl7v2FilterFields, negated: boolean): boolean {
  if (filter.kind === 'not') return evaluate(filter.operand, fields, !negated);
  if ('operands' in filter) {
    const every = (filter.kind === 'and') !== negated;
    return every ? filter.operands.every((o) => evaluate(o, fields, negated)) : filter.operands.some((o) => evaluate(o, fields, negated));
  }
  return matchesTerm(filter, fields, negated);
}

function matchesTerm(term: Hl7v2FilterTerm, fields: Hl7v2FilterFields, negated: boolean): boolean {
  switch (term.kind) {
    case 'text':
    case 'date': {
      const value = fields[COLUMN[term.field]];
      return value !== '' && compare(value, negated ? NEGATED[term.op] : term.op, term.value);
    }
    case 'timestamp':
      return matchesTimestamp(fields[COLUMN[term.field]], negated ? NEGATED[term.op] : term.op, term.value);
    case 'label': {
      const value = Object.hasOwn(fields.labels, term.key) ? fields.labels[term.key] : undefined;
      return value !== undefined && compare(value, negated ? NEGATED[term.op] : term.op, term.value);
    }
    case 'hasLabel':
      return Object.hasOwn(fields.labels, term.key) !== negated;
    case 'patientId':
      return fields.patientIds.some((id) => id.value === term.value && id.type === term.type) !== negated;
  }
}

/** As compareTimestamp in the SQL compiler: a literal between two milliseconds equals no stored time. */
function matchesTimestamp(value: string, op: Hl7v2FilterOp, literal: Hl7v2FilterTimestamp): boolean {
  if (value === '') return false;
  if (literal.exact) return compare(value, op, literal.utc);
  switch (op) {
    case '=':
      return false;
    case '!=':
      return true;
    case '<':
    case '<=':
      return value <= literal.utc;
    case '>':
    case '>=':
      return value > literal.utc;
  }
}

function compare(value: string, op: Hl7v2FilterOp, literal: string): boolean {
  switch (op) {
    case '=': return value === literal;
    case '!=': return value !== literal;
    case '<': return value < literal;
    case '<=': return value <= literal;
    case '>': return value > literal;
    case '>=': return value >= literal;
  }
}
