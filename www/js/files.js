// File names for everything the page saves, and the download itself. A name is the case's whole
// title in lower case (letters of every script kept, accents dropped, anything else a hyphen),
// then what the file is: "….attrib-case.json", "….stix-2.1-bundle.json",
// "….navigator-layer.G0032-lazarus-group.json", "….verdict.png". Titles are never cut in the
// middle of a word; only a title over 150 bytes is shortened, at a word boundary, so the whole
// name stays within what every file system accepts (255 bytes).

import { h } from './dom.js';

/** Longest stem, in UTF-8 bytes. */
const MAX_STEM_BYTES = 150;

const encoder = new TextEncoder();

/**
 * Words of `text` joined by hyphens: lower case, accents dropped, letters and digits of any script
 * kept, everything else a separator.
 * @param {string} text
 */
export function slug(text) {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The stem shared by every file of a case: its slugged title, whole unless over 150 bytes.
 * @param {string | undefined} title
 */
export function stem(title) {
  let s = slug(title ?? '') || 'untitled-case';
  if (encoder.encode(s).length <= MAX_STEM_BYTES) return s;
  const words = s.split('-');
  s = '';
  for (const w of words) {
    const next = s ? `${s}-${w}` : w;
    if (encoder.encode(next).length > MAX_STEM_BYTES) break;
    s = next;
  }
  // A single word over the limit: cut it by code points.
  if (!s) s = [...words[0]].reduce((acc, ch) => (encoder.encode(acc + ch).length > MAX_STEM_BYTES ? acc : acc + ch), '');
  return s;
}

/**
 * @typedef {object} What
 * @property {'case' | 'stix' | 'layer' | 'comparison' | 'image'} kind
 * @property {{id: string, name: string}} [hypothesis] for layers
 * @property {string} [part] for images: which figure ("verdict", "ranking-by-group", ...)
 * @property {'svg' | 'png'} [format] for images
 */

/**
 * The full file name for one of a case's files.
 * @param {string | undefined} title the case's title
 * @param {What} what
 */
export function fileName(title, what) {
  const base = stem(title);
  const hyp = what.hypothesis ? `${what.hypothesis.id.replace(/[^A-Za-z0-9.-]+/g, '-')}-${slug(what.hypothesis.name)}`.replace(/-+$/, '') : 'leader';
  switch (what.kind) {
    case 'case':
      return `${base}.attrib-case.json`;
    case 'stix':
      return `${base}.stix-2.1-bundle.json`;
    case 'layer':
      return `${base}.navigator-layer.${hyp}.json`;
    case 'comparison':
      return `${base}.navigator-comparison.${hyp}.json`;
    case 'image':
      return `${base}.${what.part ?? 'figure'}.${what.format ?? 'svg'}`;
    default:
      throw new Error(`no file name for ${JSON.stringify(what)}`);
  }
}

/**
 * Save `data` as a file called `name`, through a same-origin Blob URL (nothing is uploaded).
 * @param {string} name
 * @param {Blob | string} data
 * @param {string} [type] the MIME type of a string
 */
export function download(name, data, type = 'application/json') {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
