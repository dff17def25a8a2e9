import type { App } from '@slack/bolt';
import type { Bot } from '../../src/core/bot.js';
import { Delivery } from '../../src/core/delivery.js';
import { actionLanguage } from '../../src/core/feedback.js';
import { detectLanguage } from '../../src/core/i18n.js';
import type { IncomingAction, IncomingMessage } from '../../src/core/types.js';
import { groupIdOf } from '../../src/groups/members.js';
import { GroupScope } from '../../src/groups/scope.js';
import { log } from '../../src/log.js';
import { botRemoved } from '../../src/privacy/removal.js';
import { inputId, parseActionId } from './blocks.js';
import type { WebClient } from './client.js';
import { SlackPort } from './port.js';
import { slackErrorCode, type SlackTarget } from './target.js';
import { sharedFiles, type SlackFile } from './files.js';
import { withWorkingReaction } from './progress.js';
import { createAssistant } from './assistant.js';
import { envelopeHint, workspaceHint, type ScopeHint } from './scope.js';
import { toNeutralText } from './text.js';
import { UserNames } from './users.js';

// Slack events, slash commands and button presses → core messages and actions. These listeners run
// in the core's job queue, after the delivery was recorded and acknowledged (index.ts), so a slow
// answer never causes a Slack retry and a crash does not lose it.

export interface HandlerDeps {
  bot: Bot;
  client: WebClient;
  identity: () => Promise<{ botUserId: string; botId: string }>;
  /** Slash command name, e.g. '/werktafel'. */
  command: string;
}

/** The fields of Slack message-like events this adapter reads. */
interface SlackMessage {
  type: string;
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  message?: SlackMessage;
  previous_message?: SlackMessage;
  deleted_ts?: string;
  files?: SlackFile[];
}

interface Envelope {
  event_id?: string;
  team_id?: string;
  enterprise_id?: string;
  is_ext_shared_channel?: boolean;
}

/** Plain user messages; other subtypes (joins, bot posts, topic changes) are not for the bot. */
const USER_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

