import { UPLOAD_LIMITS, UploadError } from './read-upload.js';

// Fetching a shared file for an adapter's download capability: at most the upload limit is read (a
// larger file is refused while reading, whatever size the platform declared), and a sign-in page
// where a file was expected is an error, not a document.

export async function fetchFile(url: URL, name: string, headers: Record<string, string> = {}): Promise<Uint8Array> {
  const r = await fetch(url, { headers, redirect: 'follow' });
  if (!r.ok || !r.body) throw new Error(`file download failed: HTTP ${r.status}`);
  if (/^text\/html/.test(r.headers.get('content-type') ?? '') && !/\.html?$/i.test(name)) throw new Error('the platform answered with a web page, not the file');
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > UPLOAD_LIMITS.maxBytes) throw new UploadError('too_large', { mb: Math.ceil(total / 1048576) });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
