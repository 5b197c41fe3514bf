// <attrib-verdict>: the live verdict of one case, for a newsroom's own article.
//
//   <script type="module" src="/attrib/js/attrib-verdict.js"></script>
//   <attrib-verdict src="/attrib/data/cases/kr-exchanges-2017.json">
//     <a href="/attrib/">Test the attribution with Attrib</a></attrib-verdict>
//
// The case comes from `src` (a case file's URL) or from an inline data block inside the element,
// `<script type="application/json">{ "attrib": 1, ... }</script>` (a data block is never run, so
// a strict Content-Security-Policy allows it). The element scores it in the reader's browser and
// shows the answer at group and at state level, the confidence and the reading before the
// evidence, with a link to the full report page holding the same reading (the share link).
// Optional attributes: `pack` (a profile pack URL) and `report` (the report page's URL).
//
// Everything it shows is built in its shadow root as text nodes: no innerHTML, no inline style
// (its stylesheet is css/embed.css, beside this module), no inline script, no global. Whatever is
// inside the element (a fallback link) shows only where the element cannot run.

import { REPORT_PAGE, score, shareLink, validate } from './api.js';

/** @typedef {import('./api.js').Scored} Scored */
/** @typedef {import('../pkg/attrib.js').Row} Row */

const STYLESHEET = new URL('../css/embed.css', import.meta.url).href;

/**
 * An element with attributes and children (strings become text).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} attrs
 * @param {...(Node | string | null | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== false) e.append(c);
  return e;
}

/**
 * "Lazarus Group 51 %, roughly even chance".
 * @param {string} question
 * @param {Row | null} row
 */
function level(question, row) {
  if (!row) return null;
  const name = row.id === 'unlisted' ? 'An actor outside the profile pack' : row.id === 'none' ? 'No known state sponsor' : row.name;
  return el(
    'div',
    { class: 'level' },
    el('p', { class: 'question' }, question),
    el('p', { class: 'answer' }, el('span', { class: 'name' }, name), ' ', el('span', { class: 'figure' }, row.figure.percent), ' ', el('span', { class: 'term' }, row.figure.term)),
  );
}

class AttribVerdict extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'pack', 'report'];
  }

  constructor() {
    super();
    /** @type {ShadowRoot} */
    this.root = this.attachShadow({ mode: 'open' });
    /** Which rendering is the latest; older ones are dropped when they finish. */
    this.run = 0;
    /** The latest result, for scripts and tests. @type {Scored | null} */
    this.scored = null;
  }

  connectedCallback() {
    this.refresh();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.refresh();
  }

  /**
   * Show `body` under the stylesheet.
   * @param {Node} body
   */
  show(body) {
    this.root.replaceChildren(el('link', { rel: 'stylesheet', href: STYLESHEET }), body);
  }

  /**
   * The case: the bytes at `src`, or the inline data block's text.
   * @returns {Promise<string | Uint8Array>}
   */
  async caseInput() {
    const src = this.getAttribute('src');
    if (src) {
      const url = new URL(src, document.baseURI);
      const r = await fetch(url);
      if (!r.ok) throw new Error(`could not load the case ${url.pathname} (${r.status})`);
      return new Uint8Array(await r.arrayBuffer());
    }
    const inline = this.querySelector(':scope > script[type="application/json"]');
    if (inline) return inline.textContent ?? '';
    throw new Error('no case: give the element a src attribute, or put the case inside it in a <script type="application/json"> block');
  }

  /** Score the case again and show the verdict (or, in words, why not). */
  async refresh() {
    this.run += 1;
    const mine = this.run;
    this.setAttribute('aria-busy', 'true');
    this.show(el('p', { class: 'status', role: 'status' }, 'Weighing the evidence…'));
    const pack = this.getAttribute('pack') ?? undefined;
    const report = this.getAttribute('report') ?? REPORT_PAGE;
    try {
      const { case: c } = await validate(await this.caseInput(), { pack });
      const [scored, link] = await Promise.all([score(c, { pack }), shareLink(c, { pack, report })]);
      if (mine !== this.run) return;
      this.scored = scored;
      this.show(this.card(c.title ?? null, scored, link.tooLong ? null : link.url, report));
    } catch (e) {
      if (mine !== this.run) return;
      this.scored = null;
      this.show(el('p', { class: 'error', role: 'alert' }, `The verdict could not be computed: ${e instanceof Error ? e.message : String(e)}.`));
    }
    this.removeAttribute('aria-busy');
    this.dispatchEvent(new CustomEvent('attrib-verdict', { detail: { ok: this.scored !== null } }));
  }

  /**
   * The verdict card.
   * @param {string | null} title the case's title
   * @param {Scored} s
   * @param {string | null} link the report page with this reading, if it fits in a link
   * @param {string} report the report page
   */
  card(title, s, link, report) {
    const { result: r, display: d } = s;
    return el(
      'section',
      { class: 'card', 'aria-label': `Attribution check${title ? `: ${title}` : ''}` },
      el('p', { class: 'kicker' }, 'Attribution check'),
      title ? el('p', { class: 'title' }, title) : null,
      d.qualifier ? el('p', { class: 'race' }, `${d.qualifier}, plus an actor outside the profile pack.`) : null,
      el('div', { class: 'levels' }, level('Which group?', d.cluster), level('Which state?', d.state)),
      el('p', { class: 'confidence' }, el('strong', {}, 'Confidence: '), r.confidence),
      el('p', { class: 'prior' }, r.prior_only.statement),
      el(
        'p',
        { class: 'more' },
        el('a', { href: link ?? report, class: 'open' }, link ? 'Test this attribution yourself' : 'Open Attrib'),
        link ? ': the full report, with the evidence and every figure behind this verdict.' : ' (this reading is too large for a link).',
      ),
      el('p', { class: 'stamp' }, `Computed in your browser by Attrib against profile pack ${r.profile_pack.version}.`),
    );
  }

}

if (!customElements.get('attrib-verdict')) customElements.define('attrib-verdict', AttribVerdict);

export { AttribVerdict };
