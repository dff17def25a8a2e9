import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from './helpers/db.js';
import { runWerktafel } from './helpers/werktafel-cli.js';

// The glossary and decision commands through the terminal chat, on a PGlite store of its own,
// across two runs of the process (a restart).

const dataDir = tempDataDir('werktafel-glossary-cli-');
const exportDir = path.join(dataDir, 'exports');

const chat = (lines: string[], user = 'anna') =>
  runWerktafel(['chat', '--als', user, '--uitvoer', exportDir], { dataDir, input: `${lines.join('\n')}\n` });

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('glossary and decisions through the CLI chat', () => {
  it('proposes, agrees, looks up, decides, searches and exports; all of it survives a restart', async () => {
    const first = await chat([
      'organisatie Gemeente Utrecht gemeente',
      'werktafel begrip doorstroom = De beweging van bewoners naar een zelfstandige woning. [domein: sociaal] [synoniemen: doorstroming, through-flow]',
      'begrip doorstroom vaststellen',
      ':als bob',
      'begrip doorstroom = Verhuizing naar een zelfstandigere woonvorm.',
      'begrip doorstroom vaststellen',
      'begrip doorstroming',
      'begrip big five',
      'besluit D2: We reserveren 20 woningen per jaar voor jongeren',
      ':als anna',
      'besluit 1 herzien de aantallen worden herberekend',
      'besluiten woning',
      'export besluiten',
      ':stop',
    ]);
    expect(first.status, first.stderr).toBe(0);
    const out = first.stdout;
    expect(out).toContain('doorstroom staat in het begrippenkader als voorstel (versie 1)');
    expect(out).toContain('doorstroom (versie 1) is vastgesteld als definitie van deze werkgroep');
    expect(out).toContain('versie 2 van doorstroom (voorstel)');
    expect(out).toContain('Alleen een projectleider van deze werkgroep kan een begrip vaststellen');
    expect(out).toContain('doorstroom — afspraak in deze werkgroep (vastgesteld, versie 1) (gevonden bij ‘doorstroming’)');
    expect(out).toContain('Nieuw voorstel (versie 2) van bob');
    expect(out).toContain('Volgens de documenten [1]: “Met “De Big five” worden vijf voorwaarden bedoeld');
    expect(out).toMatch(/\[1\] VNG-handreiking 2022, Tekstbox 1/);
    expect(out).toContain('Besluit #1 vastgelegd: We reserveren 20 woningen per jaar voor jongeren');
    expect(out).toContain('Besluit #1 heeft nu de status: herzien');
    expect(out).toMatch(/Besluiten over ‘woning’ \(1\):\n- #1 \[D2\] We reserveren/);
    const files = fs.readdirSync(exportDir).sort();
    expect(files.some((f) => /^besluiten-.*\.md$/.test(f))).toBe(true);
    expect(files.some((f) => /^besluiten-.*\.csv$/.test(f))).toBe(true);
    const csv = fs.readFileSync(
      path.join(
        exportDir,
        files.find((f) => f.endsWith('.csv'))!,
      ),
      'utf8',
    );
    expect(csv.startsWith('\uFEFFNummer;Besluit;Status;')).toBe(true);
    expect(csv).toMatch(/^1;We reserveren 20 woningen per jaar voor jongeren;herzien;D2;bob;/m);
    expect(csv).toMatch(/herzien \(anna[^;]*\): de aantallen worden herberekend/);

    const second = await chat(
      ['begrip doorstroom historie', 'besluiten', 'Hoe bevorderen we de doorstroming van jongeren?', ':stop'],
      'carla',
    );
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('doorstroom — alle versies (2), nieuwste eerst:');
    expect(second.stdout).toMatch(/v2 \(voorstel\) — bob, .*Verhuizing naar een zelfstandigere woonvorm/);
    expect(second.stdout).toMatch(/v1 \(vastgesteld\) — anna \(Gemeente Utrecht\)/);
    expect(second.stdout).toMatch(/- #1 \[D2\] We reserveren 20 woningen per jaar voor jongeren — bob, .* \(herzien\)/);
    expect(second.stdout).toContain('Afspraak in deze werkgroep — doorstroom: De beweging van bewoners naar een zelfstandige woning.');
  }, 240_000);
});
