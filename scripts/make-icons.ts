// Draws the Kriptomat Desk icon and writes every platform's icon file into build/:
//   build/icon.png            1024x1024 (macOS fallback, AppImage, docs)
//   build/icons/NxN.png       16..1024 (Linux: electron-builder's `linux.icon` directory)
//   build/icon.ico            Windows, 16..256 (BMP entries below 256, PNG at 256)
//   build/icon.icns           macOS, 16..1024 (PNG entries)
// No external tools: shapes are signed distance functions, anti-aliased by coverage,
// encoded with node:zlib. Deterministic, so the committed files can be regenerated:
//   npx tsx scripts/make-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

/** Straight-alpha RGBA, 8 bits per channel, rows top to bottom. */
export interface Bitmap {
  readonly size: number;
  readonly pixels: Uint8Array;
}

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** ICNS entry types with PNG payloads and their pixel sizes. */
export const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
] as const;

const hex = (h: string, a = 1): Rgba => [
  parseInt(h.slice(1, 3), 16) / 255,
  parseInt(h.slice(3, 5), 16) / 255,
  parseInt(h.slice(5, 7), 16) / 255,
  a,
];

const TOP = hex('#0b1f3a');
const BOTTOM = hex('#0f5e73');
const UP = hex('#2bd4a4');
const DOWN = hex('#ff5c7a');
const LINE = hex('#ffffff', 0.9);

/** Signed distance (unit coordinates) to a rounded box centred at (cx, cy). */
function roundedBox(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

/** Signed distance to a segment of half-thickness t. */
function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number, t: number): number {
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const h = Math.min(Math.max((px * dx + py * dy) / (dx * dx + dy * dy), 0), 1);
  return Math.hypot(px - dx * h, py - dy * h) - t;
}

interface Candle {
  x: number;
  open: number;
  close: number;
  low: number;
  high: number;
}

// Three candles rising to the right; y grows downwards.
const CANDLES: readonly Candle[] = [
  { x: 0.32, open: 0.64, close: 0.52, low: 0.72, high: 0.45 },
  { x: 0.5, open: 0.5, close: 0.58, low: 0.64, high: 0.42 },
  { x: 0.68, open: 0.56, close: 0.34, low: 0.62, high: 0.26 },
];
const TREND = [
  [0.2, 0.7],
  [0.32, 0.52],
  [0.5, 0.56],
  [0.68, 0.34],
  [0.8, 0.27],
] as const;

function over(dst: [number, number, number, number], src: Rgba, coverage: number): void {
  const a = src[3] * coverage;
  if (a <= 0) return;
  const outA = a + dst[3] * (1 - a);
  for (let c = 0; c < 3; c++) {
    dst[c] = (src[c]! * a + dst[c]! * dst[3] * (1 - a)) / outA;
  }
  dst[3] = outA;
}

/** Renders the icon at `size` x `size` pixels (geometry is resolution independent). */
export function renderIcon(size: number): Bitmap {
  const pixels = new Uint8Array(size * size * 4);
  // Coverage from a signed distance in unit coordinates: one pixel wide ramp.
  const cover = (d: number): number => Math.min(Math.max(0.5 - d * size, 0), 1);
  // Small icons get thicker strokes so they stay legible.
  const boost = size <= 32 ? 1.6 : size <= 64 ? 1.25 : 1;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const out: [number, number, number, number] = [0, 0, 0, 0];
      // Background tile (inset like macOS' icon grid), vertical gradient.
      const t = Math.min(Math.max((y - 0.09) / 0.82, 0), 1);
      const bg: Rgba = [TOP[0] + (BOTTOM[0] - TOP[0]) * t, TOP[1] + (BOTTOM[1] - TOP[1]) * t, TOP[2] + (BOTTOM[2] - TOP[2]) * t, 1];
      over(out, bg, cover(roundedBox(x, y, 0.5, 0.5, 0.41, 0.41, 0.185)));
      for (const c of CANDLES) {
        const colour = c.close < c.open ? UP : DOWN;
        const wick = roundedBox(x, y, c.x, (c.low + c.high) / 2, 0.011 * boost, (c.low - c.high) / 2, 0.008);
        const top = Math.min(c.open, c.close);
        const bottom = Math.max(c.open, c.close);
        const body = roundedBox(x, y, c.x, (top + bottom) / 2, 0.055 * boost, (bottom - top) / 2, 0.018);
        over(out, colour, cover(Math.min(wick, body)));
      }
      let line = Infinity;
      for (let i = 1; i < TREND.length; i++) {
        const [ax, ay] = TREND[i - 1]!;
        const [bx, by] = TREND[i]!;
        line = Math.min(line, segment(x, y, ax, ay, bx, by, 0.012 * boost));
      }
      over(out, LINE, cover(line));
      const o = (py * size + px) * 4;
      for (let c = 0; c < 4; c++) pixels[o + c] = Math.round(out[c]! * 255);
    }
  }
  return { size, pixels };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG, colour type 6 (RGBA), 8 bit, filter 0 on every row. */
export function encodePng({ size, pixels }: Bitmap): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    Buffer.from(pixels.buffer, pixels.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Classic ICO DIB entry: BITMAPINFOHEADER, 32-bit BGRA bottom-up, then the 1-bit AND mask. */
function encodeIcoBitmap({ size, pixels }: Bitmap): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR + AND masks
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const xor = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const s = ((size - 1 - y) * size + x) * 4;
      const d = (y * size + x) * 4;
      xor[d] = pixels[s + 2]!;
      xor[d + 1] = pixels[s + 1]!;
      xor[d + 2] = pixels[s]!;
      xor[d + 3] = pixels[s + 3]!;
    }
  }
  const maskStride = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskStride * size); // all zero: alpha channel decides
  header.writeUInt32LE(xor.length + mask.length, 20);
  return Buffer.concat([header, xor, mask]);
}

export function encodeIco(bitmaps: readonly Bitmap[]): Buffer {
  const images = bitmaps.map((b) => (b.size >= 256 ? encodePng(b) : encodeIcoBitmap(b)));
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach((img, i) => {
    const size = bitmaps[i]!.size;
    const e = 6 + 16 * i;
    dir[e] = size >= 256 ? 0 : size; // 0 means 256
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(img.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += img.length;
  });
  return Buffer.concat([dir, ...images]);
}

export function encodeIcns(entries: readonly (readonly [string, Buffer])[]): Buffer {
  const chunks = entries.map(([type, png]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

/** Every icon file, keyed by its path relative to the build resources directory. */
export function makeIconFiles(): Map<string, Buffer> {
  const sizes = new Set<number>([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_ENTRIES.map(([, s]) => s)]);
  const bitmaps = new Map<number, Bitmap>();
  const pngs = new Map<number, Buffer>();
  for (const size of sizes) {
    const bitmap = renderIcon(size);
    bitmaps.set(size, bitmap);
    pngs.set(size, encodePng(bitmap));
  }
  const files = new Map<string, Buffer>();
  files.set('icon.png', pngs.get(1024)!);
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, pngs.get(size)!);
  files.set('icon.ico', encodeIco(ICO_SIZES.map((s) => bitmaps.get(s)!)));
  files.set('icon.icns', encodeIcns(ICNS_ENTRIES.map(([type, s]) => [type, pngs.get(s)!] as const)));
  return files;
}

function main(): void {
  const buildDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'build');
  for (const [name, data] of makeIconFiles()) {
    const file = join(buildDir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
    console.log(`${name}: ${data.length} bytes`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
