// DOM building without innerHTML: every string becomes a text node, every attribute goes through
// setAttribute, links only ever point at http(s) URLs, and no inline handler can be set.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** @typedef {Node | string | number | null | undefined | false} Leaf */
/** @typedef {Leaf | Children} Child */
/** @typedef {Array<Child>} Children */
/** @typedef {Record<string, unknown>} Attrs */

/** Properties set directly rather than as attributes. */
const PROPS = new Set(['value', 'checked', 'selected', 'disabled', 'indeterminate']);

/**
 * Is `url` an absolute http or https URL?
 * @param {unknown} url
 * @returns {boolean}
 */
export function isSafeUrl(url) {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url.trim())) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * @param {Element} el
 * @param {Attrs} attrs
 */
function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) {
      if (typeof v !== 'function') throw new Error(`refusing inline handler ${k}`);
      el.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    } else if (k === 'text') {
      el.textContent = String(v);
    } else if (k === 'style') {
      throw new Error('inline styles are not allowed (CSP)');
    } else if ((k === 'href' || k === 'src' || k === 'action') && !String(v).startsWith('#') && !String(v).startsWith('blob:') && !isSafeUrl(v)) {
      throw new Error(`refusing unsafe ${k}`);
    } else if (PROPS.has(k) && !(el instanceof SVGElement)) {
      /** @type {any} */ (el)[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
}

/**
 * @param {Element} el
 * @param {Child[]} children
 */
function append(el, children) {
  for (const c of /** @type {Leaf[]} */ (/** @type {unknown[]} */ (children).flat(Infinity))) {
    if (c == null || c === false) continue;
    el.append(typeof c === 'object' ? /** @type {Node} */ (c) : String(c));
  }
}

/**
 * Create an HTML element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, /** @type {Child[]} */ (children));
  return el;
}

/**
 * Create an SVG element.
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  const el = /** @type {SVGElement} */ (document.createElementNS(SVG_NS, tag));
  setAttrs(el, attrs);
  append(el, /** @type {Child[]} */ (children));
  return el;
}

/**
 * A link if `url` is http(s), else the text alone (never a javascript: or data: link).
 * @param {string | undefined} url
 * @param {string} text
 * @returns {Node}
 */
export function safeLink(url, text) {
  if (url && isSafeUrl(url)) {
    return h('a', { href: url, rel: 'noopener noreferrer' }, text);
  }
  return h('span', {}, text);
}

/**
 * Replace an element's children.
 * @param {Element} el
 * @param {...(Child | Child[])} children
 */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, /** @type {Child[]} */ (children));
}

/**
 * The element with this id (throws if the page lacks it).
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page element #${id} is missing`);
  return el;
}

let uid = 0;
/**
 * A fresh element id with a prefix.
 * @param {string} prefix
 */
export function freshId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * A place for one message (an error or a confirmation) and the function that fills or clears it.
 * @param {string} [id]
 * @returns {{el: HTMLElement, say: (msg: string | null, ok?: boolean) => void}}
 */
export function messageSlot(id) {
  const el = h('div', { class: 'error-slot', id });
  const say = (/** @type {string | null} */ msg, ok = false) =>
    mount(el, msg ? h('p', { class: ok ? 'ok' : 'error', role: ok ? 'status' : 'alert' }, msg) : null);
  return { el, say };
}

/**
 * A word linked to its entry in the glossary ("Words used on this page").
 * @param {string} key the entry's id without its `g-` prefix
 * @param {string} text
 */
export function term(key, text) {
  return h('a', { class: 'term', href: `#g-${key}` }, text);
}

/** Words in the core's sentences that have a glossary entry, and the entry. */
const TERMS = /** @type {const} */ ([
  [/\bclusters\b/, 'group'],
  [/\bactor outside the profile pack\b/, 'unlisted'],
  [/\bsimulated re-weighings\b/, 'draws'],
  [/\b90 % interval\b/, 'interval'],
  [/\b\d of the 4 kinds\b/, 'kinds'],
  [/\b(very strong|strong|positive) evidence\b|\bbarely moves\b/, 'moved'],
  [/\bremoving a single observation changes the leader\b/, 'pivotal'],
]);

/**
 * A sentence as text, with the first mention of each glossary term linked to its entry.
 * @param {string} text
 * @returns {(string | Node)[]}
 */
export function withTerms(text) {
  /** @type {{at: number, end: number, key: string}[]} */
  const found = [];
  for (const [re, key] of TERMS) {
    const m = re.exec(text);
    if (m && !found.some((f) => m.index < f.end && f.at < m.index + m[0].length)) found.push({ at: m.index, end: m.index + m[0].length, key });
  }
  found.sort((a, b) => a.at - b.at);
  /** @type {(string | Node)[]} */
  const out = [];
  let from = 0;
  for (const f of found) {
    out.push(text.slice(from, f.at), term(f.key, text.slice(f.at, f.end)));
    from = f.end;
  }
  out.push(text.slice(from));
  return out.filter((x) => x !== '');
}
