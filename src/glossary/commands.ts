import type { Command, CommandContext } from '../core/feature.js';
import { t } from '../core/i18n.js';
import type { Citation, Reply } from '../core/types.js';
import { leadersLabel } from '../groups/leaders.js';
import { claimProjectLeader } from '../groups/members.js';
import { parseTermArgs } from './parse.js';
import { filterSeeds, findSeed, seedCitation } from './seeds.js';
import { agreeLatest, findTerm, listTerms, proposeVersion } from './store.js';
import { documentsBlock, groupDefinition, historyText, listText, seedBlock } from './view.js';

const reply = (ctx: CommandContext, text: string, citations?: Citation[]): Reply[] => [
  { text, language: ctx.lang, ...(citations?.length ? { citations } : {}) },
];

/** The command word to show in hints: the one the member typed (begrip / term). */
const termWord = (ctx: CommandContext) => (ctx.word === 'term' ? 'term' : 'begrip');

async function show(ctx: CommandContext, typed: string): Promise<Reply[]> {
  const { db, qa } = ctx.services;
  const word = termWord(ctx);
  const found = await findTerm(db, ctx.groupId, typed);
  const seed = await findSeed(db, typed);
  const name = found?.term.term ?? seed?.term ?? typed;
  const parts: string[] = [];
  if (found) {
    parts.push(groupDefinition(found.term, ctx.lang, word, typed).join('\n'));
  } else {
    parts.push(t(ctx.lang, 'glossary.show.none', { term: typed, word }));
  }
  const citations: Citation[] = [];
  if (seed) {
    citations.push(seedCitation(seed, 1));
    parts.push(seedBlock(seed, 1, ctx.lang));
  }
  const docs = (await qa.search(name, { k: 3, language: ctx.lang, group: ctx.groupId })).map((c, i) => ({
    ...c,
    n: citations.length + i + 1,
  }));
  citations.push(...docs);
  parts.push(documentsBlock(name, docs, ctx.lang));
  if (found && found.term.versions.length > 1) parts.push(t(ctx.lang, 'glossary.show.history_hint', { word, term: found.term.term }));
  return reply(ctx, parts.join('\n\n'), citations);
}

export const begrip: Command = {
  name: 'begrip',
  helpKey: 'glossary.help.term',
  async run(ctx) {
    const { db } = ctx.services;
    const word = termWord(ctx);
    const cmd = parseTermArgs(ctx.args);
    switch (cmd.kind) {
      case 'error':
        return reply(ctx, t(ctx.lang, cmd.key, { word, ...cmd.vars }));
      case 'show':
        return show(ctx, cmd.term);
      case 'history': {
        const found = await findTerm(db, ctx.groupId, cmd.term);
        if (!found) return reply(ctx, t(ctx.lang, 'glossary.unknown', { term: cmd.term, word }));
        return reply(ctx, historyText(found.term, ctx.lang));
      }
      case 'agree': {
        const found = await findTerm(db, ctx.groupId, cmd.term);
        if (!found) return reply(ctx, t(ctx.lang, 'glossary.unknown', { term: cmd.term, word }));
        if (!(await claimProjectLeader(db, ctx.member)))
          return reply(ctx, t(ctx.lang, 'glossary.not_leader', { leaders: await leadersLabel(db, ctx.groupId) }));
        const { term, already } = await agreeLatest(db, ctx.member, found.term.id);
        const version = term.versions[term.versions.length - 1].version;
        return reply(ctx, t(ctx.lang, already ? 'glossary.already_agreed' : 'glossary.agreed', { term: term.term, version }));
      }
      case 'propose': {
        const { term, version } = await proposeVersion(db, ctx.member, cmd);
        const key = version.version === 1 ? 'glossary.proposed_first' : 'glossary.proposed_new';
        return reply(ctx, t(ctx.lang, key, { term: term.term, version: version.version, word }));
      }
    }
  },
};

export const begrippen: Command = {
  name: 'begrippen',
  helpKey: 'glossary.help.terms',
  async run(ctx) {
    const filter = ctx.args.trim() || undefined;
    if (filter && filter.length > 80) return reply(ctx, t(ctx.lang, 'glossary.term_too_long', { max: 80 }));
    const terms = await listTerms(ctx.services.db, ctx.groupId, filter);
    const word = ctx.word === 'terms' || ctx.word === 'glossary' ? 'term' : 'begrip';
    return reply(ctx, listText(terms, filterSeeds(filter), ctx.lang, word, filter));
  },
};
