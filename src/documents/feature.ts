import { route, type ActionContext, type Command, type CommandContext, type Feature } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Language, Reply, SharedFile } from '../core/types.js';
import { leadersLabel } from '../groups/leaders.js';
import { claimProjectLeader } from '../groups/members.js';
import { createLlm } from '../llm/client.js';
import { log } from '../log.js';
import { ensureEmbeddings } from '../retrieval/vectors.js';
import { documentTurn } from './parse-pool.js';
import { UPLOAD_LIMITS, UploadError } from './read-upload.js';
import { latestFile, rememberFiles } from './shared-files.js';
import {
  addGroupDocument,
  findGroupDocument,
  listDocuments,
  matchGroupDocuments,
  removeGroupDocument,
  type StoredDocument,
} from './store.js';

// `document toevoegen` / `documenten` / `document verwijderen <naam>`: a working group's own sources.

/** A file this large, or a PDF with this many pages, gets a "reading …" reply before the result. */
const PROGRESS = { bytes: 1024 * 1024, pages: 10 };
const MAX_TITLE = 120;
/** Sections named in the reply; more are counted. */
const SHOWN_SECTIONS = 8;

const SUB = {
  add: ['toevoegen', 'voeg', 'nieuw', 'add', 'upload'],
  remove: ['verwijderen', 'verwijder', 'wissen', 'remove', 'delete'],
};
const ENGLISH = new Set(['add', 'upload', 'remove', 'delete']);

const say = (lang: Language, key: string, vars: Record<string, string | number> = {}, extra: Partial<Reply> = {}): Reply[] => [
  { text: t(lang, key, vars), language: lang, ...extra },
];

const documentCommand: Command = {
  name: 'document',
  helpKey: 'documents.help.document',
  async run(ctx) {
    const [sub = '', ...rest] = ctx.args.split(/\s+/);
    const word = sub.toLowerCase();
    const lang: Language = ENGLISH.has(word) ? 'en' : ctx.lang;
    const c = { ...ctx, lang, args: rest.join(' ').trim() };
    if (SUB.add.includes(word)) return add(c);
    if (SUB.remove.includes(word)) return confirmRemoval(c);
    return say(lang, 'documents.usage');
  },
};

const documentsCommand: Command = {
  name: 'documenten',
  helpKey: 'documents.help.list',
  async run(ctx) {
    const docs = await listDocuments(ctx.services.db, ctx.groupId);
    const line = (d: StoredDocument) => t(ctx.lang, 'documents.list.item', { title: d.title, passages: d.passages });
    const own = docs.filter((d) => d.groupId);
    const ownLines = own.map(
      (d) => `${line(d)}${t(ctx.lang, 'documents.list.added', { file: d.file, date: d.ingestedAt.toISOString().slice(0, 10) })}`,
    );
    const text = [
      t(ctx.lang, 'documents.list.shared'),
      ...docs.filter((d) => !d.groupId).map(line),
      '',
      t(ctx.lang, 'documents.list.own'),
      ...(own.length ? ownLines : [t(ctx.lang, 'documents.list.none')]),
    ].join('\n');
    return [{ text, language: ctx.lang }];
  },
};

async function add(ctx: CommandContext): Promise<Reply[]> {
  const { lang, services, msg } = ctx;
  const file =
    msg.files?.find((f) => !f.linkOnly) ?? msg.files?.[0] ?? (await latestFile(services.db, ctx.groupId, msg.user.id, msg.thread));
  if (!file) return say(lang, 'documents.no_file');
  if (file.linkOnly) return say(lang, 'documents.link_only', { name: file.name });
  const refused = (err: UploadError) =>
    say(lang, 'documents.refused', {
      name: file.name,
      reason: t(lang, `documents.problem.${err.problem}`, err.detail),
      kept: t(lang, 'documents.problem.nothing_kept'),
    });
  // The declared size is checked before downloading anything.
  if ((file.size ?? 0) > UPLOAD_LIMITS.maxBytes) return refused(new UploadError('too_large', { mb: Math.ceil(file.size! / 1048576) }));
  try {
    return await documentTurn(() => addFile(ctx, file));
  } catch (err) {
    if (err instanceof UploadError) return refused(err);
    throw err;
  }
}

