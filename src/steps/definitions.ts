import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../paths.js';
import type { Language } from '../core/types.js';

// Checklists are data (knowledge/steps/*.json): one file per source document, holding its steps,
// themes and questions with line citations. Code only knows the shape, never the content.

const Text = z.object({ nl: z.string().min(1), en: z.string().min(1) });
const Lines = z.tuple([z.number().int().positive(), z.number().int().positive()]).refine(([a, b]) => a <= b, 'lines must be [from, to]');
const CODE = /^[A-Z]{1,3}(?:-[A-Z]{1,3})?\d{1,3}$/;

const ItemSchema = z.object({
  code: z.string().regex(CODE),
  question: Text,
  lines: Lines,
  /** True (default) when question.nl is quoted from the source; false when derived from its text. */
  verbatim: z.boolean().default(true),
  /** Step-1 items (of `buildsOn`) this item draws on. */
  drawsOn: z.array(z.string().regex(CODE)).default([]),
  /** Answers are numbers to compare by year (sizes, capacities). */
  measure: z.boolean().default(false),
  note: z.string().optional(),
});

const PassageSchema = z.object({
  id: z.string().optional(),
  nl: z.string().min(1),
  en: z.string().min(1),
  lines: Lines,
  verbatim: z.boolean().default(false),
});

const StepSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  number: z.number().int().positive(),
  names: Text,
  aliases: z.object({ nl: z.array(z.string()), en: z.array(z.string()) }),
  buildsOn: z.string().optional(),
  intro: PassageSchema,
  guidance: z.array(PassageSchema).default([]),
  figure: z.object({ label: z.string(), lines: Lines }).optional(),
  themes: z.array(z.object({ id: z.string(), title: Text, items: z.array(ItemSchema).min(1) })).min(1),
});

const ChecklistFileSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Catalog id of the source document (knowledge/documents/catalog.json). */
  document: z.string(),
  title: Text,
  steps: z.array(StepSchema).min(1),
});

export type StepItem = z.infer<typeof ItemSchema> & { theme: string };
export type Passage = z.infer<typeof PassageSchema>;
export interface StepDef extends Omit<z.infer<typeof StepSchema>, 'themes'> {
  /** Globally unique: "<checklist>/<step>"; stored with every run. */
  key: string;
  checklist: string;
  checklistTitle: { nl: string; en: string };
  document: string;
  themes: { id: string; title: { nl: string; en: string }; items: StepItem[] }[];
  items: StepItem[];
}

export const STEPS_DIR = path.join(PROJECT_ROOT, 'knowledge', 'steps');

/** Comparable form of an item code or step alias: "a-d1" ≈ "AD1", "Stap  1" ≈ "stap 1". */
export const normCode = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
export const normAlias = (s: string) => s.toLowerCase().replace(/[:.]/g, '').replace(/\s+/g, ' ').trim();

export class StepCatalog {
  readonly steps: StepDef[];
  private readonly byAlias = new Map<string, { step: StepDef; lang: Language }>();

  constructor(steps: StepDef[]) {
    this.steps = steps;
    for (const s of steps) {
      const seen = new Set<string>();
      for (const item of s.items) {
        if (seen.has(normCode(item.code))) throw new Error(`Step ${s.key}: item code ${item.code} twice`);
        seen.add(normCode(item.code));
      }
      const base = s.buildsOn ? steps.find((b) => b.checklist === s.checklist && b.id === s.buildsOn) : undefined;
      if (s.buildsOn && !base) throw new Error(`Step ${s.key}: buildsOn ${s.buildsOn} is not a step of ${s.checklist}`);
      for (const item of s.items) {
        for (const code of item.drawsOn) {
          if (!base?.items.some((b) => b.code === code)) throw new Error(`Step ${s.key}: ${item.code} draws on unknown ${code}`);
        }
      }
      for (const [lang, words] of [
        ['nl', s.aliases.nl],
        ['en', s.aliases.en],
      ] as const) {
        for (const word of [s.id, ...words]) {
          const key = normAlias(word);
          const taken = this.byAlias.get(key);
          if (taken && taken.step !== s) throw new Error(`Step alias '${word}' used by ${taken.step.key} and ${s.key}`);
          if (!taken) this.byAlias.set(key, { step: s, lang });
        }
      }
    }
  }

  /** The step a user named ("inventariseren", "stap 1", "inventory"), and the language of that word. */
  find(words: string): { step: StepDef; lang: Language } | undefined {
    return this.byAlias.get(normAlias(words));
  }

  byKey(key: string): StepDef | undefined {
    return this.steps.find((s) => s.key === key);
  }

  /** Every word that names a step, for exporter keywords. */
  aliases(): string[] {
    return [...this.byAlias.keys()];
  }
}

export function parseChecklistFile(json: unknown): StepDef[] {
  const file = ChecklistFileSchema.parse(json);
  return file.steps.map((s) => {
    const themes = s.themes.map((t) => ({ ...t, items: t.items.map((i) => ({ ...i, theme: t.id })) }));
    return {
      ...s,
      key: `${file.id}/${s.id}`,
      checklist: file.id,
      checklistTitle: file.title,
      document: file.document,
      themes,
      items: themes.flatMap((t) => t.items),
    };
  });
}

export function loadStepCatalog(dir = STEPS_DIR): StepCatalog {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const steps = files.flatMap((f) => {
    try {
      return parseChecklistFile(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    } catch (err) {
      throw new Error(`knowledge/steps/${f}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return new StepCatalog(steps);
}

let cached: StepCatalog | undefined;
/** The project's checklists, loaded once per process. */
export function stepCatalog(): StepCatalog {
  cached ??= loadStepCatalog();
  return cached;
}
