#!/usr/bin/env node
// The package's `bin`: Plexus runs from its TypeScript sources, so register their loader first.
import './register-typescript.mjs';

await import('./plexus.ts');
