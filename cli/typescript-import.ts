/** The `node` option that loads Plexus's TypeScript sources (register-typescript.mjs), for child processes. */
export const TYPESCRIPT_IMPORT = `--import=${new URL('./register-typescript.mjs', import.meta.url).href}`;
