import zlib from 'node:zlib';

// Tiny RGBA PNG encoder and the two Teams icons, drawn in code (no image library installed).

type Rgba = [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const ACCENT = '#1F6F78';
const TEAL: Rgba = [0x1f, 0x6f, 0x78, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** A work table seen from the front (top plus two legs), in unit coordinates 0..1. */
function onTable(u: number, v: number): boolean {
  const top = v >= 0.3 && v <= 0.42 && u >= 0.14 && u <= 0.86;
  const legs = v > 0.42 && v <= 0.76 && ((u >= 0.22 && u <= 0.31) || (u >= 0.69 && u <= 0.78));
  // Three "documents" on the table.
  const docs = v >= 0.16 && v < 0.3 && [0.3, 0.45, 0.6].some((x) => u >= x && u <= x + 0.1);
  return top || legs || docs;
}

/** 192×192 full-colour icon: white table on the accent colour. */
export function colorIcon(): Buffer {
  return encodePng(192, 192, (x, y) => (onTable((x + 0.5) / 192, (y + 0.5) / 192) ? WHITE : TEAL));
}

/** 32×32 outline icon: white on transparent, as Teams requires. */
export function outlineIcon(): Buffer {
  return encodePng(32, 32, (x, y) => (onTable((x + 0.5) / 32, (y + 0.5) / 32) ? WHITE : CLEAR));
}
