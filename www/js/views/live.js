// The live verdict: a compact line (leader, state, confidence) pinned to the bottom of the window
// whenever the assessment itself is out of view, so a reader working on the evidence, the suspects
// or the editor sees the verdict move. With it, undo, redo and "back to the published reading";
// the same three buttons sit under the assessment.

import { byId, h, mount, term } from '../dom.js';
import { history, redo, reset, state, undo } from '../state.js';

/** @typedef {import('../engine.js').Row} Row */

/**
 * Undo, redo and reset buttons; ids start with `prefix`.
 * @param {string} prefix
 */
function tools(prefix) {
  const can = history();
  const button = (/** @type {string} */ id, /** @type {string} */ label, /** @type {boolean} */ on, /** @type {() => Promise<void>} */ act) =>
    h('button', { type: 'button', id: `${prefix}${id}`, class: 'tool', disabled: !on, onclick: () => act() }, label);
  return [
    button('undo', 'Undo', can.undo > 0, undo),
    button('redo', 'Redo', can.redo > 0, redo),
    button('reset', can.flagship ? 'Back to the published reading' : 'Back to the file as opened', can.changed, reset),
  ];
}

/**
 * "Lazarus Group 51 %, roughly even chance".
 * @param {string} label
 * @param {Row | null} row
 * @param {string} id
 */
function levelLine(label, row, id) {
  if (!row) return null;
  const name = row.id === 'unlisted' ? 'an actor outside the profile pack' : row.name;
  return h(
    'span',
    { class: 'live-level', id },
    h('span', { class: 'live-label' }, label),
    ' ',
    h('strong', {}, name),
    ` ${row.figure.percent}, ${row.figure.term}`,
  );
}

/** Rebuild both toolbars (after any change to the case or the history). */
export function renderTools() {
  mount(byId('history-tools'), tools(''));
  const bar = document.getElementById('live-tools');
  if (bar) mount(bar, tools('live-'));
}

/** Rebuild the live line from the latest result. */
export function renderLive() {
  const root = byId('live');
  const r = state.result;
  const d = state.display;
  mount(
    root,
    h(
      'p',
      { class: 'live-verdict', id: 'live-verdict' },
      !r || !d
        ? h('span', {}, state.error ? `Not scored: ${state.error}` : 'Weighing the evidence…')
        : [
            d.qualifier && h('span', { class: 'live-qualifier' }, `${d.qualifier}:`),
            levelLine('Group', d.cluster, 'live-cluster'),
            levelLine('State', d.state, 'live-state'),
            h('span', { class: 'live-level', id: 'live-confidence' }, term('confidence', 'Confidence'), `: ${r.confidence}`),
          ],
    ),
    h('p', { class: 'live-tools' }, h('span', { id: 'live-tools', class: 'tool-row' }, tools('live-')), h('a', { href: '#assessment', class: 'live-more' }, 'Full assessment')),
  );
}

/** Show the live line only while the verdict's two levels are out of view. */
export function watchAssessment() {
  const root = byId('live');
  const levels = byId('statement');
  const observer = new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        root.hidden = e.isIntersecting;
        document.body.classList.toggle('live-on', !e.isIntersecting);
      }
    },
    { threshold: 0 },
  );
  observer.observe(levels);
}
