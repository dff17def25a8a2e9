import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Answerer, AskOptions } from '../qa/answerer.js';
import type { Citation } from '../core/types.js';

// Werktafel's grounded retrieval over the Dutch documents as a LangChain retriever, for teams that
// build their own chains: the same ranking as the bot, each passage with its citation in metadata.

/** The citation of a passage, as LangChain metadata. */
export interface WerktafelCitation {
  /** Rank, 1 = best: the [n] a member sees. */
  n: number;
  /** Catalog id of the document. */
  document: string;
  file: string;
  title: string;
  section: string;
  /** First and last line of the passage in the cleaned document text. */
  lines: [number, number];
  page: number | null;
  score: number;
  /** LangChain's conventional field: the document's file in knowledge/documents. */
  source: string;
}

export interface WerktafelRetrieverInput
  extends BaseRetrieverInput, Pick<AskOptions, 'k' | 'language' | 'documents' | 'extraTerms' | 'group'> {
  /** The question answerer of an opened Werktafel: `(await createWerktafel()).services.qa`. */
  answerer: Pick<Answerer, 'search'>;
}

export class WerktafelRetriever extends BaseRetriever<WerktafelCitation> {
  lc_namespace = ['werktafel', 'retrievers'];

  static lc_name(): string {
    return 'WerktafelRetriever';
  }

  private readonly answerer: Pick<Answerer, 'search'>;
  private readonly options: AskOptions;

  constructor({ answerer, k, language, documents, extraTerms, group, ...fields }: WerktafelRetrieverInput) {
    super(fields);
    this.answerer = answerer;
    // The group goes to search() as a question in that group's channel does: the one scope rule.
    this.options = { k, language, documents, extraTerms, group };
  }

  async _getRelevantDocuments(query: string): Promise<Document<WerktafelCitation>[]> {
    const citations = await this.answerer.search(query, this.options);
    return citations.map(toDocument);
  }
}

export function toDocument(c: Citation): Document<WerktafelCitation> {
  return new Document({
    id: `${c.document}:${c.lines[0]}-${c.lines[1]}`,
    pageContent: c.text,
    metadata: {
      n: c.n,
      document: c.document,
      file: c.file,
      title: c.title,
      section: c.section,
      lines: c.lines,
      page: c.page,
      score: c.score,
      source: c.file,
    },
  });
}
