import type { Command, CommandContext, Exporter } from '../core/feature.js';
import { CSV_MIME } from '../core/csv.js';
import { t } from '../core/i18n.js';
import type { Reply } from '../core/types.js';
import { leadersLabel } from '../groups/leaders.js';
import { claimProjectLeader } from '../groups/members.js';
import { LIMITS, parseDecisionArgs } from './parse.js';
import {
  DecisionError,
  changeStatus,
  decisionEvents,
  getDecision,
  listDecisions,
  recordDecision,
  reviseDecision,
  groupDecisionEvents,
  searchDecisions,
  stepRunForThread,
} from './store.js';
import { csvExport, detailText, listText, markdownExport, recordedText, statusLabel } from './view.js';

const reply = (ctx: CommandContext, text: string): Reply[] => [{ text, language: ctx.lang }];

async function run(ctx: CommandContext): Promise<Reply[]> {
  const { db } = ctx.services;
  const cmd = parseDecisionArgs(ctx.args);
  // The author of the decision concerned, or the project leader (claimed by the first who needs it).
  const mayChange = async (authorId: string) => authorId === ctx.member.userId || claimProjectLeader(db, ctx.member);
  switch (cmd.kind) {
    case 'error':
      return reply(ctx, t(ctx.lang, cmd.key, cmd.vars));
    case 'show': {
      const d = await getDecision(db, ctx.groupId, cmd.number);
      if (!d) return reply(ctx, t(ctx.lang, 'decisions.unknown', { number: cmd.number }));
      return reply(ctx, detailText(d, await decisionEvents(db, d.id), ctx.lang));
    }
    case 'revise_ask': {
      const d = await getDecision(db, ctx.groupId, cmd.number);
      if (!d) return reply(ctx, t(ctx.lang, 'decisions.unknown', { number: cmd.number }));
      return reply(ctx, t(ctx.lang, 'decisions.revise_ask', { number: d.number, text: d.text }));
    }
    case 'revise': {
      const d = await reviseDecision(db, ctx.member, cmd.number, cmd.text, cmd.reason, mayChange);
      return reply(ctx, t(ctx.lang, 'decisions.revised', { number: d.number, text: d.text }));
    }
    case 'status': {
      const d = await changeStatus(db, ctx.member, cmd.number, cmd.status, cmd.reason, mayChange);
      return reply(ctx, t(ctx.lang, 'decisions.status_changed', { number: d.number, status: statusLabel(d, ctx.lang) }));
    }
    case 'record': {
      const stepRun = await stepRunForThread(db, ctx.groupId, ctx.msg.thread);
      const d = await recordDecision(db, ctx.member, ctx.msg, { ...cmd, stepRun }, mayChange);
      return reply(ctx, recordedText(d, ctx.lang));
    }
  }
}

/** Turns refusals (unknown number, not allowed, wrong status) into a polite reply. */
async function politely(ctx: CommandContext, fn: () => Promise<Reply[]>): Promise<Reply[]> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof DecisionError)) throw err;
    const vars = { ...err.vars };
    if (err.key === 'decisions.not_allowed') vars.leaders = await leadersLabel(ctx.services.db, ctx.groupId);
    if (typeof vars.status === 'string') vars.status = t(ctx.lang, `decisions.status.${vars.status}`);
    return reply(ctx, t(ctx.lang, err.key, vars));
  }
}

export const besluit: Command = {
  name: 'besluit',
  helpKey: 'decisions.help.decision',
  run: (ctx) => politely(ctx, () => run(ctx)),
};

export const besluiten: Command = {
  name: 'besluiten',
  helpKey: 'decisions.help.decisions',
  async run(ctx) {
    const query = ctx.args.trim();
    if (query.length > LIMITS.search) return reply(ctx, t(ctx.lang, 'decisions.search_too_long', { max: LIMITS.search }));
    const { db } = ctx.services;
    const found = query ? await searchDecisions(db, ctx.groupId, query) : await listDecisions(db, ctx.groupId);
    return reply(ctx, listText(found, ctx.lang, query || undefined));
  },
};

export const decisionsExporter: Exporter = {
  keywords: ['besluiten', 'decisions', 'besluitenlijst'],
  async run(ctx) {
    const decisions = await listDecisions(ctx.services.db, ctx.groupId);
    const history = await groupDecisionEvents(ctx.services.db, ctx.groupId);
    // `export` is a neutral word: the English keyword asks for an English report.
    const lang = /^decisions\b/i.test(ctx.args) ? 'en' : ctx.lang;
    const now = new Date();
    const base = `${lang === 'en' ? 'decisions' : 'besluiten'}-${now.toISOString().slice(0, 10)}`;
    return [
      {
        text: t(lang, 'decisions.export_md', { count: decisions.length }),
        language: lang,
        file: { name: `${base}.md`, mime: 'text/markdown', content: markdownExport(decisions, history, lang, ctx.msg.channel, now) },
      },
      {
        text: t(lang, 'decisions.export_csv'),
        language: lang,
        file: { name: `${base}.csv`, mime: CSV_MIME, content: csvExport(decisions, history, lang) },
      },
    ];
  },
};
