import { randomUUID } from 'node:crypto';

// Bot Framework activities as Teams sends them (shape from real Teams traffic), for tests and manual trials.

export const TENANT = '72f988bf-0000-4000-8000-000000000001';
export const BOT = { id: '28:werktafel-bot', name: 'Werktafel' };
export const TEAMS_CHANNEL = '19:werkgroep-wonen@thread.tacv2';
export const PERSONAL_CONVERSATION = 'a:1personal-chat-with-alex';
export const GROUP_CHAT = '19:groupchat-1@thread.v2';

export interface User {
  id: string;
  name: string;
  aadObjectId?: string;
}

export const ALEX: User = { id: '29:alex', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000a1' };
export const MEGAN: User = { id: '29:megan', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-0000000000b2' };

type Activity = Record<string, unknown>;

let counter = 0;
/** Teams message ids are epoch milliseconds; a counter keeps them unique within a test run. */
export const nextMessageId = () => String(Date.now() * 1000 + (counter++ % 1000));

function base(serviceUrl: string, from: User, conversation: Record<string, unknown>, extra: Activity = {}): Activity {
  return {
    type: 'message',
    id: nextMessageId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from,
    recipient: BOT,
    conversation: { tenantId: TENANT, ...conversation },
    channelData: { tenant: { id: TENANT } },
    locale: 'nl-NL',
    ...extra,
  };
}

/** A personal (1:1) chat message. */
export function personalMessage(serviceUrl: string, text: string, from: User = ALEX, conversation = PERSONAL_CONVERSATION): Activity {
  return base(serviceUrl, from, { id: conversation, conversationType: 'personal' }, { text, textFormat: 'plain' });
}

/** A group-chat message @mentioning the bot. */
export function groupChatMention(serviceUrl: string, text: string, from: User = ALEX, conversation = GROUP_CHAT): Activity {
  return base(
    serviceUrl,
    from,
    { id: conversation, conversationType: 'groupChat', isGroup: true },
    {
      text: `<at>${BOT.name}</at> ${text}`,
      textFormat: 'plain',
      entities: [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }],
    },
  );
}

/** A file sent with a chat message (personal or group chat): a file.download.info attachment with its downloadUrl. */
export function fileAttachment(name: string, downloadUrl: string): Activity {
  const fileType = name.split('.').pop() ?? '';
  return {
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    contentUrl: `https://contoso-my.sharepoint.com/personal/alex/Documents/Microsoft Teams Chat Files/${name}`,
    name,
    content: { downloadUrl, uniqueId: randomUUID(), fileType },
  };
}

/** A file shared in a channel: Teams gives the bot only the SharePoint page's link. */
export function channelFileReference(name: string): Activity {
  return { contentType: 'reference', contentUrl: `https://contoso.sharepoint.com/sites/werkgroep/Gedeelde documenten/${name}`, name };
}

/**
 * A channel message @mentioning the bot. `root` is the reply chain; omitted, the message starts a
 * new chain (its own id is the root, as in Teams).
 */
export function channelMention(
  serviceUrl: string,
  text: string,
  opts: { root?: string; from?: User; mentions?: User[]; channel?: string } = {},
): Activity {
  const id = nextMessageId();
  const root = opts.root ?? id;
  const channel = opts.channel ?? TEAMS_CHANNEL;
  const others = (opts.mentions ?? []).map((u) => ({ type: 'mention', mentioned: { id: u.id, name: u.name }, text: `<at>${u.name}</at>` }));
  return base(
    serviceUrl,
    opts.from ?? ALEX,
    { id: `${channel};messageid=${root}`, conversationType: 'channel', isGroup: true },
    {
      id,
      text: `<at>${BOT.name}</at> ${text}`,
      textFormat: 'plain',
      ...(opts.root ? { replyToId: opts.root } : {}),
      entities: [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }, ...others],
      channelData: { tenant: { id: TENANT }, team: { id: TEAMS_CHANNEL }, channel: { id: channel } },
    },
  );
}

/** A channel message in a reply chain without a mention (Teams sends these only with RSC permissions). */
export function channelReply(serviceUrl: string, text: string, root: string, from: User = ALEX): Activity {
  return base(
    serviceUrl,
    from,
    { id: `${TEAMS_CHANNEL};messageid=${root}`, conversationType: 'channel', isGroup: true },
    {
      text,
      textFormat: 'plain',
      replyToId: root,
      channelData: { tenant: { id: TENANT }, team: { id: TEAMS_CHANNEL }, channel: { id: TEAMS_CHANNEL } },
    },
  );
}

