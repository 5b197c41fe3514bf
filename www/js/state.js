// The page's state: the case, the reader's toggles, and the latest result. Every change asks the
// scoring worker for a re-score and notifies the views when the result is in.

import * as engine from './engine.js';
import { messageOf } from './engine.js';
import { firstPages } from './pager.js';

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

// Re-scores are coalesced: at most one request is with the worker at a time. A request made while
// one is in flight replaces any request already waiting, and when the in-flight result comes back
// while a newer request waits, that result is stale and is dropped. Dragging a slider therefore
// scores the position the reader is at, not every position passed on the way.

/** Counts of re-scores asked for, sent to the worker, and dropped as stale or superseded. */
export const stats = { requested: 0, sent: 0, stale: 0 };

/** @type {{case: Case, options: ScoreOptions} | null} */
let waitingRequest = null;
let inFlight = false;

/**
 * Send one request; on its reply either score the newer waiting request or show this result.
 * @param {{case: Case, options: ScoreOptions}} req
 */
async function send(req) {
  inFlight = true;
  stats.sent += 1;
  /** @type {{result: ScoreResult, ms: number} | null} */
  let reply = null;
  /** @type {string | null} */
  let error = null;
  try {
    reply = await engine.score(req.case, req.options);
  } catch (e) {
    error = messageOf(e);
  }
  inFlight = false;
  if (waitingRequest) {
    stats.stale += 1;
    const next = waitingRequest;
    waitingRequest = null;
    send(next);
    return;
  }
  state.result = reply ? reply.result : null;
  state.error = error;
  state.lastMs = reply ? reply.ms : 0;
  emit('result');
}

/** Score the current case (in the worker) and tell the views when the result is in. */
export function rescore() {
  stats.requested += 1;
  const req = { case: state.case, options: currentOptions() };
  if (inFlight) waitingRequest = req;
  else send(req);
}

/**
 * Take a result computed elsewhere (the worker's first score at start-up) as the latest.
 * @param {ScoreResult} result
 * @param {number} ms
 */
export function showResult(result, ms) {
  state.result = result;
  state.error = null;
  state.lastMs = ms;
  emit('result');
}

// Edits are validated by the core in the worker, one at a time and in order: each edit applies to
// the case as the previous edit left it. An edit with a `coalesce` key replaces a waiting edit with
// the same key (a slider drag validates and scores only where the reader stopped); both callers
// get the outcome of the later one.

/**
 * @typedef {object} EditHow
 * @property {boolean} [structural] whether views that list the case must be rebuilt
 * @property {() => void} [accepted] what else to change, synchronously, once the edit is accepted
 * @property {string} [coalesce] edits with the same key may replace one another while waiting
 */

/** @type {{edit: (c: Case) => void, how: EditHow, done: (err: string | null) => void}[]} */
const edits = [];
let editing = false;

/** Validate waiting edits one after another. */
async function runEdits() {
  if (editing) return;
  editing = true;
  while (edits.length > 0) {
    const { edit, how, done } = /** @type {typeof edits[number]} */ (edits.shift());
    const next = /** @type {Case} */ (structuredClone(state.case));
    /** @type {string | null} */
    let err = null;
    try {
      edit(next);
      const checked = await engine.validate(next);
      state.case = checked.case;
    } catch (e) {
      err = messageOf(e);
    }
    if (err === null) {
      how.accepted?.();
      if (how.structural) emit('case');
      rescore();
    }
    done(err);
  }
  editing = false;
}

/**
 * Apply an edit to a copy of the case; keep it only if the core accepts it.
 * @param {(c: Case) => void} edit
 * @param {EditHow} [how]
 * @returns {Promise<string | null>} the core's error message, or null on success
 */
export function editCase(edit, how = {}) {
  return new Promise((resolve) => {
    const same = how.coalesce ? edits.find((q) => q.how.coalesce === how.coalesce) : undefined;
    if (same) {
      const earlier = same.done;
      Object.assign(same, { edit, how, done: (/** @type {string | null} */ err) => (earlier(err), resolve(err)) });
    } else {
      edits.push({ edit, how, done: resolve });
    }
    runEdits();
  });
}

/**
 * Replace the whole case (import, load); resets the reader's toggles.
 * @param {Case} c an already validated case
 * @param {boolean} flagship
 * @param {boolean} [score] whether to re-score (false when a result for it is already at hand)
 */
export function replaceCase(c, flagship, score = true) {
  state.case = c;
  firstPages();
  state.excluded = new Set();
  state.planted = new Set();
  state.selected = null;
  state.flagship = flagship;
  emit('case');
  if (score) rescore();
}

/**
 * Remove observation `i`, shifting the reader's toggles to match.
 * @param {number} i
 * @returns {Promise<string | null>}
 */
export function removeObservation(i) {
  const shift = (/** @type {Set<number>} */ s) =>
    new Set([...s].filter((j) => j !== i).map((j) => (j > i ? j - 1 : j)));
  return editCase((c) => c.observations.splice(i, 1), {
    structural: true,
    accepted: () => {
      state.excluded = shift(state.excluded);
      state.planted = shift(state.planted);
    },
  });
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
