import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../paths.js';
import { escapeRegExp } from '../text/regex.js';
import type { PassageKind } from './types.js';

// What is particular to a publication (its running headers, the names it uses, how its sections begin) is data
// in knowledge/layouts/*.json, so a new publication needs a data file, not code. Every file applies to every
// document: a pattern only matches in the publication it was written for.

const KINDS = ['voorwoord', 'colofon', 'toc', 'bijlage', 'body'] as const satisfies readonly PassageKind[];

const RunningHeaderSchema = z
  .object({
    /** The header's text as printed; any run of spaces matches any run of white space. */
    text: z.string().min(3),
    /** "12 Vereniging van …": the page number precedes the text and anchors page numbers. */
    pageNumber: z.literal('before').optional(),
    /** "… ‘Zo doen we dat!’ | Proeftuin De Ruwaard": after this separator comes the section's name. */
    sectionAfter: z.string().min(1).optional(),
  })
  .strict()
  .refine((h) => !(h.pageNumber && h.sectionAfter), 'a running header carries a page number or a section name, not both');

const LayoutFileSchema = z
  .object({
    $comment: z.string().optional(),
    publication: z.string().optional(),
    runningHeaders: z.array(RunningHeaderSchema).default([]),
    /** A line that opens a new section in a magazine whose header was lost ("Urgentie van de opgave"). */
    sectionOpeners: z.array(z.string().min(1)).default([]),
    /** Headings that give their section a kind: exact (case-insensitive) or by their first word(s). */
    matterHeadings: z
      .array(
        z
          .object({
            kind: z.enum(KINDS),
            headings: z.array(z.string().min(1)).default([]),
            startsWith: z.array(z.string().min(1)).default([]),
          })
          .strict()
          .refine((m) => m.headings.length + m.startsWith.length > 0, 'name headings or startsWith'),
      )
      .default([]),
    /** Names ending in digits ("Platform31") that are not a word with a glued footnote number. */
    namesWithDigits: z.array(z.string().regex(/\d$/, 'a name with digits ends in a digit')).default([]),
    /** Words a number follows as its label ("figuur 13", "stap 4"): that number is no footnote marker. */
    numberedWords: z.array(z.string().regex(/^\p{L}+$/u, 'one word')).default([]),
  })
  .strict();

export interface HeaderMatch {
  /** The section's name, for a header that carries one. */
  section?: string;
  /** The printed page number, for a header that carries one. */
  page?: number;
}

export interface Layouts {
  /** Changes with any layout file, so that documents are parsed again when their layout changes (ingest.ts). */
  version: string;
  /** The running header this raw line is, if any. */
  runningHeader(raw: string): HeaderMatch | undefined;
  isSectionOpener(text: string): boolean;
  matterKind(heading: string): PassageKind | undefined;
  isNameWithDigits(word: string): boolean;
  /** A word that labels the number after it ("figuur", "stap"). */
  labelsNumber(word: string): boolean;
}

const spaced = (s: string) => s.trim().split(/\s+/).map(escapeRegExp).join('\\s+');

type Header = z.infer<typeof RunningHeaderSchema>;

function headerPattern(h: Header): { re: RegExp; read: (m: RegExpExecArray) => HeaderMatch } {
  const text = spaced(h.text);
  if (h.pageNumber) return { re: new RegExp(`^\\s*(\\d{1,3})\\s+${text}\\s*$`, 'u'), read: (m) => ({ page: Number(m[1]) }) };
  if (h.sectionAfter) {
    return { re: new RegExp(`^\\s*${text}\\s*${escapeRegExp(h.sectionAfter)}\\s*(.*?)\\s*$`, 'u'), read: (m) => ({ section: m[1] }) };
  }
  return { re: new RegExp(`^\\s*${text}\\s*$`, 'u'), read: () => ({}) };
}

/** Reads and checks every layout file in `dir`; a file that does not fit the schema stops with its name. */
export function loadLayouts(dir: string): Layouts {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const version = createHash('sha256');
  const parsed = files.map((f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    version.update(f).update('\0').update(text).update('\0');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`Layout file ${path.join(dir, f)}: not JSON (${(e as Error).message})`);
    }
    const result = LayoutFileSchema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`Layout file ${path.join(dir, f)}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
    }
    return result.data;
  });
  const headers = parsed.flatMap((p) => p.runningHeaders.map(headerPattern));
  const openers = new Set(parsed.flatMap((p) => p.sectionOpeners));
  const matter = parsed.flatMap((p) =>
    p.matterHeadings.map((m) => ({
      kind: m.kind,
      re: new RegExp(
        [...m.headings.map((x) => `^${spaced(x)}$`), ...m.startsWith.map((x) => `^${spaced(x)}(?![\\p{L}\\d])`)].join('|'),
        'iu',
      ),
    })),
  );
  const names = new Set(parsed.flatMap((p) => p.namesWithDigits.map((n) => n.toLowerCase())));
  const labels = new Set(parsed.flatMap((p) => p.numberedWords.map((n) => n.toLowerCase())));
  return {
    version: version.digest('hex').slice(0, 16),
    runningHeader(raw) {
      for (const h of headers) {
        const m = h.re.exec(raw);
        if (m) return h.read(m);
      }
      return undefined;
    },
    isSectionOpener: (text) => openers.has(text),
    matterKind: (heading) => matter.find((m) => m.re.test(heading))?.kind,
    isNameWithDigits: (word) => names.has(word.toLowerCase()),
    labelsNumber: (word) => labels.has(word.toLowerCase()),
  };
}

let repo: Layouts | undefined;

/** The layouts in the repository's knowledge/layouts. */
export function layouts(): Layouts {
  repo ??= loadLayouts(path.join(PROJECT_ROOT, 'knowledge', 'layouts'));
  return repo;
}
