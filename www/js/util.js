// Small helpers shared by the page and the scoring worker. No DOM here: the worker has none.

/**
 * The message of anything thrown.
 * @param {unknown} e
 * @returns {string}
 */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Whether this engine runs WebAssembly SIMD (`simd128`): the page's module (pkg/attrib_bg.wasm)
 * does the Monte Carlo's logarithms, exponentials, soft caps and running products two at a time
 * with it (src/model/vmath.rs), and does not compile without it. Where it is missing, the scoring
 * worker runs the whole module instead (pkg/attrib_full_bg.wasm), which is built without SIMD and
 * gives the same results to the bit.
 * The probe is the smallest module that uses SIMD: one function returning a `v128.const`.
 */
export const wasmSimd = () =>
  WebAssembly.validate(
    new Uint8Array([
      ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version 1
      ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], // types: () -> v128
      ...[0x03, 0x02, 0x01, 0x00], // functions: one, of type 0
      ...[0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array(16).fill(0), 0x0b], // code: v128.const 0
    ]),
  );

/** Bytes before a binary pack's payload: magic, format and seal (`attrib::binpack::HEADER_LEN`). */
const PACK_HEADER = 44;

/**
 * The SHA-256 of a binary pack's payload, made by the browser's WebCrypto: `loadPack` compares it
 * with the pack's seal instead of hashing the payload in wasm (a third of the load in baseline-tier
 * wasm, the browser's first). Undefined
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
 * The index of `name` in `names`, added at the end if it is not there yet.
 * @param {string[]} names
 * @param {string} name
 */
function codeOf(names, name) {
  const k = names.indexOf(name);
  return k < 0 ? names.push(name) - 1 : k;
}

/**
 * Make a scored result cheap to post (the worker, before it answers): each hypothesis'
 * contributions (one object per observation, up to 250,000 in all) and the display's ACH matrix
 * (a row per observation, up to 10,000, with a cell per column) become typed arrays, whose
 * buffers go into `transfer` to be handed over rather than copied; names (facets, shades) become
 * indices into a list. Unpacking the objects took the page's main thread a third of a second for
 * the contributions and about 60 ms for the matrix. engine.js types the compact form (its
 * `Hypothesis` and `AchMatrix`); `expandScored` undoes it.
 * @param {{result?: any, display?: any}} scored changed in place
 * @param {Transferable[]} transfer
 */
export function compactScored({ result, display }, transfer) {
  if (result) {
    /** @type {string[]} */
    const facets = [];
    for (const h of result.hypotheses) {
      /** @type {{observation: number, log_lr: number, facet: string}[]} */
      const list = h.contributions;
      const observation = Uint32Array.from(list, (c) => c.observation);
      const logLr = Float64Array.from(list, (c) => c.log_lr);
      const facet = Uint8Array.from(list, (c) => codeOf(facets, c.facet));
      transfer.push(observation.buffer, logLr.buffer, facet.buffer);
      h.contributions = { observation, log_lr: logLr, facet, facets };
    }
  }
  if (display) {
    /** @type {{columns: string[], rows: {observation: number, cells: {log_lr: number, shade: string}[], diagnosticity: number, telling: boolean}[]}} */
    const { columns, rows } = display.ach;
    const cells = rows.flatMap((r) => r.cells);
    /** @type {string[]} */
    const shades = [];
    const m = {
      columns,
      rows: rows.length,
      observation: Uint32Array.from(rows, (r) => r.observation),
      diagnosticity: Float64Array.from(rows, (r) => r.diagnosticity),
      telling: Uint8Array.from(rows, (r) => (r.telling ? 1 : 0)),
      log_lr: Float64Array.from(cells, (c) => c.log_lr),
      shade: Uint8Array.from(cells, (c) => codeOf(shades, c.shade)),
      shades,
    };
    transfer.push(m.observation.buffer, m.diagnosticity.buffer, m.telling.buffer, m.log_lr.buffer, m.shade.buffer);
    display.ach = m;
  }
}

/**
 * A scored result in the core's own shapes again (see `compactScored`), for callers of the
 * embedding API, whose types promise them.
 * @param {any} scored
 */
export function expandScored({ result, display }) {
  for (const h of result.hypotheses) {
    const { observation, log_lr: logLr, facet, facets } = h.contributions;
    h.contributions = Array.from(observation, (o, i) => ({ observation: o, log_lr: logLr[i], facet: facets[facet[i]] }));
  }
  const m = display.ach;
  const k = m.columns.length;
  const rows = Array.from({ length: m.rows }, (_, i) => ({
    observation: m.observation[i],
    cells: Array.from({ length: k }, (_, j) => ({ log_lr: m.log_lr[i * k + j], shade: m.shades[m.shade[i * k + j]] })),
    diagnosticity: m.diagnosticity[i],
    telling: m.telling[i] === 1,
  }));
  return { result, display: { ...display, ach: { columns: m.columns, rows } } };
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
