import type { Knex } from 'knex';
import type { Hl7v2Filter, Hl7v2FilterOp, Hl7v2FilterTerm, Hl7v2FilterTextOp, Hl7v2FilterTimestamp } from './hl7v2-filter-ast.ts';

/**
 * A filter with NOT pushed down to the terms (negation normal form), so that every term
 * compiles to a condition an index can answer (`send_time >= x` rather than
 * `NOT (send_time < x)`).
 */
type Normal = { kind: 'and' | 'or'; operands: Normal[] } | { kind: 'term'; term: Hl7v2FilterTerm; negated: boolean };

type Where = (query: Knex.QueryBuilder) => void;
type SideTable = 'hl7v2_labels' | 'hl7v2_patient_ids';

const NEGATED: Record<Hl7v2FilterOp, Hl7v2FilterOp> = { '=': '!=', '!=': '=', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const SQL_OP: Record<Hl7v2FilterOp, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/**
 * Add a parsed filter's conditions to a query over `hl7v2_messages` (or the alias given).
 *
 * Absent values: a message whose send_time, send_date, send_facility or message_type is ''
 * (not in its MSH), or that has no label with the key a `labels.k` comparison names, matches
 * neither the comparison nor its negation, as a NULL does in SQL's three-valued logic:
 * `send_time < x` and `NOT send_time < x` both leave it out, and so does `send_time != x`.
 * Presence tests (`labels.k:*`, `PatientId(...)`) are plainly true or false.
 *
 * The SQL is the same on SQLite and PostgreSQL: equality on text and comparisons of the
 * fixed-format UTC strings, which order as the instants do in any collation; patient ids
 * and labels are subqueries on their side tables (see sideTable).
 */
export function applyHl7v2Filter(query: Knex.QueryBuilder, filter: Hl7v2Filter, storePk: number, messages = 'hl7v2_messages'): void {
  query.andWhere(compileHl7v2Filter(filter, storePk, messages));
}

/** The filter as a knex where-callback, for callers that combine it themselves. */
function compileHl7v2Filter(filter: Hl7v2Filter, storePk: number, messages = 'hl7v2_messages'): Where {
  return compileNormal(normalize(filter, false), { storePk, messages });
}

function normalize(filter: Hl7v2Filter, negated: boolean): Normal {
  if (filter.kind === 'not') return normalize(filter.operand, !negated);
  if ('operands' in filter) {
    const kind = negated ? (filter.kind === 'and' ? 'or' : 'and') : filter.kind;
    return { kind, operands: filter.operands.map((operand) => normalize(operand, negated)) };
  }
  return { kind: 'term', term: filter, negated };
}

interface Target {
  storePk: number;
  messages: string;
}

function compileNormal(node: Normal, target: Target): Where {
  if (node.kind === 'term') return compileTerm(node.term, node.negated, target);
  const operands = node.operands.map((operand) => compileNormal(operand, target));
  if (node.kind === 'and') return (query) => operands.forEach((operand) => query.andWhere(operand));
  return (query) => operands.forEach((operand) => query.orWhere(operand));
}

function compileTerm(term: Hl7v2FilterTerm, negated: boolean, target: Target): Where {
  const column = (name: string) => `${target.messages}.${name}`;
  switch (term.kind) {
    case 'text':
    case 'date':
      return present(column(term.field), (q) => q.where(column(term.field), SQL_OP[flip(term.op, negated)], term.value));
    case 'timestamp':
      return compareTimestamp(column(term.field), flip(term.op, negated), term.value);
    case 'label':
      return labelValue(term.key, negated ? (term.op === '=' ? '!=' : '=') : term.op, term.value, target);
    case 'hasLabel':
      return sideTable('hl7v2_labels', { key: term.key }, negated, target);
    case 'patientId':
      return sideTable('hl7v2_patient_ids', { value: term.value, type: term.type }, negated, target);
  }
}

function flip(op: Hl7v2FilterOp, negated: boolean): Hl7v2FilterOp {
  return negated ? NEGATED[op] : op;
}

/** The column holds a value ('' is absent) and the condition holds. */
function present(column: string, condition: Where): Where {
  return (query) => query.where(column, '<>', '').andWhere(condition);
}

/**
 * Stored instants have millisecond precision, the literal may have up to nanoseconds: a
 * literal between two milliseconds (`exact` false, `utc` the one below) equals no stored
 * value, and every stored value is either at most `utc` or above it.
 */
function compareTimestamp(column: string, op: Hl7v2FilterOp, literal: Hl7v2FilterTimestamp): Where {
  const { utc, exact } = literal;
  const compare = (sqlOp: string): Where => present(column, (q) => q.where(column, sqlOp, utc));
  if (exact) return compare(SQL_OP[op]);
  switch (op) {
    case '=':
      return (query) => query.whereRaw('1 = 0');
    case '!=':
      return (query) => query.where(column, '<>', '');
    case '<':
    case '<=':
      return compare('<=');
    case '>':
    case '>=':
      return compare('>');
  }
}

/**
 * A term over a side table (labels, patient ids), as the two dialects' planners answer it
 * best without statistics tricks. Present: `id IN (uncorrelated subquery)`, led by the
 * side table's (store_pk, ...) index and computed once; SQLite then seeks each message by
 * rowid (once the region has statistics) and PostgreSQL makes a semi-join. Absent:
 * `NOT EXISTS` correlated on message_pk alone, so that SQLite probes the message_pk index
 * per message (with store_pk in it, it would scan every value of the key per message) and
 * PostgreSQL makes an anti-join; `NOT IN` would risk PostgreSQL's unhashed per-row subplan
 * once the set outgrows work_mem.
 */
function sideTable(table: SideTable, conditions: Record<string, string>, negated: boolean, target: Target): Where {
  const where = (sub: Knex.QueryBuilder) => {
    for (const [column, value] of Object.entries(conditions)) sub.andWhere(`${table}.${column}`, value);
  };
  if (negated) {
    return (query) =>
      query.whereNotExists((sub) => {
        sub.select(1).from(table).whereRaw('?? = ??', [`${table}.message_pk`, `${target.messages}.id`]);
        where(sub);
      });
  }
  return (query) =>
    query.whereIn(`${target.messages}.id`, (sub) => {
      sub.select(`${table}.message_pk`).from(table).where(`${table}.store_pk`, target.storePk);
      where(sub);
    });
}

/** `labels.k = v` (or `!=`): the label is there with a value that compares so. */
function labelValue(key: string, op: Hl7v2FilterTextOp, value: string, target: Target): Where {
  return (query) =>
    query.whereIn(`${target.messages}.id`, (sub) => {
      sub.select('hl7v2_labels.message_pk').from('hl7v2_labels').where('hl7v2_labels.store_pk', target.storePk);
      sub.andWhere('hl7v2_labels.key', key).andWhere('hl7v2_labels.value', SQL_OP[op], value);
    });
}
