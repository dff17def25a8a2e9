import type { IncomingAction, IncomingMessage, Language } from './types.js';

// The working group as the core knows it: an id, the member who writes, the group's language. The
// groups module keeps them in the database and is given to the bot (src/app.ts); the core never imports it.

/** Working-group id: platform:workspace:channel. Everything stored is scoped by it. */
export function groupIdOf(m: Pick<IncomingMessage | IncomingAction, 'platform' | 'workspace' | 'channel'>): string {
  return `${m.platform}:${m.workspace}:${m.channel}`;
}

/**
 * A member of a working group. The groups module adds what it keeps (organisation, role) to this
 * interface by declaration merging, so features see the whole member while the core imports nothing.
 */
export interface Member {
  groupId: string;
  userId: string;
  displayName: string | null;
}

/** What the bot needs from the groups module on every message. */
export interface Membership {
  /** Creates the group and the member on first contact; returns the member as stored. */
  touch(place: Pick<IncomingMessage, 'platform' | 'workspace' | 'channel' | 'user'>): Promise<Member>;
  /** Counts a message towards the group's language; returns that language (null before it is known). */
  learnLanguage(groupId: string, text: string): Promise<Language | null>;
}
