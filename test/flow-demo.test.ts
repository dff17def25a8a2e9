import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/paths.js';
import { readCsv } from './helpers/csv.js';
import { tempDataDir } from './helpers/db.js';
import { runWerktafel } from './helpers/werktafel-cli.js';

// The demo script of issue 11 (eval/flow-demo.txt) piped into `werktafel chat`, as a member would run it:
//   npx werktafel chat --als anna < eval/flow-demo.txt

const dataDir = tempDataDir('werktafel-flow-demo-');
const exportDir = path.join(dataDir, 'exports');

const runScript = () =>
  runWerktafel(['chat', '--als', 'anna', '--uitvoer', exportDir], {
    dataDir,
    input: fs.readFileSync(path.join(PROJECT_ROOT, 'eval', 'flow-demo.txt')),
  });

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('eval/flow-demo.txt through werktafel chat', () => {
  it('shows the recorded answers, the corrections, the suggestions, the kind, the revised decision and CSVs that open correctly', async () => {
    const { status: code, stdout: out, stderr: err } = await runScript();
    expect(code, err).toBe(0);
    for (const line of [
      // 1. a code typed in the channel, recorded in the only open round
      'Genoteerd bij W3 van Stap 1: inventariseren — anna (Gemeente Utrecht).',
      // 4. did you mean
      'Bedoel je `voortgang`?',
      'Bedoel je `start inventariseren`?',
      'Bedoel je `begrip doorstroom`?',
      // 5. the kind in Dutch
      'je vertegenwoordigt *Tactus Jeugd* (zorg)',
      'je vertegenwoordigt *Mitros* (corporatie)',
      // 2. variations and a line without a code
      'Genoteerd bij W3 — carla (Tactus Jeugd).',
      'Bij welke vraag hoort dit?',
      // 3. corrections
      'Antwoord bij D2 bijgewerkt.',
      'Antwoord bij D2 ingetrokken.',
      // 10. the refusal names the project leader
      'Projectleiders: anna (Gemeente Utrecht).',
      // 6. Dutch on an English command word
      'Deze werkgroep heeft nog geen eigen definitie van ‘doorstroom’',
      // 7. the revised decision, with its history
      'Hoe luidt besluit #1 nu?',
      'Besluit #1 is herzien en luidt nu: „We reserveren 25 woningen per jaar voor jongeren”',
      'nieuwe cijfers GGD · was: „We reserveren 20 woningen per jaar voor jongeren”',
      // 8. a trend within one measure
      'W2 — 2023–2025: 58 → 65 plekken (+7) (Wmo-monitor · Mitros)',
      // 9. concept without a model shows the answers' text
      '[1] W2: „van 58 (2023) naar 65 (2025) plekken (bron: Wmo-monitor)”',
    ]) {
      expect(out).toContain(line.replace(/\*/g, ''));
    }
    expect(out).not.toContain('wmomonitor');

    const files = fs.readdirSync(exportDir);
    const read = (prefix: string) =>
      fs.readFileSync(
        path.join(
          exportDir,
          files.find((f) => f.startsWith(prefix) && f.endsWith('.csv'))!,
        ),
        'utf8',
      );
    const decisions = read('besluiten-');
    expect(decisions.charCodeAt(0)).toBe(0xfeff);
    const rows = readCsv(decisions.slice(1));
    expect(rows[0]).toEqual([
      'Nummer',
      'Besluit',
      'Status',
      'Vraag (stap)',
      'Vastgelegd door',
      'Organisatie',
      'Datum',
      'Laatst gewijzigd',
      'Genomen in',
      'Vervangt',
      'Vervangen door',
      'Redenen',
      'Geschiedenis',
    ]);
    expect(rows.slice(1).every((r) => r.length === rows[0].length)).toBe(true);
    expect(rows[1].slice(0, 6)).toEqual([
      '1',
      'We reserveren 25 woningen per jaar voor jongeren',
      'herzien',
      'D2',
      'anna',
      'Gemeente Utrecht',
    ]);
    expect(rows[1][6]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(rows[1][11]).toBe('nieuwe cijfers GGD');
    expect(rows[2][1]).toBe(`'=HYPERLINK("https://example.org","klik")`);

    const glossary = readCsv(read('begrippen-').slice(1));
    expect(glossary[1].slice(0, 4)).toEqual(['doorstroom', '1', 'voorstel', 'De beweging van jongeren naar een zelfstandige woning.']);
    const steps = readCsv(read('werktafel-stap-1-').slice(1));
    expect(steps[0].slice(0, 4)).toEqual(['Stap', 'Code', 'Vraag', 'Antwoord']);
    expect(steps.map((r) => r[3])).toEqual(
      expect.arrayContaining(['Skaeve Huse en kamertraining (wmo-monitor 2024)', 'Skaeve Huse ook in Zeist', 'kamertraining bij Tactus']),
    );
    expect(steps.map((r) => r[3])).not.toContain('48 jongeren (GGD-monitor 2024)'); // withdrawn
  }, 240_000);
});
