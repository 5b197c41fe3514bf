// Boot: the report's text is static HTML and shows at once. The scoring worker, started by
// early.js, loads the wasm module, the profile pack and the flagship case and scores the case,
// and first.js draws the verdict; early.js imports this module once it has. Here the rest of the
// report is built, every change re-scores in the worker, and the evaluation's figures (plain
// JSON, no engine needed) are read last.

import { byId, h, mount } from './dom.js';
import { askedAt, inHandAt, started } from './early.js';
import { OPTIONS, listed, onRestart, postedAt, score, spawnedAt, validate } from './engine.js';
import { drawVerdict, drawn } from './first.js';
import { isShareFragment } from './share.js';
import { openFragment, otherPackNote } from './sharing.js';
import { messageOf } from './util.js';
import { renderAch } from './views/ach.js';
import { renderContributions } from './views/contributions.js';
import { renderControls, updateControls } from './views/controls.js';
import { renderEditor, updateEditor } from './views/editor.js';
import { renderEvidence } from './views/evidence.js';
import { renderFooter } from './views/footer.js';
import { renderHypotheses } from './views/hypotheses.js';
import { renderLive, renderTools, watchAssessment } from './views/live.js';
import { renderRanking } from './views/ranking.js';
import { renderReliability } from './views/reliability.js';
import { renderReport } from './views/report.js';
import { renderSensitivity } from './views/sensitivity.js';
import { renderStatement } from './views/statement.js';
import { imageTools, verdictScene } from './views/figures.js';
import { renderShare, updatePrintColophon, updateShare, addressHoldsReading, forgetStaleAddress } from './views/share.js';
import { openCase, refresh, showResult, state, subscribe } from './state.js';

const EVAL_URL = 'data/eval.json';

/**
 * Run `fn`, then give focus back to the element that had it, if it was rebuilt.
 * @param {() => void} fn
 */
function keepFocus(fn) {
  const id = document.activeElement?.id;
  fn();
  if (id && document.activeElement?.id !== id) document.getElementById(id)?.focus();
}

let lastStatement = '';

function renderResults() {
  const t0 = performance.now();
  const r = state.result;
  const d = state.display;
  keepFocus(() => {
    renderStatement(byId('statement'), r, d, state.error, state.case);
    renderRanking(byId('ranking'), r, d);
    renderContributions(byId('contributions'), r, d);
    renderAch(byId('ach'), r, d);
    renderSensitivity(byId('sensitivity'), r, d);
    renderLive();
    updateControls(r);
    updateShare();
  });
  const said = r ? `${r.statement} ${r.sponsor_statement} Confidence: ${r.confidence}.` : (state.error ?? '');
  if (said !== lastStatement) {
    byId('announce').textContent = said;
    lastStatement = said;
  }
  // How long building the views took (for the browser benchmark).
  performance.measure('attrib:render-results', { start: t0 });
}

function renderCase() {
  const t0 = performance.now();
  keepFocus(() => {
    renderReport();
    renderEvidence(byId('evidence'));
    renderHypotheses(byId('hypotheses'));
    updateEditor();
  });
  forgetStaleAddress();
  forgetLinkMessage();
  updatePrintColophon();
  performance.measure('attrib:render-case', { start: t0 });
}

/** The case (as JSON) the message about a link was said for; it goes with the first change. */
let saidFor = '';

/** Take the message about a link away once the case on screen is no longer the one it was about. */
function forgetLinkMessage() {
  const el = byId('link-status');
  if (!el.hidden && JSON.stringify(state.case) !== saidFor) el.hidden = true;
}

/**
 * Say something about the link the page was opened with (or given), under the title.
 * @param {string} text
 * @param {boolean} ok
 */
function sayLink(text, ok) {
  saidFor = JSON.stringify(state.case);
  const el = byId('link-status');
  el.hidden = false;
  el.className = ok ? 'link-status ok' : 'link-status error';
  el.setAttribute('role', ok ? 'status' : 'alert');
  el.textContent = text;
}

/**
 * What the page says on opening a shared reading: that it is one, and whether its pack differs.
 * @param {import('./sharing.js').Opened} o
 */
function openedText(o) {
  const other = otherPackNote(o);
  if (other) return `You opened a shared reading. It was made with another profile pack: ${other}. The figures below come from this page’s pack.`;
  return 'You opened a shared reading: the figures below are the ones it was shared with. Change anything to test it; “Back to the reading as shared” returns to it.';
}

/** The flagship case as published, once loaded. @type {import('./engine.js').Case | null} */
let flagshipCase = null;

/**
 * Whether a shared case is a reading of the flagship (same title and date), so that our written
 * report about it is shown with it.
 * @param {import('./engine.js').Case} c
 */
function isFlagship(c) {
  return flagshipCase !== null && c.title === flagshipCase.title && c.date === flagshipCase.date;
}

/**
 * Open a link given to the page after it loaded (pasted into the address bar of this tab): the
 * reading replaces the case (undo brings the previous one back), or nothing changes and the page
 * says why.
 */
async function openLinkInPlace() {
  if (!isShareFragment(location.hash)) return;
  try {
    const o = await openFragment(location.hash);
    // Back to a link already on screen (after an in-page link): nothing to open.
    if (JSON.stringify(o.case) === JSON.stringify(state.case)) {
      addressHoldsReading();
      return;
    }
    await openCase(o.case, { publish: true, from: 'link', flagship: isFlagship(o.case) });
    addressHoldsReading();
    sayLink(openedText(o), true);
  } catch (e) {
    sayLink(`This link could not be opened: ${messageOf(e)}. Nothing on the page was changed.`, false);
  }
}

