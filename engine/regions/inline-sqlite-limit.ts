/**
 * SQLite re-prepares a statement before every run when its LIMIT or OFFSET is a bound
 * parameter (the planner weighs the limit), and re-preparing costs more than a small
 * indexed query: a FHIR read went from about 17 to 40 us. knex binds them, so a statement
 * ending in `limit ?` or `limit ? offset ?` with integer values gets the values written
 * into its SQL instead. Limits inside subqueries stay bound; they are rare.
 */
export function inlineSqliteLimit(sql: string, bindings: readonly unknown[]): { sql: string; bindings: readonly unknown[] } {
  if (sql.endsWith(' limit ? offset ?')) {
    const n = bindings.length;
    if (n < 2 || !Number.isSafeInteger(bindings[n - 2]) || !Number.isSafeInteger(bindings[n - 1])) return { sql, bindings };
    return { sql: `${sql.slice(0, -' limit ? offset ?'.length)} limit ${bindings[n - 2]} offset ${bindings[n - 1]}`, bindings: bindings.slice(0, -2) };
  }
  if (sql.endsWith(' limit ?')) {
    const n = bindings.length;
    if (n < 1 || !Number.isSafeInteger(bindings[n - 1])) return { sql, bindings };
    return { sql: `${sql.slice(0, -' limit ?'.length)} limit ${bindings[n - 1]}`, bindings: bindings.slice(0, -1) };
  }
  return { sql, bindings };
}
