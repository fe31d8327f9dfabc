/**
 * How a person looks to the others in a change request: a colour and the
 * initials on their avatar. Both come from the account name alone, so every
 * client draws the same person the same way without asking anyone (the
 * contract, /work/notes/collab-contract.md: "colour: a deterministic colour
 * from the account name"). Pure: no DOM, tested in Node.
 */

/**
 * The person's colour: a hue picked by a 32-bit FNV-1a hash of the name, at a
 * saturation and lightness dark enough for white initials on it and visible as
 * a cursor on a light or a dark editor. `#rrggbb`.
 */
export function colourFor(name: string): string {
  let hash = 0x811c9dc5;
  for (const unit of new TextEncoder().encode(name)) {
    hash ^= unit;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hslToHex(hash % 360, 0.65, 0.36);
}

/**
 * The avatar's letters: the first letters of the first two words of the name
 * (`dana.smith`, `Dana Smith` → `DS`), or its first two letters for one word
 * (`dana` → `DA`), upper-cased; `?` for a name with no letter or digit.
 */
export function initialsOf(name: string): string {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  if (words.length === 0) return '?';
  const letters = words.length === 1 ? [...words[0]!].slice(0, 2) : [[...words[0]!][0]!, [...words[1]!][0]!];
  return letters.join('').toLocaleUpperCase();
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - chroma / 2;
  const [r, g, b] = hue < 60 ? [chroma, x, 0] : hue < 120 ? [x, chroma, 0] : hue < 180 ? [0, chroma, x] : hue < 240 ? [0, x, chroma] : hue < 300 ? [x, 0, chroma] : [chroma, 0, x];
  return `#${[r, g, b].map((c) => Math.round((c + m) * 255).toString(16).padStart(2, '0')).join('')}`;
}
