// What would change the conclusion: leader stability, pivotal observations, flip weights.

import { h, mount } from '../dom.js';
import { count, pct } from '../format.js';
import { state } from '../state.js';
import { paged } from '../pager.js';
import { profileName, shortLabel } from './describe.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */

/**
 * @param {HTMLElement} root
 * @param {ScoreResult | null} r
 */
export function renderSensitivity(root, r) {
  if (!r) {
    mount(root);
    return;
  }
  const obs = state.case.observations;
  const leader = profileName(r.leader);
  const samples = r.settings.samples;
  const flips = r.flips
    .filter((f) => f.weight != null)
    .sort((a, b) => Math.abs(Math.log(a.weight || 1e-9)) - Math.abs(Math.log(b.weight || 1e-9)));
  const pivotal = h('ul', { id: 'pivotal' });
  const pivotalPages = paged({
    id: 'pivotal',
    list: pivotal,
    items: r.pivotal,
    noun: 'items',
    make: (p) =>
      h(
        'li',
        {},
        `Without item ${shortLabel(obs[p.observation], p.observation)}, `,
        h('strong', {}, profileName(p.if_removed_leader)),
        ` would lead (${pct(p.if_removed_probability)}).`,
      ),
  });
  const flipList = h('ul', { id: 'flips' });
  const flipPages = paged({
    id: 'flips',
    list: flipList,
    items: flips,
    noun: 'items',
    make: (f) =>
      h(
        'li',
        {},
        `Item ${shortLabel(obs[f.observation], f.observation)}: at weight ${f.weight?.toFixed(2)}, `,
        h('strong', {}, profileName(f.new_leader ?? 'unlisted')),
        ' would take the lead.',
      ),
  });
  const skipped = r.warnings.find((w) => w.startsWith('sensitivity:'));
  mount(
    root,
    h(
      'p',
      { id: 'stability' },
      samples > 0
        ? `Leader stability: ${leader} stays in first place in ${pct(r.leader_stability)} of ${count(samples)} Monte Carlo draws of the uncertain settings.`
        : 'Leader stability is not computed while the Monte Carlo is off.',
    ),
    h('h3', {}, 'Single items that decide the leader'),
    // The cost model leaves the analysis out for the largest cases, and says so.
    skipped
      ? h('p', { id: 'pivotal' }, 'Not computed for a case this large: the notes under the verdict say why.')
      : r.pivotal.length === 0
        ? h('p', { id: 'pivotal' }, 'Removing any one item leaves the leader unchanged.')
        : [pivotal, pivotalPages],
    h('h3', {}, 'How far each item’s weight must move'),
    h(
      'p',
      { class: 'hint' },
      'Weight 1 is the item as scored, 0 removes it, 2 counts it twice. Items are listed nearest flip first.',
    ),
    skipped
      ? h('p', { id: 'flips' }, 'Not computed for a case this large.')
      : flips.length === 0
        ? h('p', { id: 'flips' }, 'No single item flips the leader at any weight from 0 to 10.')
        : [flipList, flipPages],
    r.flips.length > flips.length &&
      h('p', { class: 'muted' }, `${r.flips.length - flips.length} other items cannot flip the leader on their own at any weight from 0 to 10.`),
  );
}
