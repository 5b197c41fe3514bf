// The assessment at the top of the report: the answer at group level and at state level, side by
// side with equal standing, then the confidence judgement; beside them what the priors alone say
// and how far the evidence moved it, and the three most likely culprits. Also the line under the
// title that says, from the figures, what was weighed and what came out.

import { probabilityBars } from '../charts.js';
import { byId, h, mount, term, withTerms } from '../dom.js';
import { count, idLabel } from '../format.js';
import { paged } from '../pager.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */
/** @typedef {import('../engine.js').Display} Display */
/** @typedef {import('../engine.js').Row} Row */
/** @typedef {import('../engine.js').Case} Case */

/**
 * The core numbers observations from 0; the page, like readers, from 1.
 * @param {string} w
 */
function readable(w) {
  return w.replace(/^observation (\d+):/, (_, n) => `Item ${Number(n) + 1}:`);
}

/**
 * "Among the 8 suspects considered" after a caption, or nothing in a race of the whole pack.
 * @param {Display} d
 * @param {string} text
 */
export function qualified(d, text) {
  return d.qualifier ? `${text}, ${d.qualifier.charAt(0).toLowerCase()}${d.qualifier.slice(1)}` : text;
}

/**
 * One level of the answer: its leader, figure and band, then the core's sentence.
 * @param {string} id
 * @param {(string | Node)[]} heading
 * @param {Row | null} row
 * @param {string} sentence
 * @param {string} sentenceId
 */
function level(id, heading, row, sentence, sentenceId) {
  return h(
    'div',
    { class: 'level', id },
    h('h3', { class: 'level-h' }, heading),
    row &&
      h(
        'p',
        { class: 'level-key' },
        h('span', { class: 'level-name' }, row.id === 'unlisted' ? 'An actor outside the profile pack' : row.name),
        ' ',
        h('span', { class: 'level-figure' }, row.figure.percent),
        ' ',
        h('span', { class: 'level-term' }, term('estimative', row.figure.term)),
      ),
    h('p', { class: 'statement', id: sentenceId }, withTerms(sentence)),
  );
}

/**
 * The sentence under the title: what was weighed against what, and what came out.
 * @param {ScoreResult} r
 * @param {Display} d
 * @param {Case} c the case scored
 * @returns {string}
 */
export function ledeText(r, d, c) {
  const total = c.observations.length;
  const used = r.settings.observations;
  const items =
    used === total
      ? `its ${count(total)} ${total === 1 ? 'piece' : 'pieces'} of evidence`
      : `${count(used)} of its ${count(total)} pieces of evidence (you left ${count(total - used)} out)`;
  const field = r.race.restricted
    ? `the ${count(r.race.competing)} suspects the case names and an actor outside the profile pack`
    : `${count(r.race.competing)} threat-actor profiles and an unprofiled actor`;
  if (used === 0) {
    return `With no evidence to weigh, the figures below are the starting shares alone: what the list of ${r.race.restricted ? 'suspects' : 'profiles'} implies before anything is known.`;
  }
  const who = (/** @type {Row} */ row) =>
    row.id === 'unlisted' ? 'an actor outside the profile pack' : row.id === 'none' ? 'no known state sponsor' : row.name;
  const atState = d.state ? ` and, at state level, ${who(d.state)} (${d.state.figure.percent})` : '';
  return `We weighed ${items} against ${field}: most likely ${who(d.cluster)} (${d.cluster.figure.percent})${atState}.`;
}

/**
 * The reading before any evidence, and how far the evidence moved it.
 * @param {ScoreResult} r
 * @param {Display} d
 */
function prior(r, d) {
  const s = d.prior.state;
  return [
    h(
      'div',
      {},
      h('h3', { class: 'prior-h' }, term('prior', 'Before the evidence')),
      h('p', { id: 'prior-statement' }, withTerms(r.prior_only.statement)),
      s &&
        h(
          'p',
          { id: 'prior-state' },
          `${d.qualifier ? `${d.qualifier}, at` : 'At'} state level the most probable before any evidence is ${s.id === 'unlisted' ? 'an actor outside the profile pack' : s.name.replace(/^No known/, 'no known')}, at ${s.figure.percent}.`,
        ),
    ),
    h(
      'div',
      {},
      h('h3', { class: 'prior-h' }, term('moved', 'How far the evidence moved it')),
      h(
        'ul',
        { class: 'moves', id: 'evidence-weight' },
        r.evidence_weight.map((m) => h('li', { id: `moved-${m.level}` }, withTerms(m.statement))),
      ),
    ),
  ];
}

