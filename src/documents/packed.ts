// What a parse worker hands back for a large file, packed: one line per row (JSON never holds a raw newline) in one
// byte buffer, instead of tens of thousands of objects and strings. The main thread unpacks a batch at a time while
// it stores them, so a 24 MB upload's passages, sentences and terms are held as bytes, once.

/** Lines (each without a newline) as one UTF-8 buffer. */
export function packLines(lines: Iterable<string>): Uint8Array {
  const parts: Buffer[] = [];
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === 1000) {
      parts.push(Buffer.from(`${batch.join('\n')}\n`));
      batch = [];
    }
  }
  if (batch.length) parts.push(Buffer.from(`${batch.join('\n')}\n`));
  return Buffer.concat(parts);
}

/** The lines of a packed buffer, in order. */
export function* unpackLines(packed: Uint8Array): Generator<string> {
  const buf = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  for (let at = 0; at < buf.length;) {
    const end = buf.indexOf(10, at);
    yield buf.toString('utf8', at, end);
    at = end + 1;
  }
}

/** Rows as JSON lines. */
export const packRows = (rows: Iterable<unknown>): Uint8Array => packLines(mapped(rows, (r) => JSON.stringify(r)));

export const unpackRows = <T>(packed: Uint8Array): Generator<T> => mapped(unpackLines(packed), (l) => JSON.parse(l) as T);

function* mapped<A, B>(items: Iterable<A>, f: (a: A) => B): Generator<B> {
  for (const a of items) yield f(a);
}

/** Items `size` at a time. */
export function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
