import { randomBytes } from 'node:crypto';
import type { Queryable } from '../storage/db.js';
import { t } from './i18n.js';
import type { Language, Reply, ReplyFile } from './types.js';

// A file a platform sends only once the member consents (Teams' FileConsentCard in a personal chat). The
// member may answer minutes later and another instance may take the answer, so the file is kept in the
// database (file_offers), bound to the group and member it was made for: only they get it, and what they
// get is exactly what was offered. Declined or failed, its content is shown in the message instead.

/** An offer not answered within this many days is pruned (src/privacy/retention.ts); the member asks again. */
export const FILE_OFFER_DAYS = 7;

export interface FileOffer {
  id: string;
  groupId: string;
  userId: string;
  language: Language;
  file: ReplyFile;
  /** Exactly the bytes offered (the size the member was told). */
  bytes: Uint8Array;
}

/** The bytes a member receives: a binary file's own, or its text as UTF-8. */
export const fileBytes = (f: ReplyFile): Uint8Array => f.bytes ?? new TextEncoder().encode(f.content);

interface Row {
  id: string;
  group_id: string;
  user_id: string;
  language: string;
  name: string;
  mime: string;
  content: string;
  bytes: Uint8Array;
  is_binary: boolean;
}

export class FileOffers {
  constructor(private readonly db: Queryable) {}

  /** Keeps the file for `userId` in `groupId`; the id (unguessable) is what the platform echoes back. */
  async hold(groupId: string, userId: string, language: Language, file: ReplyFile): Promise<FileOffer> {
    const id = randomBytes(18).toString('base64url');
    const bytes = fileBytes(file);
    await this.db.query(
      `INSERT INTO file_offers (id, group_id, user_id, language, name, mime, content, bytes, is_binary)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, groupId, userId, language, file.name, file.mime, file.content, bytes, Boolean(file.bytes)],
    );
    return { id, groupId, userId, language, file, bytes };
  }

  /**
   * The offer, only when asked for from the group and by the member it was made for (never another group's
   * file, whatever id an answer carries), and not older than FILE_OFFER_DAYS.
   */
  async find(groupId: string, userId: string, id: string): Promise<FileOffer | null> {
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM file_offers WHERE id = $1 AND group_id = $2 AND user_id = $3 AND created_at > now() - $4 * interval '1 day'`,
      [id, groupId, userId, FILE_OFFER_DAYS],
    );
    const r = rows[0];
    if (!r) return null;
    const bytes = new Uint8Array(r.bytes);
    const file: ReplyFile = { name: r.name, mime: r.mime, content: r.content, ...(r.is_binary ? { bytes } : {}) };
    return { id: r.id, groupId: r.group_id, userId: r.user_id, language: r.language === 'en' ? 'en' : 'nl', file, bytes };
  }

  /** Answered: the file is sent or shown, so it is not kept. */
  async drop(groupId: string, id: string): Promise<void> {
    await this.db.query('DELETE FROM file_offers WHERE id = $1 AND group_id = $2', [id, groupId]);
  }
}

/** Why a member did not get an offered file as a file. */
export type NotSent = 'declined' | 'failed';

/** The file's content in the message (a table, a text), with why it is not a file: nothing is lost. */
export function shownInstead(offer: FileOffer, why: NotSent): Reply {
  const lang = offer.language;
  return { text: t(lang, `files.${why}`, { name: offer.file.name }), language: lang, file: { ...offer.file, inline: true } };
}

/** An answer to an offer that is no longer kept (pruned, already answered, or not this member's). */
export function offerGone(language: Language): Reply {
  return { text: t(language, 'files.gone'), language };
}
