// Draws the app icons (public/icons/*.png) with no dependencies and no network: a small network of
// white nodes ("jejaring" means network) on the brand green. Run after changing the design:
//   node --import tsx scripts/make-icons.ts
// The PNGs are committed; the build only copies them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const GREEN: Rgba = [0x0b, 0x5d, 0x4b, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** The mark in a unit square: nodes and the links between them. */
const NODES: readonly (readonly [number, number])[] = [
  [0.5, 0.2],
  [0.18, 0.78],
  [0.82, 0.78],
  [0.5, 0.56],
];
const LINKS: readonly (readonly [number, number])[] = [
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 3],
  [1, 3],
  [2, 3],
];
const NODE_RADIUS = 0.12;
const LINK_HALF_WIDTH = 0.04;

function segmentDistance(px: number, py: number, a: readonly number[], b: readonly number[]) {
  const [ax = 0, ay = 0] = a;
  const [bx = 0, by = 0] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Signed distance (in mark units) to the mark: negative inside. */
function markDistance(x: number, y: number): number {
  let d = Infinity;
  for (const [cx, cy] of NODES) d = Math.min(d, Math.hypot(x - cx, y - cy) - NODE_RADIUS);
  for (const [i, j] of LINKS) {
    const a = NODES[i];
    const b = NODES[j];
    if (a && b) d = Math.min(d, segmentDistance(x, y, a, b) - LINK_HALF_WIDTH);
  }
  return d;
}

/** Signed distance to a rounded square covering the whole icon (negative inside). */
function roundedSquareDistance(x: number, y: number, radius: number): number {
  const qx = Math.abs(x - 0.5) - (0.5 - radius);
  const qy = Math.abs(y - 0.5) - (0.5 - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

function blend(under: Rgba, over: Rgba, coverage: number): Rgba {
  const a = (over[3] / 255) * coverage;
  const outA = a + (under[3] / 255) * (1 - a);
  if (outA === 0) return CLEAR;
  const channel = (i: 0 | 1 | 2) =>
    Math.round((over[i] * a + under[i] * (under[3] / 255) * (1 - a)) / outA);
  return [channel(0), channel(1), channel(2), Math.round(outA * 255)];
}

interface IconDesign {
  size: number;
  /** Part of the icon the mark spans (maskable icons keep it inside the 80 % safe zone). */
  markScale: number;
  /** Corner radius of the green background as a fraction of the size; 0 fills the square. */
  cornerRadius: number;
}

function drawIcon({ size, markScale, cornerRadius }: IconDesign): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const pixel = 1 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) * pixel;
      const y = (py + 0.5) * pixel;
      // Coverage from the signed distance gives one pixel of anti-aliasing.
      const coverage = (d: number) => Math.max(0, Math.min(1, 0.5 - d / pixel));
      const background = cornerRadius > 0 ? coverage(roundedSquareDistance(x, y, cornerRadius)) : 1;
      let colour = blend(CLEAR, GREEN, background);
      const mx = (x - 0.5) / markScale + 0.5;
      const my = (y - 0.5) / markScale + 0.5;
      colour = blend(colour, WHITE, coverage(markDistance(mx, my) * markScale) * background);
      pixels.set(colour, (py * size + px) * 4);
    }
  }
  return encodePng(size, size, pixels);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A truecolour-with-alpha PNG, 8 bits per channel, no filtering. */
function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows.writeUInt8(0, y * (width * 4 + 1)); // filter: none
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const ICONS: Record<string, IconDesign> = {
  'icon-192.png': { size: 192, markScale: 0.72, cornerRadius: 0.22 },
  'icon-512.png': { size: 512, markScale: 0.72, cornerRadius: 0.22 },
  // Maskable: full bleed; the launcher may crop to a circle of 80 % diameter.
  'icon-maskable-512.png': { size: 512, markScale: 0.52, cornerRadius: 0 },
};

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
mkdirSync(outDir, { recursive: true });
for (const [name, design] of Object.entries(ICONS)) {
  writeFileSync(join(outDir, name), drawIcon(design));
  console.info(`wrote public/icons/${name}`);
}
