// The page's state. The case is the one source of truth: the reader's toggles (excluded and
// suspected-planted items, highlighted suspects) live in its `analysis`, the sample count and seed
// in its `settings`, so an exported file restores exactly what was on screen and undo only has to
// remember cases. Every change is validated by the core, kept in the history, and re-scored in
// the worker; the views are told when the case or the result changes.

import * as engine from './engine.js';
import { firstPages } from './pager.js';
import { messageOf } from './util.js';

/** @typedef {import('./engine.js').Case} Case */
/** @typedef {import('./engine.js').ScoreResult} ScoreResult */
/** @typedef {import('./engine.js').ScoreOptions} ScoreOptions */
/** @typedef {import('./engine.js').Display} Display */
/** @typedef {import('./engine.js').Scored} Scored */

/**
 * @typedef {object} State
 * @property {Case} case the case being examined (what "export" writes)
 * @property {boolean} flagship whether the case is the flagship report's
 * @property {string | null} selected hypothesis whose contributions are shown (null: the leader)
 * @property {ScoreResult | null} result the latest result
 * @property {Display | null} display the core's display of the latest result
 * @property {string | null} error the latest scoring error
 * @property {number} lastMs how long the latest re-score took, in ms
 */

/** @type {State} */
export const state = {
  case: { attrib: 1, observations: [] },
  flagship: true,
  selected: null,
  result: null,
  display: null,
  error: null,
  lastMs: 0,
};

/** @typedef {'case' | 'result' | 'history'} Change */

/** @type {Set<(kind: Change) => void>} */
const listeners = new Set();

/**
 * Be told when the case changes ('case'), a new result is in ('result'), or what undo and redo
 * can do changes ('history').
 * @param {(kind: Change) => void} fn
 */
export function subscribe(fn) {
  listeners.add(fn);
}

/** @param {Change} kind */
function emit(kind) {
  for (const fn of listeners) fn(kind);
}


// Re-scores are coalesced: at most one request is with the worker at a time. A request made while
// one is in flight replaces any request already waiting, and when the in-flight result comes back
// while a newer request waits, that result is stale and is dropped. Dragging a slider therefore
// scores the position the reader is at, not every position passed on the way.

/** Counts of re-scores asked for, sent to the worker, and dropped as stale or superseded. */
export const stats = { requested: 0, sent: 0, stale: 0 };

/** @type {Case | null} */
let waitingRequest = null;
let inFlight = false;

/**
 * Send one request; on its reply either score the newer waiting request or show this result.
 * @param {Case} c
 */