/**
 * The engine failed (a WebAssembly trap) or hung and was replaced by a fresh one with the
 * standard pack: say so in words, then show the case as the new engine sees it.
 * @param {string} message
 */
async function engineRestarted(message) {
  const status = byId('status');
  status.hidden = false;
  status.setAttribute('role', 'alert');
  mount(status, h('span', { class: 'error', id: 'engine-restarted' }, message));
  renderFooter(byId('footer'));
  try {
    // Names come from the pack in force; the case itself is unchanged.
    await validate(state.case);
  } catch {
    // The standard pack may not know a suspect of an imported bundle: scoring says which.
  }
  renderCase();
  refresh();
}

/** Load and show the evaluation figures; independent of the engine. */
async function loadEvaluation() {
  const root = byId('reliability');
  /** @type {unknown} */
  let data = null;
  /** @type {string | null} */
  let problem = null;
  try {
    const r = await fetch(EVAL_URL);
    if (r.ok) data = await r.json();
    else problem = r.status === 404 ? 'this build of the page does not include them' : `they could not be loaded (${r.status})`;
  } catch (e) {
    problem = `they could not be loaded (${messageOf(e)})`;
  }
  renderReliability(root, data, problem);
}

/** When this module started running, in ms from navigation. */
const mainAt = performance.now();

async function boot() {
  const status = byId('status');
  const t0 = askedAt;
  try {
    const s = await started;
    if (!s.flagship || !s.result || !s.display) throw new Error('the flagship case was not scored');
    flagshipCase = s.flagship.case;
    // A shared reading in the address replaces the flagship, if it opens; if it does not, the
    // flagship is shown and the page says why.
    let first = { case: s.flagship.case, result: s.result, display: s.display, ms: s.ms, from: /** @type {'flagship' | 'link'} */ ('flagship') };
    /** @type {string | null} */
    let linkSays = null;
    let linkOk = false;
    if (isShareFragment(location.hash)) {
      try {
        const o = await openFragment(location.hash);
        const scored = await score(o.case, { ...OPTIONS }, null);
        first = { case: o.case, ...scored, from: 'link' };
        linkSays = openedText(o);
        linkOk = true;
      } catch (e) {
        linkSays = `This link could not be opened: ${messageOf(e)}. The published report is shown instead.`;
      }
    }
    // The verdict first: it needs the result only, and first.js has drawn the flagship's already
    // (unless a link replaced it). The rest of the report needs the names the evidence table and
    // the suspects list show: for the flagship, first.js asked the worker for them as soon as it
    // had drawn the verdict, while this module's own modules loaded.
    const flagship = first.from === 'flagship' ? await drawn : null;
    const verdictAt = flagship ? flagship.at : drawVerdict(first.result, first.display, first.case);
    const named = await (flagship ? flagship.named : validate(first.case));
    // The evidence table names countries, and the editor offers the pack's lists.
    await listed;
    subscribe((kind) => {
      if (kind === 'case') renderCase();
      else if (kind === 'result') renderResults();
      else renderTools();
    });
    renderControls(byId('controls'));
    renderEditor(byId('editor'));
    renderFooter(byId('footer'));
    renderShare(byId('share-panel'));
    mount(byId('verdict-image'), imageTools('verdict', 'the assessment', verdictScene));
    await openCase(named.case, { flagship: isFlagship(first.case), publish: true, first: true, from: first.from });
    if (linkOk) addressHoldsReading();
    showResult({ result: first.result, display: first.display, ms: first.ms });
    if (linkSays) sayLink(linkSays, linkOk);
    window.addEventListener('hashchange', openLinkInPlace);
    onRestart(engineRestarted);
    watchAssessment();
    performance.mark('attrib:ready');
    const html = document.documentElement.dataset;
    html.ready = 'true';
    html.firstRenderMs = (verdictAt - t0).toFixed(1);
    // Where the start-up time went, in ms from navigation (read by scripts/bench-browser.mjs).
    const steps = Object.fromEntries(Object.entries(s.at).map(([k, t]) => [`w_${k}`, Math.round(t - performance.timeOrigin)]));
    const inHand = Object.fromEntries(Object.entries(inHandAt).map(([k, t]) => [`${k}In`, Math.round(t)]));
    html.bootSteps = JSON.stringify({
      asked: Math.round(t0),
      spawned: Math.round(spawnedAt),
      posted: Math.round(postedAt),
      ...inHand,
      main: Math.round(mainAt),
      ...steps,
      verdict: Math.round(verdictAt),
      ready: Math.round(performance.now()),
    });
  } catch (e) {
    byId('assessment').removeAttribute('aria-busy');
    mount(byId('statement'));
    mount(byId('top3'));
    status.hidden = false;
    mount(status, h('span', { class: 'error' }, `The report could not start: ${messageOf(e)}`));
    status.setAttribute('role', 'alert');
  } finally {
    // The evaluation's section lies far below the verdict: its figures (a 250 KB file) are read
    // and drawn once the report is built, so that they never hold it back on the main thread, and
    // drawn all the same if the report could not start.
    loadEvaluation();
  }
}

boot();
