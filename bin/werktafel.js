#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx werktafel ...` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../adapters/cli/main.ts');
