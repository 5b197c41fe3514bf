// The page's state: the case, the reader's toggles, and the latest result. Every change re-scores
// at once and notifies the views.

import { wasm, messageOf } from './engine.js';

/** @typedef {import('./engine.js').Case} Case */
/** @typedef {import('./engine.js').ScoreResult} ScoreResult */
/** @typedef {import('./engine.js').ScoreOptions} ScoreOptions */

/**
 * @typedef {object} State
 * @property {Case} case the case being examined (what "export" writes)
 * @property {Set<number>} excluded observation indices left out
 * @property {Set<number>} planted observation indices suspected planted
 * @property {number | null} samples Monte Carlo samples override (null: the case's or the default)
 * @property {string | null} selected hypothesis whose contributions are shown (null: the leader)
 * @property {ScoreResult | null} result the latest result
 * @property {string | null} error the latest scoring error
 * @property {number} lastMs how long the latest re-score took, in ms
 * @property {boolean} flagship whether the case is the flagship report's
 */

/** @type {State} */
export const state = {
  case: { attrib: 1, observations: [] },
  excluded: new Set(),
  planted: new Set(),
  samples: null,
  selected: null,
  result: null,
  error: null,
  lastMs: 0,
  flagship: true,
};

/** @type {Set<(kind: 'case' | 'result') => void>} */
const listeners = new Set();

/**
 * Be told when the case changes structurally ('case') or a new result is in ('result').
 * @param {(kind: 'case' | 'result') => void} fn
 */
export function subscribe(fn) {
  listeners.add(fn);
}

/** @param {'case' | 'result'} kind */
function emit(kind) {
  for (const fn of listeners) fn(kind);
}

/** The options the next score call uses. @returns {ScoreOptions} */
export function currentOptions() {
  return {
    excluded: [...state.excluded].sort((a, b) => a - b),
    planted: [...state.planted].sort((a, b) => a - b),
    samples: state.samples,
    sensitivity: true,
    top: 25,
  };
}

/** Score the current case now and tell the views. */
export function rescore() {
  const t0 = performance.now();
  try {
    state.result = wasm.score(state.case, currentOptions());
    state.error = null;
  } catch (e) {
    state.error = messageOf(e);
  }
  state.lastMs = performance.now() - t0;
  emit('result');
}

/**
 * Apply an edit to a copy of the case; keep it only if the core accepts it.
 * @param {(c: Case) => void} edit
 * @param {{structural?: boolean}} [how] whether views that list the case must be rebuilt
 * @returns {string | null} the core's error message, or null on success
 */
export function editCase(edit, how = {}) {
  const next = /** @type {Case} */ (structuredClone(state.case));
  edit(next);
  try {
    const checked = wasm.validate(next);
    state.case = checked.case;
  } catch (e) {
    return messageOf(e);
  }
  if (how.structural) emit('case');
  rescore();
  return null;
}

/**
 * Replace the whole case (import, load); resets the reader's toggles.
 * @param {Case} c an already validated case
 * @param {boolean} flagship
 */
export function replaceCase(c, flagship) {
  state.case = c;
  state.excluded = new Set();
  state.planted = new Set();
  state.selected = null;
  state.flagship = flagship;
  emit('case');
  rescore();
}

/**
 * Remove observation `i`, shifting the reader's toggles to match.
 * @param {number} i
 * @returns {string | null}
 */
export function removeObservation(i) {
  const shift = (/** @type {Set<number>} */ s) =>
    new Set([...s].filter((j) => j !== i).map((j) => (j > i ? j - 1 : j)));
  const before = { excluded: state.excluded, planted: state.planted };
  state.excluded = shift(state.excluded);
  state.planted = shift(state.planted);
  const err = editCase((c) => c.observations.splice(i, 1), { structural: true });
  if (err) Object.assign(state, before);
  return err;
}

/**
 * Toggle membership of `i` in one of the reader's sets, then re-score.
 * @param {'excluded' | 'planted'} which
 * @param {number} i
 * @param {boolean} on
 */
export function toggle(which, i, on) {
  if (on) state[which].add(i);
  else state[which].delete(i);
  rescore();
}

/**
 * Set the Monte Carlo sample override and re-score.
 * @param {number | null} n
 */
export function setSamples(n) {
  state.samples = n;
  rescore();
}

/**
 * Choose the hypothesis whose contributions are shown.
 * @param {string | null} id
 */
export function select(id) {
  state.selected = id;
  emit('result');
}
