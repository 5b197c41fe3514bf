// The share link's codec: a case file's bytes, compressed with the browser's
// CompressionStream("deflate-raw") and written in base64url, after `#case=` in the URL. The part
// after `#` never leaves the reader's browser: browsers do not send it to any server.
//
// Decoding is strict and bounded, because a link is untrusted input: the fragment's length, its
// alphabet, the compressed stream and the unpacked size are each checked, and each failure is an
// Error that says in words what is wrong. The unpacked bytes then go to the core's case parser,
// exactly like a file's (that part is not here). No DOM: the page, the embedding API and the
// tests all use this module.

/** What starts a share link's fragment. */
export const PREFIX = 'case=';

/** Longest fragment the page makes or opens, in characters (32 KB). Above it, save a file. */
export const LINK_LIMIT = 32 * 1024;

/** Largest case a link may unpack to, in bytes: the core's limit for case files (5 MB). */
export const UNPACKED_LIMIT = 5 * 1024 * 1024;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** @type {Int16Array} */
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i += 1) VALUE[ALPHABET.charCodeAt(i)] = i;

/**
 * Bytes as base64url, without padding.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function toBase64url(bytes) {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/**
 * Strict base64url (no padding, no other character) to bytes.
 * @param {string} text
 * @returns {Uint8Array}
 */
export function fromBase64url(text) {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 128 || VALUE[c] < 0) {
      const shown = JSON.stringify(String.fromCodePoint(/** @type {number} */ (text.codePointAt(i))));
      throw new Error(`the link is damaged: character ${i + 1} of its data (${shown}) is not one a link’s data uses (A–Z, a–z, 0–9, - and _)`);
    }
  }
  if (text.length % 4 === 1) throw new Error(`the link is damaged: its data is ${text.length} characters long, which no whole number of bytes gives (was it cut short?)`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  for (; i + 3 < text.length; i += 4) {
    const n = (VALUE[text.charCodeAt(i)] << 18) | (VALUE[text.charCodeAt(i + 1)] << 12) | (VALUE[text.charCodeAt(i + 2)] << 6) | VALUE[text.charCodeAt(i + 3)];
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = text.length - i;
  if (rest >= 2) {
    const n = (VALUE[text.charCodeAt(i)] << 18) | (VALUE[text.charCodeAt(i + 1)] << 12) | (rest === 3 ? VALUE[text.charCodeAt(i + 2)] << 6 : 0);
    out[o++] = n >> 16;
    if (rest === 3) out[o++] = (n >> 8) & 255;
  }
  return out;
}

/**
 * Run `bytes` through a compression or decompression stream, stopping past `limit` output bytes.
 * @param {Uint8Array} bytes
 * @param {CompressionStream | DecompressionStream} stream
 * @param {number} limit
 * @returns {Promise<Uint8Array | null>} the output, or null when it would exceed `limit`
 */
async function pipe(bytes, stream, limit) {
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; the writing side's are the same error.
  writer.write(/** @type {Uint8Array<ArrayBuffer>} */ (bytes)).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The fragment (without `#`) that carries a case file's bytes.
 * @param {Uint8Array} bytes the case file
 * @returns {Promise<string>}
 */
export async function encodeFragment(bytes) {
  const packed = await pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
  return PREFIX + toBase64url(/** @type {Uint8Array} */ (packed));
}

/**
 * Whether a URL's fragment (with or without `#`) is a share link's.
 * @param {string} hash
 */
export function isShareFragment(hash) {
  return hash.replace(/^#/, '').startsWith(PREFIX);
}

/**
 * The case file's bytes a share link's fragment carries. Throws an Error in words when the
 * fragment is too long, not base64url, not a deflate stream, or unpacks to more than
 * UNPACKED_LIMIT bytes (a "decompression bomb"); the bytes themselves are for the core's parser.
 * @param {string} hash the fragment, with or without `#`
 * @returns {Promise<Uint8Array>}
 */
export async function decodeFragment(hash) {
  const fragment = hash.replace(/^#/, '');
  if (!fragment.startsWith(PREFIX)) throw new Error('this is not a link to an Attrib reading (its address has no #case= part)');
  if (fragment.length > LINK_LIMIT) {
    throw new Error(`the link is ${fragment.length.toLocaleString('en-GB')} characters long after the #, more than the ${LINK_LIMIT.toLocaleString('en-GB')} any Attrib link has: a reading this large travels as a case file`);
  }
  const data = fragment.slice(PREFIX.length);
  if (data.length === 0) throw new Error('the link is damaged: it has no data after #case=');
  const packed = fromBase64url(data);
  /** @type {Uint8Array | null} */
  let bytes;
  try {
    bytes = await pipe(packed, new DecompressionStream('deflate-raw'), UNPACKED_LIMIT);
  } catch {
    throw new Error('the link is damaged: its data is not a compressed case (was it cut short or changed?)');
  }
  if (bytes === null) {
    throw new Error(`the link unpacks to more than ${UNPACKED_LIMIT / 1024 / 1024} MB, the limit for a case: it was not opened`);
  }
  return bytes;
}
