/** A document as loaded from disk, before cleaning. Line numbers refer to `text` split on \n. */
export interface SourceDocument {
  /** Catalog id (e.g. vng-handreiking-woonzorg-jongeren-2022), or derived from the file name. */
  docId: string;
  /** File name relative to the knowledge directory. */
  file: string;
  title: string;
  publisher?: string;
  year?: number;
  text: string;
}

export type PassageKind = 'body' | 'voorwoord' | 'colofon' | 'footnote' | 'figure' | 'table' | 'quote' | 'toc' | 'bijlage';

/** A retrievable unit: cleaned wording, its section path and its place in the original file. */
export interface Passage {
  ord: number;
  /** Heading path, outermost first, joined by " > ". */
  section: string;
  /** Innermost heading (may equal section). */
  heading: string;
  kind: PassageKind;
  /** 1-based, inclusive, in the original file; lineEnd - lineStart < 30. */
  lineStart: number;
  lineEnd: number;
  page: number | null;
  /** Cleaned text: artefacts removed, wording unchanged. */
  text: string;
}
