// The ranking: posterior bars with 90 % credible intervals, by cluster and by suspected sponsor.

import { probabilityBars } from '../charts.js';
import { h, mount } from '../dom.js';
import { count, pct } from '../format.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */
/** @typedef {import('../charts.js').BarRow} BarRow */

/** Most hypotheses drawn individually. */
const SHOWN = 10;

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 */
export function renderRanking(root, r) {
  if (!r) {
    mount(root);
    return;
  }
  /** @type {BarRow[]} */
  const clusters = r.hypotheses.slice(0, SHOWN).map((x) => ({
    label: x.name,
    detail: x.id,
    p: x.probability,
    iv: x.interval,
    lead: x.id === r.leader,
  }));
  clusters.push({
    label: 'Unlisted actor',
    detail: 'not in the profile pack',
    p: r.unlisted.probability,
    iv: r.unlisted.interval,
    lead: r.leader === 'unlisted',
    muted: true,
  });
  const hidden = r.hypotheses.length - SHOWN + (r.others?.count ?? 0);
  const hiddenP =
    r.hypotheses.slice(SHOWN).reduce((s, x) => s + x.probability, 0) + (r.others?.probability ?? 0);
  /** @type {BarRow[]} */
  const sponsors = r.levels.sponsor.slice(0, 6).map((l) => ({
    label: l.name,
    detail: /^[A-Z]{2}$/.test(l.id) ? l.id : undefined,
    p: l.probability,
    iv: l.interval,
    lead: l === r.levels.sponsor[0],
    muted: l.id === 'unlisted' || l.id === 'none',
  }));
  const samples = r.settings.samples;
  mount(
    root,
    h(
      'p',
      { class: 'hint' },
      'Bars show each hypothesis’ probability; the whiskers its 90 % credible interval ',
      samples > 0 ? `over ${count(samples)} Monte Carlo draws of the uncertain settings.` : '(Monte Carlo is off, so no interval).',
    ),
    h(
      'div',
      { class: 'two-col' },
      h(
        'figure',
        { class: 'chart' },
        h('figcaption', {}, 'By group (cluster)'),
        probabilityBars('Probability by group, with 90 % credible intervals', clusters),
        hidden > 0 && h('p', { class: 'hint' }, `${hidden} more groups share ${pct(hiddenP)}.`),
      ),
      h(
        'figure',
        { class: 'chart' },
        h('figcaption', {}, 'By suspected state sponsor'),
        probabilityBars('Probability by suspected state sponsor, with 90 % credible intervals', sponsors),
      ),
    ),
  );
}
