// The first verdict, drawn by itself: early.js imports this module as soon as it has started the
// scoring worker. This module's few imports (the statement view and what it draws with) arrive
// while the worker loads, well before its first result; index.html does not preload them, as
// their requests would then compete with the wasm, the pack and the case for the browser's first
// connections (the verdict came 25 to 30 ms later with them preloaded). The rest of the report (main.js and its couple of dozen modules) is
// asked for once the verdict is on screen, so that its fetches never queue in front of the
// worker's own scripts (a browser opens six connections per host over HTTP/1.1) and its parsing
// never competes with the first score for the main thread.
//
// The verdict drawn here is the flagship's, scored with the options every later score uses, so
// main.js keeps it. When the address holds a shared reading, this module draws nothing and main.js
// opens the link first, as before.

import { byId } from './dom.js';
import { started } from './early.js';
import { validate } from './engine.js';
import { isShareFragment } from './share.js';
import { renderStatement } from './views/statement.js';

/** The case whose verdict this module drew. @type {import('./engine.js').Case | null} */
let shown = null;

/**
 * When the verdict was drawn, in ms from navigation; null if this module left it to main.js (a
 * shared reading in the address, or an engine that could not start, which main.js reports).
 * @type {Promise<number | null>}
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
    renderStatement(byId('statement'), s.result, s.display, null, s.flagship.case);
    performance.mark('attrib:first-render');
    shown = s.flagship.case;
    return performance.now();
  } catch {
    return null;
  }
})();

/**
 * The flagship validated with the names its evidence and suspects show, asked of the worker as
 * soon as the verdict is drawn, so that it is in hand when main.js has loaded; null where this
 * module drew nothing.
 * @type {Promise<import('./engine.js').Validated | null>}
 */
export const named = drawn.then((at) => (at == null || !shown ? null : validate(shown)));
