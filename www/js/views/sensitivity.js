// What would change the conclusion: how often the leader stays first, the items that decide it,
// and how far each item's weight must move before another hypothesis leads.

import { h, mount, term } from '../dom.js';
import { count } from '../format.js';
import { paged } from '../pager.js';
import { state } from '../state.js';
import { profileName, shortLabel } from './describe.js';
import { qualified } from './statement.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */
/** @typedef {import('../engine.js').Display} Display */

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 * @param {Display | null} d
 */
export function renderSensitivity(root, r, d) {
  if (!r || !d) {
    mount(root);
    return;
  }
  const names = new Map(r.hypotheses.map((x) => [x.id, x.name]));
  const nameOf = (/** @type {string} */ id) => names.get(id) ?? profileName(id);
  const obs = state.case.observations;
  const leader = d.cluster.id === 'unlisted' ? 'an actor outside the profile pack' : d.cluster.name;
  const samples = r.settings.samples;
  const flips = r.flips
    .filter((f) => f.weight != null)
    .sort((a, b) => Math.abs(Math.log(a.weight || 1e-9)) - Math.abs(Math.log(b.weight || 1e-9)));
  // The cost model leaves the analysis out for the largest cases, and says so in the notes.
  const skipped = r.warnings.some((w) => w.startsWith('sensitivity:'));
  // A page of items at a time (pager.js).
  const pivotal = h('ul', { id: 'pivotal' });
  const pivotalPages = paged({
    id: 'pivotal',
    list: pivotal,
    items: r.pivotal,
    noun: 'items',
    make: (p, k) => h('li', {}, `Without item ${shortLabel(obs[p.observation], p.observation)}, `, h('strong', {}, nameOf(p.if_removed_leader)), ` would lead (${d.pivotal[k]}).`),
  });
  const flipList = h('ul', { id: 'flips' });
  const flipPages = paged({
    id: 'flips',
    list: flipList,
    items: flips,
    noun: 'items',
    make: (f) => h('li', {}, `Item ${shortLabel(obs[f.observation], f.observation)}: at weight ${f.weight?.toFixed(2)}, `, h('strong', {}, nameOf(f.new_leader ?? 'unlisted')), ' would take the lead.'),
  });
  mount(
    root,
    h(
      'p',
      { id: 'stability' },
      samples > 0
        ? [`${qualified(d, 'Stability')}: ${leader} `, term('stability', 'stays first'), ` in ${d.stability} of ${count(samples)} `, term('draws', 'simulated re-weighings'), '.']
        : 'How often the leader stays first is not computed while the simulation is off.',
    ),
    h('h3', {}, term('pivotal', 'Single items that decide the leader')),
    skipped
      ? h('p', { id: 'pivotal' }, 'Not computed for a case this large: the notes under the verdict say why.')
      : r.pivotal.length === 0
        ? h('p', { id: 'pivotal' }, 'Leaving out any one item leaves the leader unchanged.')
        : [pivotal, pivotalPages],
    h('h3', {}, 'How far each item’s weight must move'),
    h('p', { class: 'hint' }, 'Weight 1 is the item as scored, 0 removes it, 2 counts it twice. Items are listed nearest tipping point first.'),
    skipped
      ? h('p', { id: 'flips' }, 'Not computed for a case this large.')
      : flips.length === 0
        ? h('p', { id: 'flips' }, 'No single item changes the leader at any weight from 0 to 10.')
        : [flipList, flipPages],
    r.flips.length > flips.length && h('p', { class: 'muted' }, `${r.flips.length - flips.length} other items cannot change the leader on their own at any weight from 0 to 10.`),
  );
}