/**
 * The user edited a message: Teams sends a `messageUpdate` activity with the message's own id,
 * its new text (mentions included) and channelData.eventType 'editMessage'.
 */
export function messageEdit(original: Activity, text: string): Activity {
  const mention = (original.entities as { mentioned?: { id?: string } }[] | undefined)?.some((e) => e.mentioned?.id === BOT.id);
  return {
    ...original,
    type: 'messageUpdate',
    timestamp: new Date().toISOString(),
    text: mention ? `<at>${BOT.name}</at> ${text}` : text,
    channelData: { ...(original.channelData as object), eventType: 'editMessage' },
  };
}

/** The user deleted a message: `messageDelete` with channelData.eventType 'softDeleteMessage', no text. */
export function messageDelete(original: Activity): Activity {
  const { text: _text, entities: _entities, textFormat: _format, ...rest } = original;
  return {
    ...rest,
    type: 'messageDelete',
    timestamp: new Date().toISOString(),
    channelData: { ...(original.channelData as object), eventType: 'softDeleteMessage' },
  };
}

/** An Action.Submit press: a message activity without text, the card's data in `value`. */
export function cardSubmit(
  serviceUrl: string,
  conversation: { id: string; conversationType: string },
  cardId: string,
  value: Activity,
  from: User = ALEX,
): Activity {
  return base(serviceUrl, from, { ...conversation, isGroup: conversation.conversationType !== 'personal' }, { replyToId: cardId, value });
}

/** Teams' built-in 👍/👎 dialog (feedbackLoopEnabled): invoke message/submitAction. */
export function feedbackInvoke(
  serviceUrl: string,
  answerMessageId: string,
  reaction: 'like' | 'dislike',
  feedbackText = '',
  from: User = ALEX,
): Activity {
  return base(
    serviceUrl,
    from,
    { id: PERSONAL_CONVERSATION, conversationType: 'personal' },
    {
      type: 'invoke',
      id: randomUUID(),
      name: 'message/submitAction',
      replyToId: answerMessageId,
      value: { actionName: 'feedback', actionValue: { reaction, feedback: JSON.stringify({ feedbackText }) } },
    },
  );
}

/**
 * The member's answer to a FileConsentCard: invoke fileConsent/invoke with the card's context and, when accepted,
 * the upload session Teams made in their OneDrive (uploadInfo).
 */
export function fileConsentInvoke(
  serviceUrl: string,
  consent: { context: unknown; replyToId?: string },
  answer: { action: 'accept'; uploadUrl: string; name: string } | { action: 'decline' },
  opts: { from?: User; conversation?: string; locale?: string } = {},
): Activity {
  const fileType = answer.action === 'accept' ? (answer.name.split('.').pop() ?? '') : '';
  return base(
    serviceUrl,
    opts.from ?? ALEX,
    { id: opts.conversation ?? PERSONAL_CONVERSATION, conversationType: 'personal' },
    {
      type: 'invoke',
      id: randomUUID(),
      name: 'fileConsent/invoke',
      ...(consent.replyToId ? { replyToId: consent.replyToId } : {}),
      ...(opts.locale ? { locale: opts.locale } : {}),
      value: {
        type: 'fileUpload',
        action: answer.action,
        context: consent.context,
        ...(answer.action === 'accept'
          ? {
              uploadInfo: {
                contentUrl: `https://contoso-my.sharepoint.com/personal/alex/Documents/Applications/Werktafel/${answer.name}`,
                name: answer.name,
                uploadUrl: answer.uploadUrl,
                uniqueId: randomUUID(),
                fileType,
              },
            }
          : {}),
      },
    },
  );
}

/**
 * The bot removed from (or added to) a channel's team or a chat: `conversationUpdate` with the bot in
 * membersRemoved (membersAdded), channelData.eventType teamMemberRemoved (teamMemberAdded) in a team.
 */
export function botMembership(
  serviceUrl: string,
  change: 'removed' | 'added',
  conversation: { id: string; conversationType: 'channel' | 'groupChat' | 'personal' },
  from: User = ALEX,
): Activity {
  const inTeam = conversation.conversationType === 'channel';
  return base(
    serviceUrl,
    from,
    { ...conversation, isGroup: conversation.conversationType !== 'personal' },
    {
      type: 'conversationUpdate',
      id: randomUUID(),
      [change === 'removed' ? 'membersRemoved' : 'membersAdded']: [{ id: BOT.id }],
      channelData: {
        tenant: { id: TENANT },
        ...(inTeam ? { team: { id: conversation.id }, eventType: change === 'removed' ? 'teamMemberRemoved' : 'teamMemberAdded' } : {}),
      },
    },
  );
}