async function send(c) {
  inFlight = true;
  stats.sent += 1;
  /** @type {Scored | null} */
  let reply = null;
  /** @type {string | null} */
  let error = null;
  try {
    // Brief: the page draws the contributions of one hypothesis, and the rankings from the display.
    reply = await engine.score(c, { ...engine.OPTIONS }, state.selected);
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
  state.display = reply ? reply.display : null;
  state.error = error;
  state.lastMs = reply ? reply.ms : 0;
  emit('result');
}

/** Score the current case (in the worker) and tell the views when the result is in. */
function rescore() {
  stats.requested += 1;
  if (inFlight) waitingRequest = state.case;
  else send(state.case);
}

/** Score the current case again (after the engine was restarted, its result is gone). */
export function refresh() {
  rescore();
}

/**
 * Take a result computed elsewhere (the worker's first score at start-up) as the latest.
 * @param {Scored} scored
 */
export function showResult(scored) {
  state.result = scored.result;
  state.display = scored.display;
  state.error = null;
  state.lastMs = scored.ms;
  emit('result');
}

// The history: every accepted change pushes the case it replaced. Changes made in a quick run with
// the same `coalesce` key (one slider drag) make one step.

/** @typedef {{case: Case, flagship: boolean}} Snapshot */

/** @type {Snapshot[]} */
const past = [];
/** @type {Snapshot[]} */
const future = [];
/** The case as published or opened (the flagship, an imported file, a shared link). @type {Snapshot | null} */
let published = null;
/** @typedef {'flagship' | 'file' | 'link'} Origin */
/** Where the published case came from. @type {Origin} */
let publishedFrom = 'flagship';
/** The coalesce key and time of the latest change, to merge a drag into one step. */
let lastChange = { key: /** @type {string | null} */ (null), at: 0 };
/** Changes with the same key this close together (ms) make one step. */
const RUN_MS = 1500;

/** The published case's JSON text, and whether the case on screen differs, for the last pair. */
let differs = { published: /** @type {Case | null} */ (null), text: '', shown: /** @type {Case | null} */ (null), value: false };

/**
 * Whether `shown` differs from the published case `pub`, compared as JSON text. Cases are never
 * changed in place (an edit makes a new one), so the published case's text is made once and the
 * answer for a pair of objects is kept: writing out a 10,000-observation case costs the main
 * thread milliseconds.
 * @param {Case} pub
 * @param {Case} shown
 */
function differsFrom(pub, shown) {
  if (differs.published !== pub) differs = { published: pub, text: JSON.stringify(pub), shown: null, value: false };
  if (differs.shown !== shown) {
    differs.shown = shown;
    differs.value = pub !== shown && differs.text !== JSON.stringify(shown);
  }
  return differs.value;
}

/** What undo, redo and reset can do now. */
export function history() {
  return {
    undo: past.length,
    redo: future.length,
    /** Whether the case differs from the published one (reset would change something). */
    changed: published !== null && differsFrom(published.case, state.case),
    /** Whether the published case is the flagship report. */
    flagship: published?.flagship ?? true,
    /** Where the published case came from. */
    from: publishedFrom,
  };
}

/**
 * Make `next` the current case, remembering the one it replaces.
 * @param {Snapshot} next
 * @param {string | null} [coalesce]
 */
function commit(next, coalesce = null) {
  const t = Date.now();
  const merge = coalesce !== null && lastChange.key === coalesce && t - lastChange.at < RUN_MS && past.length > 0;
  if (!merge) past.push({ case: state.case, flagship: state.flagship });
  lastChange = { key: coalesce, at: t };
  future.length = 0;
  show(next);
}

/**
 * Show a snapshot: the views are rebuilt and the case re-scored.
 * @param {Snapshot} s
 */
function show(s) {
  if (s.flagship !== state.flagship) state.selected = null;
  state.case = s.case;
  state.flagship = s.flagship;
  emit('case');
  emit('history');
  rescore();
}

// Edits are validated by the core in the worker, one at a time and in order: each edit applies to
// the case as the previous edit left it. An edit with a `coalesce` key replaces a waiting edit with
// the same key (a slider drag validates and scores only where the reader stopped); both callers
// get the outcome of the later one. Undo, redo and reset wait their turn in the same queue.

/**
 * @typedef {object} Task
 * @property {(c: Case) => void} [edit] change a copy of the case
 * @property {() => Snapshot | null} [jump] or go to another snapshot (undo, redo, reset, open)
 * @property {string | null} coalesce
 * @property {(err: string | null) => void} done
 */

/** @type {Task[]} */
const tasks = [];
let working = false;

/** Run waiting tasks one after another. */
async function runTasks() {
  if (working) return;
  working = true;
  while (tasks.length > 0) {
    const task = /** @type {Task} */ (tasks.shift());
    /** @type {string | null} */
    let err = null;
    if (task.jump) {
      const to = task.jump();
      if (to) show(to);
    } else if (task.edit) {
      const next = /** @type {Case} */ (structuredClone(state.case));
      try {
        task.edit(next);
        tidy(next);
        const checked = await engine.validate(next);
        commit({ case: checked.case, flagship: state.flagship }, task.coalesce);
      } catch (e) {
        err = messageOf(e);
      }
    }
    task.done(err);
  }
  working = false;
}

/**
 * Drop empty lists and objects the reader's toggles leave behind, so that switching something
 * on and off again gives back the very same case.
 * @param {Case} c
 */
function tidy(c) {
  const a = c.analysis;
  if (a) {
    for (const k of /** @type {const} */ (['focus', 'excluded', 'planted'])) {
      if (a[k] && a[k].length === 0) delete a[k];
    }
    if (Object.keys(a).length === 0) delete c.analysis;
  }
  if (c.settings && Object.keys(c.settings).length === 0) delete c.settings;
  if (c.hypotheses && c.hypotheses.length === 0) delete c.hypotheses;
}

/**
 * Apply an edit to a copy of the case; keep it only if the core accepts it.
 * @param {(c: Case) => void} edit
 * @param {{coalesce?: string}} [how] edits with the same key replace one another while waiting,
 *   and a quick run of them makes one undo step
 * @returns {Promise<string | null>} the core's error message, or null on success
 */
export function editCase(edit, how = {}) {
  const coalesce = how.coalesce ?? null;
  return new Promise((resolve) => {
    const same = coalesce ? tasks.find((t) => t.edit && t.coalesce === coalesce) : undefined;
    if (same) {
      const earlier = same.done;
      Object.assign(same, { edit, done: (/** @type {string | null} */ err) => (earlier(err), resolve(err)) });
    } else {
      tasks.push({ edit, coalesce, done: resolve });
    }
    runTasks();
  });
}

/**
 * Queue a move to another snapshot.
 * @param {() => Snapshot | null} jump
 * @returns {Promise<void>}
 */
function queueJump(jump) {
  return new Promise((resolve) => {
    tasks.push({ jump, coalesce: null, done: () => resolve() });
    runTasks();
  });
}

/** Undo the latest change. */
export function undo() {
  return queueJump(() => {
    const to = past.pop();
    if (!to) return null;
    future.push({ case: state.case, flagship: state.flagship });
    lastChange = { key: null, at: 0 };
    return to;
  });
}

/** Redo the latest undone change. */
export function redo() {
  return queueJump(() => {
    const to = future.pop();
    if (!to) return null;
    past.push({ case: state.case, flagship: state.flagship });
    lastChange = { key: null, at: 0 };
    return to;
  });
}

/** Go back to the published (or opened) case; this can itself be undone. */
export function reset() {
  return queueJump(() => {
    if (!published || !history().changed) return null;
    past.push({ case: state.case, flagship: state.flagship });
    future.length = 0;
    lastChange = { key: null, at: 0 };
    return published;
  });
}

/**
 * Open a whole case (the flagship at start, an imported file, a new empty case). An opened file
 * becomes what "reset" returns to; a new case does not. Undo returns to the previous case.
 * @param {Case} c an already validated case
 * @param {{flagship?: boolean, publish?: boolean, first?: boolean, from?: Origin}} [how] `first`:
 *   the page's first case, whose result is already at hand (no history, no re-score); `from`:
 *   where a published case came from (default: the flagship, or a file)
 * @returns {Promise<void>}
 */
export function openCase(c, how = {}) {
  const snap = { case: c, flagship: how.flagship ?? false };
  // Every long list of a newly opened case starts at its first page.
  firstPages();
  if (how.publish) {
    published = snap;
    publishedFrom = how.from ?? (snap.flagship ? 'flagship' : 'file');
  }
  if (how.first) {
    state.case = c;
    state.flagship = snap.flagship;
    emit('case');
    emit('history');
    return Promise.resolve();
  }
  return queueJump(() => {
    past.push({ case: state.case, flagship: state.flagship });
    future.length = 0;
    lastChange = { key: null, at: 0 };
    return snap;
  });
}

/**
 * Remove observation `i`, shifting the reader's toggles to match.
 * @param {number} i
 * @returns {Promise<string | null>}
 */
export function removeObservation(i) {
  const shift = (/** @type {number[] | undefined} */ s) => s?.filter((j) => j !== i).map((j) => (j > i ? j - 1 : j));
  return editCase((c) => {
    c.observations.splice(i, 1);
    if (c.analysis) {
      c.analysis.excluded = shift(c.analysis.excluded);
      c.analysis.planted = shift(c.analysis.planted);
    }
  });
}

/**
 * Whether observation `i` is in one of the reader's sets.
 * @param {'excluded' | 'planted'} which
 * @param {number} i
 */
export function marked(which, i) {
  return state.case.analysis?.[which]?.includes(i) ?? false;
}

/**
 * Put observation `i` in or out of one of the reader's sets.
 * @param {'excluded' | 'planted'} which
 * @param {number} i
 * @param {boolean} on
 * @returns {Promise<string | null>}
 */
export function toggle(which, i, on) {
  return editCase((c) => {
    const a = (c.analysis ??= {});
    const set = new Set(a[which] ?? []);
    if (on) set.add(i);
    else set.delete(i);
    a[which] = [...set].sort((x, y) => x - y);
  });
}

/**
 * Choose the hypothesis whose contributions are shown. A result carries only the leader's and the
 * chosen one's (engine.js `score`): when the latest result lacks the new choice's, the case is
 * scored again for them and the views change when that result is in.
 * @param {string | null} id
 */
export function select(id) {
  state.selected = id;
  if (lacksWeights(state.result, id)) rescore();
  else emit('result');
}

/**
 * Whether `r` lacks the weights the views would show for hypothesis `id` (null: the leader): it
 * lists `id` without them while its first hypothesis has some (with no item included, none has).
 * @param {ScoreResult | null} r
 * @param {string | null} id
 */
function lacksWeights(r, id) {
  const h = r?.hypotheses.find((x) => x.id === id);
  return !!r && !!h && h.contributions.observation.length === 0 && r.hypotheses[0].contributions.observation.length > 0;
}
