import type { IncomingMessage } from '../../src/core/types.js';

/**
 * What `user` types in the terminal channel `channel` (workspace w), as the core receives it; the display name is
 * the id capitalised (anna → Anna). `extra` adds a thread, files, a message id and the like.
 */
export const cliMsg = (channel: string, user: string, text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  platform: 'cli',
  workspace: 'w',
  channel,
  user: { id: user, name: user[0].toUpperCase() + user.slice(1) },
  text,
  ...extra,
});
