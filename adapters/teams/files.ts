import type { Activity } from 'botbuilder';
import type { SharedFile } from '../../src/core/types.js';
import { fetchFile, isInternalHost } from '../../src/documents/download.js';

// Files shared in Teams. In personal and group chats a file arrives as a file.download.info attachment
// with a short-lived, pre-authorised downloadUrl on SharePoint/OneDrive. Channel files come only as a
// link to the SharePoint page (a 'reference' attachment, or a link in the message's HTML): nothing the
// bot can download, which the core says plainly.

const DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const DOCUMENT_LINK = /<a[^>]+href="(https:\/\/[^"]+\.sharepoint\.com\/[^"]+\.(?:pdf|docx?|md|txt)(?:\?[^"]*)?)"[^>]*>([^<]*)<\/a>/gi;

interface DownloadInfo {
  downloadUrl?: string;
  fileType?: string;
}

export function sharedFiles(a: Partial<Activity>): SharedFile[] | undefined {
  const out: SharedFile[] = [];
  for (const att of a.attachments ?? []) {
    const info = att.content as DownloadInfo | undefined;
    if (att.contentType === DOWNLOAD_INFO && info?.downloadUrl) {
      out.push({ name: att.name ?? `bestand.${info.fileType ?? ''}`, ref: info.downloadUrl });
    } else if (att.contentType === 'reference' && att.contentUrl) {
      out.push({ name: att.name ?? decodeURIComponent(att.contentUrl.split('/').pop() ?? 'bestand'), ref: att.contentUrl, linkOnly: true });
    } else if (att.contentType === 'text/html' && typeof att.content === 'string') {
      for (const m of att.content.matchAll(DOCUMENT_LINK))
        out.push({ name: m[2] || decodeURIComponent(m[1].split('/').pop()!), ref: m[1], linkOnly: true });
    }
  }
  return out.length ? out : undefined;
}

/**
 * Hosts Teams hands out file download links on, and their redirects: SharePoint and OneDrive (also the
 * national clouds), Microsoft Graph, and Teams' own file store.
 */
const TEAMS_FILE_HOST =
  /(^|\.)(sharepoint\.com|sharepoint-df\.com|sharepoint\.us|sharepoint-mil\.us|sharepoint\.de|sharepoint\.cn|onedrive\.com|onedrive\.live\.com|1drv\.com|1drv\.ms|svc\.ms|teams\.microsoft\.com|asm\.skype\.com)$|^graph\.microsoft\.(com|us|de)$|^microsoftgraph\.chinacloudapi\.cn$/;

/**
 * Reads a file sent in a chat from its downloadUrl, which carries its own short-lived authorisation: no
 * token is sent. Only Teams' file hosts, on every redirect; loopback only in the local trial (no app id).
 */
export function downloadTeamsFile(file: SharedFile, opts: { localTrial: boolean }): Promise<Uint8Array> {
  const allowed = (url: URL) => TEAMS_FILE_HOST.test(url.hostname) || (opts.localTrial && isInternalHost(url.hostname));
  return fetchFile(new URL(file.ref), file.name, { allowed, local: opts.localTrial });
}
