// Small helpers shared by the page and the scoring worker. No DOM here: the worker has none.

/**
 * The message of anything thrown.
 * @param {unknown} e
 * @returns {string}
 */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

/** Bytes before a binary pack's payload: magic, format and seal (`attrib::binpack::HEADER_LEN`). */
const PACK_HEADER = 44;

/**
 * The SHA-256 of a binary pack's payload, made by the browser's WebCrypto: `loadPack` compares it
 * with the pack's seal instead of hashing the payload in wasm, several times slower. Undefined
 * where WebCrypto is missing (a page served over plain http from another host than localhost) or
 * fails: the wasm then hashes the payload itself. A pack too short to have a payload goes to the
 * wasm as it is, which names what is wrong.
 * @param {ArrayBuffer} bytes
 * @returns {Promise<Uint8Array | undefined>}
 */
export async function payloadDigest(bytes) {
  if (!globalThis.crypto?.subtle || bytes.byteLength < PACK_HEADER) return undefined;
  try {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes, PACK_HEADER)));
  } catch {
    return undefined;
  }
}

/**
 * Latest query wins: call `ask` for every query, and hand `show` only the answer to the latest
 * one. Answers arrive in order, but one that arrives after the reader typed on is stale. A failed
 * query shows as no answer.
 * @template T
 * @param {(q: string) => Promise<T[]>} ask
 * @param {(answer: T[], q: string) => void} show
 * @returns {(q: string) => Promise<void>}
 */
export function latestWins(ask, show) {
  let asked = 0;
  return async (q) => {
    asked += 1;
    const mine = asked;
    /** @type {T[]} */
    let answer = [];
    try {
      answer = await ask(q);
    } catch {
      answer = [];
    }
    if (mine === asked) show(answer, q);
  };
}
