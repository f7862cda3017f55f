/* The import rules of DESIGN.md ("Folders"): each folder may import only what its row allows. */
module.exports = {
  forbidden: [
    {
      name: 'config-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^config/' },
      to: { path: '^(engine|stores|connectors|transforms|channels|cli|bench|test)/' },
    },
    {
      name: 'engine-imports-only-config',
      comment: 'engine/ may import config/; only engine/main.ts composes stores, connectors and transforms',
      severity: 'error',
      from: { path: '^engine/', pathNot: '^engine/main\\.ts$' },
      to: { path: '^(stores|connectors|transforms|cli|bench|test)/' },
    },
    {
      name: 'stores-no-connectors',
      severity: 'error',
      from: { path: '^stores/' },
      to: { path: '^(connectors|cli|bench|test)/' },
    },
    {
      name: 'connectors-no-cli',
      severity: 'error',
      from: { path: '^connectors/' },
      to: { path: '^(cli|bench|test)/' },
    },
    {
      name: 'transforms-engine-types-only',
      comment: 'transforms/ are pure: engine types only, never storage, network or file system',
      severity: 'error',
      from: { path: '^transforms/' },
      to: { path: '^(stores|connectors|config|cli|bench|test)/|^(knex|pg|better-sqlite3|fastify)$|^node:(net|fs|http|https|tls|dgram|child_process)' },
    },
    {
      name: 'transforms-engine-type-only-imports',
      severity: 'error',
      from: { path: '^transforms/' },
      to: { path: '^engine/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|data)/' },
  },
};
