import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tempDataDir } from './helpers/db.js';
import { runWerktafel } from './helpers/werktafel-cli.js';

const citation = z.object({
  n: z.number().int().positive(),
  document: z.string().min(1),
  file: z.string().min(1),
  title: z.string().min(1),
  label: z.string().min(1).optional(),
  section: z.string(),
  kind: z.string().optional(),
  lines: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  page: z.number().int().positive().nullable(),
  text: z.string().min(1),
  score: z.number(),
});
const answerJson = z
  .object({
    question: z.string(),
    language: z.enum(['nl', 'en']),
    abstained: z.boolean(),
    refusal: z.enum(['off_topic', 'missing_fact', 'subject_unread', 'not_found', 'catalog']).nullable(),
    generated: z.boolean(),
    answer: z.string().min(1),
    seeAlso: z.array(z.string().min(1)).max(2),
    notice: z.string().nullable(),
    citations: z.array(citation),
    context: z.array(
      z.object({ document: z.string().min(1), lines: z.tuple([z.number().int().positive(), z.number().int().positive()]) }).strict(),
    ),
    timings: z.object({ totalMs: z.number().nonnegative() }),
  })
  .strict();

// Each run is a process of its own (a few seconds here); the timeouts are for a slow, loaded CI machine.
const werktafel = (args: string[], input?: string) => runWerktafel(args, { dataDir, input });

let dataDir: string;
beforeAll(() => {
  dataDir = tempDataDir();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('werktafel ask --json', () => {
  it('prints one JSON object: the cited passages numbered as cited, and the eight context passages a model reads', async () => {
    const r = await werktafel(['ask', '--json', 'Welke informatie moet je bij stap 1 inventariseren verzamelen over de doelgroep?']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const raw = JSON.parse(lines[0]);
    const a = answerJson.parse(raw);
    expect(a.language).toBe('nl');
    expect(a.abstained).toBe(false);
    // Offline: not generated, nothing to notice.
    expect(raw.generated).toBe(false);
    expect(raw.notice).toBeNull();
    // Only what the text cites is a source, numbered in the order the text first cites it.
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.citations.map((c) => c.n)).toEqual(a.citations.map((_, i) => i + 1));
    const cited = [...new Set([...a.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
    expect(cited).toEqual(a.citations.map((c) => c.n));
    expect(a.context).toHaveLength(8);
    // A model reads every cited passage: each stands in one of the context passages (neighbours read as one).
    for (const c of a.citations)
      expect(a.context.some((x) => x.document === c.document && x.lines[0] <= c.lines[0] && c.lines[1] <= x.lines[1])).toBe(true);
    for (const c of a.citations) {
      expect(c.lines[1]).toBeGreaterThanOrEqual(c.lines[0]);
      expect(c.lines[1] - c.lines[0]).toBeLessThan(30);
    }
    expect(a.answer).toMatch(/\[1\]/);
    // The answer field is what a member reads before the sources: a few sentences, the close passages beside it.
    expect(a.answer.length).toBeLessThanOrEqual(900);
    expect(a.answer).not.toMatch(/Zie ook/);
    expect(a.seeAlso.length).toBeGreaterThan(0);
  }, 240_000); // the first run ingests the documents into the empty store: ~30 s here

  it('honours --k and answers an English question in English', async () => {
    const r = await werktafel(['ask', '--json', '--k', '3', 'What is Housing First?']);
    expect(r.status, r.stderr).toBe(0);
    const a = answerJson.parse(JSON.parse(r.stdout));
    expect(a.language).toBe('en');
    // --k widens retrieval; a model still reads the first eight.
    expect(a.context.length).toBeLessThanOrEqual(8);
    expect(a.citations.length).toBeGreaterThan(0);
  }, 120_000);

  it('reads one question per line from stdin and writes one JSON line each', async () => {
    const r = await werktafel(
      ['ask', '--json', '-'],
      'Wat is een omklapwoning?\n\nWhat is a woonzorgvisie?\nWat is de hoofdstad van Australië?\n',
    );
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => answerJson.parse(JSON.parse(l)));
    expect(out.map((a) => a.question)).toEqual([
      'Wat is een omklapwoning?',
      'What is a woonzorgvisie?',
      'Wat is de hoofdstad van Australië?',
    ]);
    expect(out[2].abstained).toBe(true);
    expect(out[2].refusal).toBe('off_topic');
    expect(out[2].answer).toMatch(/Daar gaan de documenten niet over/);
    expect(out[0].refusal).toBeNull();
  }, 120_000);

  it('rejects a bad --k politely', async () => {
    const r = await werktafel(['ask', '--k', 'veel', 'vraag']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--k moet een geheel getal/);
  }, 120_000);

  it('prints a readable answer with sources for a person', async () => {
    const r = await werktafel(['ask', 'Wat is een omklapwoning?']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Bronnen:\n\[1\] [^\n]+ \d{4}, [^\n]+/); // "[1] OZJ-handleiding Eigen Stek 2021, §2.2 …"
  }, 120_000);
});

describe('werktafel chat', () => {
  it('behaves like a channel: help, a question, organisation', async () => {
    const r = await werktafel(['chat', '--als', 'anna'], 'help\norganisatie Gemeente Zwolle gemeente\nWat is Housing First?\n:stop\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wat ik kan/);
    expect(r.stdout).toMatch(/je vertegenwoordigt \*?Gemeente Zwolle\*? \(gemeente\)/);
    expect(r.stdout).toMatch(/Bronnen:\n\[1\]/);
  }, 120_000);
});
