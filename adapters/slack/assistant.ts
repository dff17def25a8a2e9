import { Assistant } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.js';
import type { Delivery } from '../../src/core/delivery.js';
import { commandText, isGroupless } from '../../src/core/grammar.js';
import { detectLanguage, t } from '../../src/core/i18n.js';
import { starters } from '../../src/core/starters.js';
import { clip } from '../../src/core/text.js';
import type { IncomingMessage } from '../../src/core/types.js';
import { groupIdOf, touchMember } from '../../src/groups/members.js';
import type { SlackTarget } from './target.js';
import type { ScopeHint } from './scope.js';
import { toNeutralText } from './text.js';
import type { UserNames } from './users.js';

// Slack's assistant panel (Bolt's Assistant): a greeting and suggested prompts when a member opens
// it, "zoekt in de documenten…" while answering, the first question as the thread's title. The
// channel the member is viewing (the thread context) is the working group, so glossary, decisions
// and steps work for that group; without a channel, the panel answers document questions only.
// The context is kept in the database (not in Bolt's per-process store), so any instance can answer.

export interface AssistantDeps {
  bot: Bot;
  /** The workspace of a channel's working group (the core's group scope with Slack's hint). */
  workspaceOf(channel: string, hint: ScopeHint): Promise<string>;
  names: UserNames;
  delivery: Delivery<SlackTarget>;
  identity: () => Promise<{ botUserId: string }>;
}

/** What the panel knows about one assistant thread. */
interface ThreadRecord {
  /** The channel the member was viewing, if any. */
  channel?: string;
  team?: string;
  enterprise?: string;
  titled?: boolean;
}

interface SlackContext {
  channel_id?: string;
  team_id?: string;
  enterprise_id?: string;
}

interface AssistantThreadEvent {
  assistant_thread: { user_id: string; channel_id: string; thread_ts: string; context?: SlackContext };
}

/** message_refs kind of a panel thread's record (keyed by the thread's ts). */
const RECORD = 'assistant-thread';

export function createAssistant(deps: AssistantDeps): Assistant {
  const { bot, workspaceOf, names, delivery } = deps;
  const db = bot.services.db;

  /** The member's direct-message group with the bot holds the panel's thread records. */
  async function dmGroup(dm: string, user: string, team: string | undefined): Promise<string> {
    const workspace = await workspaceOf(dm, { team });
    const place = { platform: 'slack' as const, workspace, channel: dm, user: { id: user, name: await names.of(user) } };
    await touchMember(db, place);
    return groupIdOf(place);
  }

  async function remember(e: AssistantThreadEvent, team: string | undefined): Promise<void> {
    const { user_id, channel_id, thread_ts, context } = e.assistant_thread;
    const group = await dmGroup(channel_id, user_id, team);
    const old = (await bot.refs.get<ThreadRecord>(group, RECORD, thread_ts)) ?? {};
    const viewing = context?.channel_id && !context.channel_id.startsWith('D') ? context.channel_id : undefined;
    const record: ThreadRecord = {
      titled: old.titled,
      channel: viewing,
      team: context?.team_id ?? team,
      enterprise: context?.enterprise_id,
    };
    await bot.refs.put(group, RECORD, thread_ts, record);
  }

  return new Assistant({
    // Bolt's default store would keep the context in this process; ours lives in the database.
    threadContextStore: { get: async () => ({}), save: async () => undefined },

    threadStarted: async ({ event, body, say, setSuggestedPrompts }) => {
      const e = event as unknown as AssistantThreadEvent;
      const s = starters('nl');
      await remember(e, (body as { team_id?: string }).team_id);
      await say(s.greeting);
      await setSuggestedPrompts({ title: s.title, prompts: s.prompts });
    },

    threadContextChanged: async ({ event, body }) => {
      await remember(event as unknown as AssistantThreadEvent, (body as { team_id?: string }).team_id);
    },

    userMessage: async ({ message, body, setStatus, setTitle }) => {
      const m = message as {
        user?: string;
        bot_id?: string;
        subtype?: string;
        text?: string;
        channel: string;
        ts: string;
        thread_ts?: string;
      };
      if (m.bot_id || !m.user || !m.thread_ts || (m.subtype && m.subtype !== 'file_share')) return;
      const envelope = body as { event_id?: string; team_id?: string };
      const lang = detectLanguage(m.text ?? '');
      const thread = m.thread_ts;
      await setStatus(t(lang, 'slack.assistant_status')).catch(() => undefined);
      const group = await dmGroup(m.channel, m.user, envelope.team_id);
      const record = await bot.refs.get<ThreadRecord>(group, RECORD, thread);
      const { botUserId } = await deps.identity();
      let text = toNeutralText(m.text ?? '', botUserId);
      if (record && !record.titled) {
        await setTitle(clip(text, 80)).catch(() => undefined);
        await bot.refs.put(group, RECORD, thread, { ...record, titled: true });
      }
      // A panel thread without a channel: document questions only (and the grammar's `groupless` commands).
      // A DM thread the panel never opened (no record) stays what it was: the direct-message group.
      if (record && !record.channel && !isGroupless(text)) text = commandText('vraag', text);
      const channel = record?.channel ?? m.channel;
      const workspace = await workspaceOf(channel, { team: record?.team ?? envelope.team_id, enterprise: record?.enterprise });
      const msg: IncomingMessage = {
        platform: 'slack',
        workspace,
        channel,
        thread,
        messageId: m.ts,
        user: { id: m.user, name: await names.of(m.user) },
        text,
        isDirect: !record?.channel,
      };
      const to: SlackTarget = {
        channel: m.channel,
        thread,
        userId: m.user,
        groupId: groupIdOf(msg),
        language: lang,
        team: envelope.team_id,
      };
      // Everything is answered in the panel's thread, also what would open a thread in a channel.
      await delivery.answer(to, async () => (await bot.handle(msg, { stream: true })).map((r) => ({ ...r, placement: 'thread' as const })));
    },
  });
}
