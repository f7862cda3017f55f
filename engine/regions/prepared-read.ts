import type { Knex } from 'knex';
import type { Region } from './region.ts';

interface Compiled {
  sql: string;
  /** Per binding: the argument it takes, or the constant knex put there. */
  slots: Array<{ arg: number } | { value: unknown }>;
}

/**
 * A read whose shape is fixed and whose values change: compiled by knex once per region,
 * then run with new values. Building and compiling a knex query per request costs more
 * than the indexed SELECT itself on the hot paths; PostgreSQL keeps it prepared per
 * connection (see dialect.ts). Arguments may only be compared values (`where`), never
 * structure (`limit`, column names, lists).
 */
export class PreparedRead<A extends unknown[], T> {
  private readonly compiled = new WeakMap<Region, Compiled>();

  constructor(private readonly build: (db: Knex, ...args: A) => Knex.QueryBuilder) {}

  async read(region: Region, ...args: A): Promise<T[]> {
    const { sql, slots } = this.compileFor(region, args.length);
    return region.readSql<T>(sql, slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value)), { prepared: true });
  }

  private compileFor(region: Region, arity: number): Compiled {
    let compiled = this.compiled.get(region);
    if (!compiled) {
      const markers = Array.from({ length: arity }, (_, i) => `\u0000plexus-arg-${i}\u0000`);
      const { sql, bindings } = this.build(region.db, ...(markers as A)).toSQL().toNative();
      const slots = bindings.map((value) => (markers.includes(value as string) ? { arg: markers.indexOf(value as string) } : { value }));
      compiled = { sql, slots };
      this.compiled.set(region, compiled);
    }
    return compiled;
  }
}
