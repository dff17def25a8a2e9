import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { Werktafel } from '../../src/app.js';
import { countGroupRows } from '../../src/privacy/catalog.js';
import { eraseGroup } from '../../src/privacy/erase.js';
import { exportGroup } from '../../src/privacy/export.js';
import { listGroups, resolveGroup } from '../../src/privacy/groups.js';
import { countsLine } from '../../src/privacy/kinds.js';

// `werktafel groep lijst|export|wissen`: an administrator's hold on one working group's data (AVG).

export const GROUP_USAGE = `  werktafel groep lijst                      de werkgroepen met hun id / list the working groups
  werktafel groep export <groep> [--uit map] alles van één werkgroep als zip / everything of one group as a zip
  werktafel groep wissen <groep> [--ja]      alles van één werkgroep wissen na bevestiging / erase after confirmation`;

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '—');

async function pick(app: Werktafel, given: string | undefined): Promise<string | null> {
  if (!given) {
    console.error(`Welke werkgroep? Zie \`werktafel groep lijst\` / which group? See \`werktafel groep lijst\`.\n\n${GROUP_USAGE}`);
    return null;
  }
  const r = await resolveGroup(app.db, given);
  if ('id' in r) return r.id;
  if (r.error === 'ambiguous')
    console.error(`Meerdere werkgroepen met kanaal ${given} / several groups: ${r.ids.join(', ')}. Geef het volledige id.`);
  else console.error(`Onbekende werkgroep / unknown group: ${given}. Zie \`werktafel groep lijst\`.`);
  return null;
}

async function list(app: Werktafel): Promise<number> {
  const groups = await listGroups(app.db);
  if (groups.length === 0) {
    console.log('Nog geen werkgroepen / no working groups yet.');
    return 0;
  }
  console.log(['id', 'leden', 'sinds', 'laatst actief', 'wissen op'].join('\t'));
  for (const g of groups)
    console.log([g.id, g.members, day(g.createdAt), day(g.lastActivity), g.erasureDue ? day(g.erasureDue) : ''].join('\t'));
  return 0;
}

async function exportCommand(app: Werktafel, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { uit: { type: 'string' }, out: { type: 'string' } },
  });
  const id = await pick(app, positionals[0]);
  if (!id) return 2;
  const archive = await exportGroup(app.services, id);
  if (!archive) return 2;
  const dir = path.resolve(values.uit ?? values.out ?? '.');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, archive.name);
  fs.writeFileSync(file, archive.bytes);
  console.log(`${id}: ${countsLine('nl', archive.counts)}.\n→ ${file}`);
  return 0;
}

async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(question);
    return /^(ja|j|yes|y)$/i.test(answer.trim());
  } catch {
    return false; // stdin closed without an answer
  } finally {
    rl.close();
  }
}

async function erase(app: Werktafel, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ja: { type: 'boolean' }, yes: { type: 'boolean' } },
  });
  const id = await pick(app, positionals[0]);
  if (!id) return 2;
  console.log(`${id}: ${countsLine('nl', await countGroupRows(app.db, id))}.`);
  if (!values.ja && !values.yes && !(await confirm(`Alles van ${id} definitief wissen? De gedeelde documenten blijven. [ja/nee] `))) {
    console.log('Niets gewist / nothing erased.');
    return 1;
  }
  const done = await eraseGroup(app.db, id);
  console.log(`Gewist / erased: ${countsLine('nl', done.counts)}.\nDe gedeelde documenten blijven staan / the shared documents stay.`);
  return 0;
}

export async function groupCommand(args: string[], open: () => Promise<Werktafel>): Promise<number> {
  const [sub, ...rest] = args;
  const run = { lijst: list, list: list, export: exportCommand, wissen: erase, erase: erase }[sub ?? ''];
  if (!run) {
    console.error(`Gebruik / usage:\n${GROUP_USAGE}`);
    return 2;
  }
  const app = await open();
  try {
    return await run(app, rest);
  } finally {
    await app.close();
  }
}
