// What a parse worker hands back for a large file, packed: one line per row (JSON never holds a raw newline) in
// byte buffers of a thousand rows each, instead of tens of thousands of objects and strings. They are moved to the
// main thread, not copied (`moved`), which unpacks a batch at a time while it stores them: a 24 MB upload's
// passages, sentences and terms are held as bytes, once.
import { move, transferableSymbol, valueSymbol } from 'piscina';

/** Packed rows: buffers of whole lines. */
export type Packed = Uint8Array[];

/** Lines (each without a newline) packed. */
export function packLines(lines: Iterable<string>): Packed {
  const parts: Packed = [];
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === 1000) {
      parts.push(ownBuffer(Buffer.from(`${batch.join('\n')}\n`)));
      batch = [];
    }
  }
  if (batch.length) parts.push(ownBuffer(Buffer.from(`${batch.join('\n')}\n`)));
  return parts;
}

/** The lines of packed buffers, in order. */
export function* unpackLines(packed: Packed): Generator<string> {
  for (const part of packed) {
    const buf = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    for (let at = 0; at < buf.length;) {
      const end = buf.indexOf(10, at);
      yield buf.toString('utf8', at, end);
      at = end + 1;
    }
  }
}

/** A buffer with an ArrayBuffer of its own (a small Buffer is a slice of Node's shared pool, which must not move). */
export const ownBuffer = (b: Uint8Array): Uint8Array =>
  b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);

/** A worker's result with these buffers moved to the main thread instead of copied. */
export function moved<T extends object>(value: T, buffers: Uint8Array[]): T {
  return move({ [transferableSymbol]: buffers.map((b) => b.buffer), [valueSymbol]: value }) as unknown as T;
}

/** Rows as JSON lines. */
export const packRows = (rows: Iterable<unknown>): Packed => packLines(mapped(rows, (r) => JSON.stringify(r)));

export const unpackRows = <T>(packed: Packed): Generator<T> => mapped(unpackLines(packed), (l) => JSON.parse(l) as T);

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