/** Downloads, reads and stores one shared file (in its turn: src/documents/parse-pool.ts). */
async function addFile(ctx: CommandContext, file: SharedFile): Promise<Reply[]> {
  const { lang, services, msg } = ctx;
  // A file larger than declared is refused while downloading (UploadError too_large).
  const bytes = await download(ctx, file);
  if (!bytes) return say(lang, 'documents.download_failed', { name: file.name });
  // Taken before reading: the bytes move to the parse worker.
  const size = bytes.byteLength;
  // Read and indexed in a parse worker; the reply says when a large file takes a while.
  const added = await addGroupDocument(
    services.db,
    ctx.groupId,
    { file: file.name, title: ctx.args.slice(0, MAX_TITLE).trim() || undefined, bytes, addedBy: msg.user.id },
    {
      onRead: async (read) => {
        const pages = read.pages;
        if (ctx.io?.post && (size >= PROGRESS.bytes || pages >= PROGRESS.pages)) {
          await ctx.io.post({
            text: t(lang, pages ? 'documents.reading_pages' : 'documents.reading', { title: read.title, pages }),
            language: lang,
          });
        }
      },
    },
  );
  if (services.config.llm?.embeddingModel) {
    // Embeddings help ranking but are optional: the document is searchable lexically already.
    await ensureEmbeddings(services.db, createLlm(services.config.llm)).catch((err: Error) =>
      log.child({ group: ctx.groupId, platform: msg.platform }).warn({ err: err.message }, 'embeddings of a group document skipped'),
    );
  }
  const shown = added.sections.slice(0, SHOWN_SECTIONS).map((s) => `‘${s}’`);
  if (added.sections.length > SHOWN_SECTIONS) shown.push(t(lang, 'documents.more_sections', { n: added.sections.length - SHOWN_SECTIONS }));
  return say(lang, added.replaced ? 'documents.replaced' : 'documents.added', {
    title: added.document.title,
    passages: added.document.passages,
    count: added.sections.length,
    sections: shown.join(', ') || '—',
  });
}

async function download(ctx: CommandContext, file: SharedFile): Promise<Uint8Array | null> {
  if (!ctx.io) return null;
  try {
    return await ctx.io.download(file);
  } catch (err) {
    if (err instanceof UploadError) throw err;
    log.child({ group: ctx.groupId, platform: ctx.msg.platform }).warn({ err: (err as Error).message }, 'file download failed');
    return null;
  }
}

/** Most documents offered when a part of a title fits several; more means: type more of the title. */
const MAX_CHOICES = 5;

async function confirmRemoval(ctx: CommandContext): Promise<Reply[]> {
  const { lang, services } = ctx;
  if (!ctx.args) return say(lang, 'documents.remove.usage');
  if (!(await claimProjectLeader(services.db, ctx.member))) {
    return say(lang, 'documents.not_leader', { leaders: await leadersLabel(services.db, ctx.groupId) });
  }
  const docs = await matchGroupDocuments(services.db, ctx.groupId, ctx.args);
  if (docs.length === 0) return say(lang, 'documents.remove.unknown', { name: ctx.args });
  if (docs.length === 1) return askRemoval(docs[0], lang);
  // Several fit "<part of the title>": the leader picks one, then confirms as usual.
  const suffix = lang === 'en' ? ':en' : '';
  const shown = docs.slice(0, MAX_CHOICES);
  const more = docs.length > MAX_CHOICES ? `\n${t(lang, 'documents.remove.more', { count: docs.length - MAX_CHOICES })}` : '';
  const text = `${t(lang, 'documents.remove.choose', { name: ctx.args, count: docs.length })}\n${shown.map((d) => `- **${d.title}**`).join('\n')}${more}`;
  const buttons = [
    ...shown.map((d) => ({ label: d.title.slice(0, 70), action: 'documents.choose', value: `${d.docId}${suffix}` })),
    { label: t(lang, 'documents.remove.cancel'), action: 'documents.cancel', value: `-${suffix}` },
  ];
  return [{ text, language: lang, buttons }];
}

function askRemoval(doc: StoredDocument, lang: Language): Reply[] {
  const suffix = lang === 'en' ? ':en' : '';
  return say(
    lang,
    'documents.remove.confirm',
    { title: doc.title, passages: doc.passages },
    {
      buttons: [
        { label: t(lang, 'documents.remove.button'), action: 'documents.remove', value: `${doc.docId}${suffix}`, style: 'danger' },
        { label: t(lang, 'documents.remove.cancel'), action: 'documents.cancel', value: `${doc.docId}${suffix}` },
      ],
    },
  );
}

async function onAction(ctx: ActionContext): Promise<Reply[]> {
  const { lang, services, action } = ctx;
  const docId = action.value.replace(/:en$/, '');
  if (action.action === 'documents.cancel') return say(lang, 'documents.remove.cancelled');
  if (action.action !== 'documents.remove' && action.action !== 'documents.choose')
    return say(lang, 'error.unknown_action', {}, { ephemeral: true });
  if (!(await claimProjectLeader(services.db, ctx.member))) {
    return say(lang, 'documents.not_leader', { leaders: await leadersLabel(services.db, ctx.groupId) }, { ephemeral: true });
  }
  if (action.action === 'documents.choose') {
    const doc = await findGroupDocument(services.db, ctx.groupId, docId);
    return doc ? askRemoval(doc, lang) : say(lang, 'documents.remove.gone');
  }
  const removed = await removeGroupDocument(services.db, ctx.groupId, docId);
  if (!removed) return say(lang, 'documents.remove.gone');
  return say(lang, 'documents.removed', { title: removed.title, passages: removed.passages });
}

export const documentsFeature: Feature = {
  name: 'documents',
  commands: [documentCommand, documentsCommand],
  handlers: [
    route.action('documents.*', onAction),
    // The bot mentioned with a file and no words: the file becomes the group's document.
    route.files((ctx) => add({ ...ctx, args: '', word: documentCommand.name })),
  ],
  // A file shared in the channel is remembered, so `document toevoegen` written later takes it.
  filesShared: (ctx) => rememberFiles(ctx.services.db, ctx.msg),
};
