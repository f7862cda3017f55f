#!/usr/bin/env node
// The package's `bin`: Plexus runs from its TypeScript sources, so register tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./plexus.ts');
