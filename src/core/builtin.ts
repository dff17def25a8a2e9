import { route, type ActionContext, type Command, type Exporter, type Feature } from './feature.js';
import { FEEDBACK_ACTION, parseFeedbackValue } from './feedback.js';
import { t } from './i18n.js';
import type { Language, Reply } from './types.js';

// Commands every bot has, whatever features are plugged in: help, export (dispatching to
// the features' exporters) and the 👍/👎 feedback buttons under answers.

export function helpReply(features: Feature[], lang: Language): Reply[] {
  const lines = features.flatMap((f) => f.commands ?? []).map((c) => `- ${t(lang, c.helpKey)}`);
  return [{ text: `${t(lang, 'help.intro')}\n${lines.join('\n')}\n\n${t(lang, 'help.outro')}`, language: lang }];
}

const helpCommand: Command = {
  name: 'help',
  helpKey: 'help.help',
  async run(ctx) {
    for (const f of ctx.args ? ctx.services.features : []) {
      const r = await f.helpTopic?.(ctx);
      if (r) return r;
    }
    return helpReply(ctx.services.features, ctx.lang);
  },
};

const exportCommand: Command = {
  name: 'export',
  helpKey: 'help.export',
  async run(ctx) {
    const exporters: Exporter[] = ctx.services.features.flatMap((f) => f.exporters ?? []);
    const [first = '', ...rest] = ctx.args.split(/\s+/).filter(Boolean);
    const chosen = exporters.find((e) => e.keywords.includes(first.toLowerCase())) ?? exporters.find((e) => e.keywords.length === 0);
    if (!chosen) {
      const choices = exporters.flatMap((e) => e.keywords.slice(0, 1)).join(', ') || '—';
      return [{ text: t(ctx.lang, 'export.unknown', { what: ctx.args, choices }), language: ctx.lang }];
    }
    const matchedKeyword = chosen.keywords.includes(first.toLowerCase());
    return chosen.run(ctx, matchedKeyword ? rest.join(' ') : ctx.args);
  },
};

export function builtinFeature(): Feature {
  return {
    name: 'builtin',
    commands: [helpCommand, exportCommand],
    handlers: [route.action(FEEDBACK_ACTION, recordVote)],
  };
}

/** A 👍/👎 under an answer. */
async function recordVote(ctx: ActionContext): Promise<Reply[]> {
  const { answerId, vote } = parseFeedbackValue(ctx.action.value);
  const rating = vote === 'up' ? 1 : vote === 'down' ? -1 : 0;
  const { rows } = await ctx.services.db.query<{ group_id: string }>('SELECT group_id FROM answers WHERE id = $1', [answerId]);
  // An answer id from another group is treated as unknown: no cross-group writes.
  if (!rating || rows.length === 0 || rows[0].group_id !== ctx.groupId) {
    return [{ text: t(ctx.lang, 'feedback.unknown'), language: ctx.lang, ephemeral: true }];
  }
  await ctx.services.db.query(
    `INSERT INTO feedback (answer_id, user_id, rating, comment) VALUES ($1, $2, $3, $4)
     ON CONFLICT (answer_id, user_id) DO UPDATE SET rating = EXCLUDED.rating, comment = COALESCE(EXCLUDED.comment, feedback.comment), created_at = now()`,
    [answerId, ctx.member.userId, rating, ctx.action.inputs?.comment ?? null],
  );
  return [{ text: t(ctx.lang, rating > 0 ? 'feedback.thanks_up' : 'feedback.thanks_down'), language: ctx.lang, ephemeral: true }];
}
