import test from 'ava';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import { runTransaction } from '../../../engine/regions/run-transaction.ts';
import { openTestRegion, testDialect } from '../../helpers/test-region.ts';

// PostgreSQL only: SQLite caches its statements per connection whatever the caller says.
const postgresTest = testDialect === 'postgres' ? test : test.skip;

postgresTest('fixed-shape SQL is kept prepared on its connection; other SQL is not', async (t) => {
  const region = await openTestRegion([{ name: '0001-t', up: (db) => db.schema.createTable('things', (table) => { table.increments('id'); table.string('name'); }) }]);
  try {
    const marker = `prepared-${Date.now()}`;
    const preparedSql = `select count(*) as n from things where name = $1 /* ${marker} */`;
    const plainSql = `select count(*) as n from things where name <> $1 /* ${marker} */`;
    const statements = await runTransaction(region, async (tx) => {
      for (let i = 0; i < 3; i++) {
        await tx.run({ sql: preparedSql, bindings: [`a${i}`], prepared: true });
        await tx.run({ sql: plainSql, bindings: [`a${i}`] });
      }
      return (await tx.run<{ statement: string }>({ sql: 'select statement from pg_prepared_statements', bindings: [] })).rows.map((r) => r.statement);
    });
    t.true(statements.includes(preparedSql), 'the prepared SQL is a prepared statement of the connection');
    t.false(statements.includes(plainSql), 'SQL without `prepared` is parsed and planned each time');
  } finally {
    await closeRegion(region);
  }
});
