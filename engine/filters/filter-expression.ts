/**
 * A list filter in Google's filter syntax (AIP-160), parsed once into this tree and then
 * applied to a query. `F` names the fields a listing can be filtered on, `V` the values
 * its comparisons carry once type-checked.
 */
export type FilterExpression<F extends string, V> =
  | { kind: 'and' | 'or'; operands: FilterExpression<F, V>[] }
  | { kind: 'not'; operand: FilterExpression<F, V> }
  | { kind: 'compare'; field: F; op: FilterOp; value: V };

/** `:` is AIP-160's "has": a prefix or containment test, as each field defines it. */
export type FilterOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | ':';

export const FILTER_OPS: readonly FilterOp[] = ['=', '!=', '<', '<=', '>', '>=', ':'];

/** True for the ordering operators, which only ordered fields (times, numbers) take. */
export function isOrdering(op: FilterOp): boolean {
  return op === '<' || op === '<=' || op === '>' || op === '>=';
}