/**
 * @param {HTMLElement} root the levels (#statement)
 * @param {ScoreResult | null} r
 * @param {Display | null} d
 * @param {string | null} error
 * @param {Case} c the case scored
 */
export function renderStatement(root, r, d, error, c) {
  const top = byId('top3');
  const notes = byId('statement-notes');
  const priorBox = byId('prior');
  const note = byId('race-note');
  byId('assessment').removeAttribute('aria-busy');
  if (error || !r || !d) {
    mount(root, h('p', { class: 'error', role: 'alert' }, `The case could not be scored: ${error ?? 'no result'}`));
    for (const el of [top, notes, priorBox]) mount(el);
    note.hidden = true;
    byId('result-lede').textContent = '';
    return;
  }
  note.hidden = !d.qualifier;
  mount(
    note,
    d.qualifier &&
      h(
        'span',
        {},
        h('strong', {}, term('restricted', 'A restricted race.')),
        ` ${d.qualifier}, plus an actor outside the profile pack: every figure answers “which of these?”, not “who?”.`,
      ),
  );
  const reason = r.confidence_reason ? [' — ', withTerms(r.confidence_reason), '.'] : '.';
  mount(
    root,
    h(
      'div',
      { class: 'level-pair' },
      level('level-cluster', ['Which ', term('group', 'group'), '?'], d.cluster, r.statement, 'statement-text'),
      level('level-state', ['Which ', term('sponsor', 'state'), '?'], d.state, r.sponsor_statement, 'sponsor-statement'),
    ),
    h(
      'p',
      { class: `confidence confidence-${r.confidence}`, id: 'confidence' },
      h('strong', {}, term('confidence', 'Confidence'), `: ${r.confidence}`),
      reason,
    ),
  );
  mount(priorBox, prior(r, d));
  const samples = r.settings.samples;
  mount(
    top,
    h('p', { class: 'top3-h', id: 'top3-h' }, qualified(d, 'Most likely culprits')),
    probabilityBars(
      qualified(d, 'The three most likely culprits, with 90 % intervals'),
      d.top.map((row) => ({
        label: row.id === 'unlisted' ? 'Unlisted actor' : row.name,
        figure: row.figure,
        lead: row.lead,
        muted: row.id === 'unlisted',
      })),
    ),
    h(
      'p',
      { class: 'top3-note' },
      samples > 0 ? ['Bar: probability. Whiskers and small figures: ', term('interval', '90 % interval'), '.'] : 'The simulation is off, so no intervals.',
    ),
  );
  // Notes about the whole case (what the cost model cut) first, then those about single items; a
  // page of them at a time (a case may have thousands).
  const general = r.warnings.filter((w) => !w.startsWith('observation '));
  const noteItems = [...general, ...r.warnings.filter((w) => w.startsWith('observation '))];
  const noteList = h('ul', {});
  const notePages = paged({ id: 'notes', list: noteList, items: noteItems, make: (w) => h('li', {}, readable(w)), noun: 'notes' });
  mount(
    notes,
    h(
      'p',
      { class: 'legend', id: 'legend' },
      term('estimative', 'What the words mean'),
      ': ',
      d.bands.map((b) => `${b.term} ${b.band}`).join(' · '),
      '.',
    ),
    r.warnings.length > 0 &&
      h(
        'div',
        { class: 'warnings' },
        h('p', { class: 'warnings-h' }, 'Notes on the evidence'),
        noteList,
        notePages,
      ),
  );
  byId('result-lede').textContent = ledeText(r, d, c);
  const legend = document.getElementById('bands-legend');
  if (legend) legend.textContent = d.bands.map((b) => `${b.term} ${b.band}`).join(', ');
}

/**
 * An identifier as secondary text (re-exported for views that list profiles).
 * @param {string} id
 */
export function identOf(id) {
  return id === 'unlisted' ? null : idLabel(id);
}
