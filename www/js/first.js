// The first verdict, drawn by itself: early.js imports this module as soon as it has started the
// scoring worker. This module's few imports (the statement view and what it draws with) arrive
// while the worker loads, well before its first result; index.html does not preload them, as
// their requests would then compete with the wasm, the pack and the case for the browser's first
// connections (the verdict came 25 to 30 ms later with them preloaded). The rest of the report
// (main.js and its twenty modules) is asked for once the verdict is on screen, so that its
// fetches never queue in front of the worker's own scripts (a browser opens six connections per
// host over HTTP/1.1) and its parsing never competes with the first score for the two cores.
//
// The verdict drawn here is the flagship's, scored with the options every later score uses, so
// main.js keeps it. When the address holds a shared reading, this module draws nothing and main.js
// opens the link first.

import { byId } from './dom.js';
import { started } from './early.js';
import { validate } from './engine.js';
import { isShareFragment } from './share.js';
import { renderStatement } from './views/statement.js';

/**
 * Draw the verdict of a first result and mark it for the start-up's figures.
 * @param {import('./engine.js').ScoreResult} result
 * @param {import('./engine.js').Display} display
 * @param {import('./engine.js').Case} c the case scored
 * @returns {number} when it was drawn, in ms from navigation
 */
export function drawVerdict(result, display, c) {
  renderStatement(byId('statement'), result, display, null, c);
  performance.mark('attrib:first-render');
  return performance.now();
}

/**
 * The flagship's verdict, once drawn: when (in ms from navigation), and the flagship validated
 * with the names its evidence and suspects show, asked of the worker at once so that it is in
 * hand when main.js has loaded (a promise inside an object, so that awaiting `drawn` does not wait
 * for it). Null if this module left the verdict to main.js: a shared reading in the address, or an
 * engine that could not start, which main.js reports.
 * @type {Promise<{at: number, named: Promise<import('./engine.js').Validated>} | null>}
 */
export const drawn = (async () => {
  // Busy until the verdict is drawn (renderStatement clears it, here or in main.js). Set here,
  // not in the HTML, so that a reader without JavaScript is never told the prerendered verdict
  // is still changing.
  byId('assessment').setAttribute('aria-busy', 'true');
  if (isShareFragment(location.hash)) return null;
  try {
    const s = await started;
    if (!s.flagship || !s.result || !s.display) return null;
    const at = drawVerdict(s.result, s.display, s.flagship.case);
    const named = validate(s.flagship.case);
    // main.js reports a failure (validating the case again); this only keeps it from counting as
    // unhandled before then.
    named.catch(() => {});
    return { at, named };
  } catch {
    return null;
  }
})();
