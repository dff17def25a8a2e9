import { isReferenceLine } from './src/ingest/debris.js';
import fs from 'node:fs';
const lines = fs.readFileSync('knowledge/documents/004_f2b04dc6571477a9.txt','utf8').split('\n');
const i = lines.findIndex(l => l.includes('stress sensitieve'));
console.log(lines.slice(i-3, i+3).join('\n'));