export function registerHandlers(app: App, deps: HandlerDeps): void {
  const { bot, client, identity } = deps;
  const scope = new GroupScope(bot.services.db);
  const workspaceOf = (channel: string, hint: ScopeHint) => scope.workspaceOf('slack', channel, workspaceHint(hint));
  const names = new UserNames(client);
  const delivery = new Delivery(bot, new SlackPort(client));
  const target = (m: IncomingMessage | IncomingAction, language = detectLanguage('text' in m ? m.text : '')): SlackTarget => ({
    channel: m.channel,
    thread: m.thread,
    userId: m.user.id,
    groupId: groupIdOf(m),
    language,
  });

  // The assistant panel's events and thread messages go to the Assistant, not to the listeners below.
  app.assistant(createAssistant({ bot, workspaceOf, names, delivery, identity }));

  async function toMessage(m: SlackMessage, hint: ScopeHint, extra: Partial<IncomingMessage>): Promise<IncomingMessage> {
    const { botUserId } = await identity();
    const user = m.user ?? 'unknown';
    const [workspace, name] = await Promise.all([workspaceOf(m.channel, hint), names.of(user)]);
    return {
      platform: 'slack',
      workspace,
      channel: m.channel,
      thread: m.thread_ts,
      messageId: m.ts,
      user: { id: user, name },
      text: toNeutralText(m.text ?? '', botUserId),
      isDirect: m.channel_type === 'im' || m.channel.startsWith('D'),
      ...(sharedFiles(m.files) ? { files: sharedFiles(m.files) } : {}),
      ...extra,
    };
  }

  /** Answers a user message in its thread (or, in a direct message, where it was written). */
  async function answer(m: SlackMessage, body: Envelope, thread: string | undefined): Promise<void> {
    const msg = await toMessage(m, envelopeHint(body), { thread });
    // Slack streams a generated answer only into a thread.
    const to = { ...target(msg), team: body.team_id };
    await withWorkingReaction(client, m.channel, m.ts, () =>
      delivery.answer(to, () => bot.handle(msg, { stream: Boolean(thread), io: delivery.io(to) })),
    );
  }

  app.event('app_mention', async ({ event, body }) => {
    const m = event as unknown as SlackMessage;
    // Direct messages arrive as message.im as well; answer those once, there.
    if (m.bot_id || m.subtype || m.channel.startsWith('D')) return;
    await answer(m, body, m.thread_ts ?? m.ts);
  });

  app.event('message', async ({ event, body }) => {
    const m = event as unknown as SlackMessage;
    const envelope = body as Envelope;
    if (m.subtype === 'message_changed' || m.subtype === 'message_deleted') return changed(m, envelope);
    if (m.bot_id || !USER_SUBTYPES.has(m.subtype) || !m.user) return;
    const direct = m.channel_type === 'im';
    if (!direct) {
      // Channels: only follow-ups in a thread the bot answered in; a mention is app_mention's job.
      const { botUserId } = await identity();
      if (m.text?.includes(`<@${botUserId}`)) return;
      const workspace = await workspaceOf(m.channel, envelopeHint(envelope));
      if (!m.thread_ts || !(await bot.isBotThread({ platform: 'slack', workspace, channel: m.channel, thread: m.thread_ts }))) {
        // A file shared in the channel is remembered for a later `document toevoegen`.
        if (m.files?.length) await bot.filesShared(await toMessage(m, envelopeHint(envelope), {}));
        return;
      }
    }
    await answer(m, envelope, m.thread_ts);
  });

  /** Edits and deletions of user messages in bot threads (and direct messages), for features that follow them. */
  async function changed(e: SlackMessage, body: Envelope): Promise<void> {
    const edit = e.subtype === 'message_changed';
    const m = edit ? e.message : e.previous_message;
    if (!m || m.bot_id || !m.user) return;
    // Slack also reports reply counts and link previews as "changes"; only a new text is an edit.
    if (edit && m.text === e.previous_message?.text) return;
    const { botUserId } = await identity();
    if (m.user === botUserId) return;
    const direct = e.channel_type === 'im' || e.channel.startsWith('D');
    const thread = m.thread_ts;
    const workspace = await workspaceOf(e.channel, envelopeHint(body));
    if (!direct && !(thread && (await bot.isBotThread({ platform: 'slack', workspace, channel: e.channel, thread })))) return;
    const msg = await toMessage({ ...m, channel: e.channel, channel_type: e.channel_type }, envelopeHint(body), {
      kind: edit ? 'edit' : 'delete',
      messageId: edit ? m.ts : (e.deleted_ts ?? m.ts),
      text: edit ? toNeutralText(m.text ?? '', botUserId) : '',
    });
    await delivery.answer(target(msg, detectLanguage(m.text ?? '')), () => bot.handle(msg));
  }

  app.command(deps.command, async ({ command, ack }) => {
    await ack();
    const [workspace, name, { botUserId }] = await Promise.all([
      workspaceOf(command.channel_id, { team: command.team_id, enterprise: command.enterprise_id }),
      names.of(command.user_id, command.user_name),
      identity(),
    ]);
    const msg: IncomingMessage = {
      platform: 'slack',
      workspace,
      channel: command.channel_id,
      user: { id: command.user_id, name },
      // The command already addresses the bot; the core's grammar takes "vraag …", "help", … or a plain question.
      // Its text is escaped like a message's (&amp;, and with should_escape <@U…|name> mentions and <url> links).
      text: toNeutralText(command.text, botUserId),
      isDirect: command.channel_id.startsWith('D'),
    };
    await delivery.answer({ ...target(msg), responseUrl: command.response_url }, () => bot.handle(msg));
  });

  app.action(/.*/, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions' || !('action_id' in action)) return;
    // Choosing in a menu only sets what the next button sends along.
    if (inputId(action.action_id) !== null) return;
    const channel = body.channel?.id;
    if (!channel) return;
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const thread = message?.thread_ts ?? message?.ts;
    const value = ('value' in action && action.value) || ('selected_option' in action && action.selected_option?.value) || '';
    const [workspace, name] = await Promise.all([
      workspaceOf(channel, { team: body.team?.id, enterprise: body.enterprise?.id }),
      names.of(body.user.id, body.user.name),
    ]);
    const incoming: IncomingAction = {
      platform: 'slack',
      workspace,
      channel,
      thread,
      messageId: message?.ts,
      user: { id: body.user.id, name },
      action: parseActionId(action.action_id),
      value,
      inputs: stateInputs(body.state?.values),
    };
    await delivery.answer(target(incoming, actionLanguage(value)), () => bot.handleAction(incoming));
  });

  // The app left the workspace or a channel is gone: the groups' data is erased after a grace period.
  app.event(/^(app_uninstalled|channel_deleted|group_deleted)$/, async ({ event, body }) => {
    const e = event as { type: string; channel?: string };
    const env = body as Envelope & { is_enterprise_install?: boolean };
    // Groups of a grid org are stored under the org id: only an org-wide uninstall reaches those.
    const workspace = env.is_enterprise_install ? env.enterprise_id : env.team_id;
    const workspaces = workspace ? [workspace] : [];
    const where =
      e.type === 'app_uninstalled' ? { platform: 'slack' as const, workspaces } : { platform: 'slack' as const, channel: e.channel };
    await botRemoved(bot.services, where, `slack:${e.type}`);
  });

  // Rethrown: the job fails and is retried (e.g. users.info or the database was briefly unreachable).
  app.error(async (err) => {
    log.child({ platform: 'slack' }).error({ err: err.message, code: slackErrorCode(err) }, 'slack listener failed');
    throw err;
  });
}

/** Text inputs and selects of a card, keyed by action id. */
function stateInputs(values: Record<string, Record<string, unknown>> | undefined): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const block of Object.values(values)) {
    for (const [actionId, state] of Object.entries(block)) {
      const s = state as { value?: string | null; selected_option?: { value?: string } | null };
      const v = s.value ?? s.selected_option?.value;
      if (typeof v === 'string') out[inputId(actionId) ?? parseActionId(actionId)] = v;
    }
  }
  return Object.keys(out).length ? out : undefined;
}
