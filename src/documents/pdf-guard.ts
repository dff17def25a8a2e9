import { Unzlib } from 'fflate';

// pdf.js inflates a PDF's compressed streams whole, in memory: a 1 MB file can hold a stream that inflates
// to hundreds of MB. Before pdf.js sees a file, its Flate streams are inflated here, in slices and counted
// only, and the count stops as soon as it passes the cap.

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');
/** Input per push: one slice inflates to at most ~1000× its size, so the count is checked often. */
const SLICE = 16 * 1024;

/** Bytes the PDF's Flate streams inflate to, or the first count past `max` (then > max). */
export function inflatedSize(bytes: Uint8Array, max: number): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let at = 0;
  while (total <= max) {
    const found = buf.indexOf(STREAM, at);
    if (found < 0) break;
    at = found + STREAM.length;
    if (found >= 3 && buf.toString('latin1', found - 3, found) === 'end') continue;
    // The stream's dictionary, after its object header: only Flate streams are counted.
    const dict = buf.toString('latin1', Math.max(0, found - 2048), found);
    const header = dict.slice(dict.lastIndexOf(' obj') + 1);
    if (!/\/(FlateDecode|Fl)\b/.test(header)) continue;
    let start = at;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = buf.indexOf(END, start);
    const stop = end < 0 ? buf.length : end;
    total += inflateCounted(buf.subarray(start, stop), max - total);
    at = stop;
  }
  return total;
}

function inflateCounted(data: Uint8Array, budget: number): number {
  let out = 0;
  const inflate = new Unzlib((chunk) => {
    out += chunk.byteLength;
  });
  try {
    for (let i = 0; i < data.byteLength && out <= budget; i += SLICE)
      inflate.push(data.subarray(i, i + SLICE), i + SLICE >= data.byteLength);
  } catch {
    // Damaged or not zlib after all: pdf.js decides what it makes of it.
  }
  return out;
}
