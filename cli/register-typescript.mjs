// Plexus runs from its TypeScript sources: `node --import=./cli/register-typescript.mjs FILE.ts`.
// esbuild strips the types as tsx would, but without tsx's `keepNames`, which wraps every
// closure a hot path creates in a `__name(...)` call (measured: a fifth of a dataset GET's
// CPU). Stack traces point into the .ts files through the inline source maps.
import { register } from 'node:module';

register('./typescript-load-hook.mjs', import.meta.url);
process.setSourceMapsEnabled(true);
