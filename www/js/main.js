// Boot: load the engine and the flagship case, build the views, re-render on every change.

import { byId, h, mount } from './dom.js';
import { messageOf, start, wasm } from './engine.js';
import { renderAch } from './views/ach.js';
import { renderContributions } from './views/contributions.js';
import { renderControls, updateControls } from './views/controls.js';
import { renderEditor } from './views/editor.js';
import { renderEvidence } from './views/evidence.js';
import { renderFooter } from './views/footer.js';
import { renderHypotheses } from './views/hypotheses.js';
import { renderRanking } from './views/ranking.js';
import { renderReport } from './views/report.js';
import { renderSensitivity } from './views/sensitivity.js';
import { renderStatement } from './views/statement.js';
import { replaceCase, state, subscribe } from './state.js';

const PACK_URL = 'data/pack.json';
const CASE_URL = 'data/cases/kr-exchanges-2017.json';

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
  const r = state.result;
  keepFocus(() => {
    renderStatement(byId('statement'), r, state.error);
    renderRanking(byId('ranking'), r);
    renderContributions(byId('contributions'), r);
    renderAch(byId('ach'), r);
    renderSensitivity(byId('sensitivity'), r);
    updateControls(r);
  });
  const said = r ? `${r.statement} Confidence: ${r.confidence}.` : (state.error ?? '');
  if (said !== lastStatement) {
    byId('announce').textContent = said;
    lastStatement = said;
  }
}

function renderCase() {
  keepFocus(() => {
    renderReport();
    renderEvidence(byId('evidence'));
    renderHypotheses(byId('hypotheses'));
  });
}

async function boot() {
  const status = byId('status');
  const t0 = performance.now();
  try {
    const [, text] = await Promise.all([
      start(PACK_URL),
      fetch(CASE_URL).then((r) => {
        if (!r.ok) throw new Error(`could not load the case file (${r.status})`);
        return r.text();
      }),
    ]);
    const { case: flagship } = wasm.parseCase(text);
    subscribe((kind) => (kind === 'case' ? renderCase() : renderResults()));
    renderControls(byId('controls'));
    renderEditor(byId('editor'));
    renderFooter(byId('footer'));
    replaceCase(flagship, true);
    const ms = performance.now() - t0;
    performance.mark('attrib:first-render');
    status.hidden = true;
    document.documentElement.dataset.ready = 'true';
    document.documentElement.dataset.firstRenderMs = ms.toFixed(1);
  } catch (e) {
    mount(status, h('span', { class: 'error' }, `The report could not start: ${messageOf(e)}`));
    status.setAttribute('role', 'alert');
  }
}

boot();
