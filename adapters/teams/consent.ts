import type { Attachment } from 'botbuilder';
import type { FileOffer } from '../../src/core/file-offers.js';
import { t } from '../../src/core/i18n.js';
import { isInternalHost, refusedHop } from '../../src/documents/download.js';

// Teams' own way for a bot to send a file (personal chat only): a FileConsentCard asks the member; on
// "accept" Teams creates the file in their OneDrive and hands the bot an upload URL (invoke
// fileConsent/invoke), the bot PUTs the bytes there and shows a FileInfoCard. The card's contexts carry
// only the offer's id: the file itself is kept by the core (src/core/file-offers.ts).

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';

/** What Teams says about the file it created for the upload (FileUploadInfo). */
export interface UploadInfo {
  name?: string;
  uploadUrl?: string;
  contentUrl?: string;
  uniqueId?: string;
  fileType?: string;
}

export interface ConsentAnswer {
  action: 'accept' | 'decline';
  offerId: string;
  upload?: UploadInfo;
}

export function consentCard(offer: FileOffer): Attachment {
  const context = { offer: offer.id };
  return {
    contentType: FILE_CONSENT,
    name: offer.file.name,
    content: {
      description: t(offer.language, 'teams.file_consent', { name: offer.file.name }),
      sizeInBytes: offer.bytes.length,
      acceptContext: context,
      declineContext: context,
    },
  };
}

/** The invoke's value ({action, context, uploadInfo}); null when it names no offer of ours. */
export function consentAnswer(value: unknown): ConsentAnswer | null {
  const v = value as { action?: unknown; context?: { offer?: unknown }; uploadInfo?: UploadInfo } | undefined;
  if (!v || (v.action !== 'accept' && v.action !== 'decline') || typeof v.context?.offer !== 'string') return null;
  return { action: v.action, offerId: v.context.offer, ...(v.uploadInfo ? { upload: v.uploadInfo } : {}) };
}

/** Upload URLs are SharePoint/OneDrive upload sessions (also the national clouds). */
const UPLOAD_HOST =
  /(^|\.)(sharepoint\.com|sharepoint-df\.com|sharepoint\.us|sharepoint-mil\.us|sharepoint\.de|sharepoint\.cn|onedrive\.com|onedrive\.live\.com)$/;
const UPLOAD_TIMEOUT_MS = 60_000;

/**
 * PUTs the bytes to the upload URL Teams gave, in one range. Only https on SharePoint/OneDrive, never a
 * loopback or private address, no redirect followed; the local trial (no app id) also uploads to loopback.
 * Throws with the reason when refused or not accepted.
 */
export async function uploadToConsentedFile(bytes: Uint8Array, upload: UploadInfo, opts: { localTrial: boolean }): Promise<void> {
  let url: URL;
  try {
    url = new URL(upload.uploadUrl ?? '');
  } catch {
    throw new Error('no upload URL');
  }
  const refused = refusedHop(url, {
    allowed: (u) => UPLOAD_HOST.test(u.hostname) || (opts.localTrial && isInternalHost(u.hostname)),
    local: opts.localTrial,
  });
  if (refused) throw new Error(`upload refused: ${refused}`);
  const n = bytes.length;
  const res = await fetch(url, {
    method: 'PUT',
    // fetch sets Content-Length from the body (n bytes); undici refuses it set by hand.
    headers: { 'content-type': 'application/octet-stream', 'content-range': n > 0 ? `bytes 0-${n - 1}/${n}` : 'bytes */0' },
    body: new Uint8Array(bytes),
    redirect: 'manual',
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status !== 200 && res.status !== 201) throw new Error(`upload not accepted: HTTP ${res.status}`);
}

/** The card Teams shows for a file in the member's OneDrive (opens it, offers download). */
export function fileInfoCard(upload: UploadInfo, fallbackName: string): Attachment {
  return {
    contentType: FILE_INFO,
    contentUrl: upload.contentUrl,
    name: upload.name ?? fallbackName,
    content: { uniqueId: upload.uniqueId, fileType: upload.fileType ?? fallbackName.split('.').pop() },
  };
}
