// The colophon: the profile pack's version, hash and sources.

import { h, mount } from '../dom.js';
import { packSummary } from '../engine.js';
import { count } from '../format.js';

/** @typedef {import('../engine.js').ScoreResult} ScoreResult */

/**
 * @param {HTMLElement} root
 */
export function renderFooter(root) {
  const p = packSummary();
  mount(
    root,
    h('p', {}, 'Attrib computes every figure in your browser; nothing you do here is sent anywhere, and once loaded the page works offline.'),
    p &&
      h(
        'p',
        {},
        `Profile pack ${p.version}: ${count(p.profiles)} profiles, ${count(p.techniques)} techniques, ${count(p.software)} software entries`,
        p.sha256 ? ` (sha256 ${p.sha256.slice(0, 16)}…).` : '.',
      ),
    p && p.sources.length > 0 && h('ul', { class: 'pack-sources' }, p.sources.map((s) => h('li', {}, `${s.name} ${s.version}${s.license ? ` — ${s.license}` : ''}`))),
    h('p', {}, 'The written report above is Attrib’s own summary of public reporting; the probabilities are a model’s, not a verdict.'),
  );
}
