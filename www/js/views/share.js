// "Share, export, print": a link to the reading on screen, the case file, a STIX 2.1 bundle and
// ATT&CK Navigator layers (made by the core, the bytes `attrib export` writes), and printing.
// Also the printed report's colophon (pack, date, the link as text), kept up to date.
//
// The link is made when the reader asks for it, not on every change: the page's own in-page
// links (skip link, glossary terms, "Read on") use the fragment, and a reading over the size of
// a link must be met with advice (save the file) rather than a silently broken address. Once
// made, the link is also put in the address bar (replacing the entry, never adding one), so a
// reload or a bookmark keeps the reading; the next change takes it off again, so the address
// bar never names a reading other than the one on screen.

import { byId, h, messageSlot, mount } from '../dom.js';
import { exportNavigator, exportStix, packSummary } from '../engine.js';
import { download, fileName } from '../files.js';
import { count, longDate } from '../format.js';
import { LINK_LIMIT, isShareFragment } from '../share.js';
import { caseFile, linkTo, stamped } from '../sharing.js';
import { state } from '../state.js';
import { messageOf } from '../util.js';

/** @typedef {import('../sharing.js').Link} Link */

const linkMessage = messageSlot('share-status');
const exportMessage = messageSlot('export-status');

/** The case (as JSON) the address bar's link holds, if it holds one. */
let inAddressBar = /** @type {string | null} */ (null);

/**
 * Remember that the address bar holds a link to the case on screen now.
 */
export function addressHoldsReading() {
  inAddressBar = JSON.stringify(state.case);
}

/** After a change: take a link that no longer matches the reading out of the address bar. */
export function forgetStaleAddress() {
  if (!isShareFragment(location.hash)) return;
  if (inAddressBar === JSON.stringify(state.case)) return;
  history.replaceState(history.state, '', location.pathname + location.search);
  inAddressBar = null;
}

/** "3.1 KB". @param {number} n characters or bytes */
function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

/**
 * Save the case on screen as a case file (with the pack's stamp).
 * @param {(msg: string, ok?: boolean) => void} [say] where to confirm it (default: this panel)
 */
export async function saveCaseFile(say = exportMessage.say) {
  const name = fileName(state.case.title, { kind: 'case' });
  try {
    download(name, await caseFile(state.case));
    say(`Saved ${name}.`, true);
  } catch (e) {
    say(`Could not save the case file: ${messageOf(e)}.`);
  }
}

/**
 * Make the link, show it, copy it and put it in the address bar; or say it is too large.
 * @param {HTMLInputElement} field
 */
async function shareLink(field) {
  /** @type {Link} */
  let link;
  try {
    link = await linkTo(state.case);
  } catch (e) {
    linkMessage.say(`Could not make a link: ${messageOf(e)}.`);
    return;
  }
  if (link.tooLong) {
    field.value = '';
    field.closest('.field')?.setAttribute('hidden', '');
    mount(
      linkMessage.el,
      h(
        'p',
        { class: 'error', role: 'alert', id: 'link-too-long' },
        `This reading is too large for a link: ${kb(link.length)} after the #, and links stop at ${kb(LINK_LIMIT)}. Save it as a case file instead; it opens the same figures. `,
        h('button', { type: 'button', id: 'too-long-save', onclick: () => saveCaseFile(linkMessage.say) }, 'Save the case file'),
      ),
    );
    return;
  }
  field.value = link.url;
  field.closest('.field')?.removeAttribute('hidden');
  history.replaceState(history.state, '', link.url);
  addressHoldsReading();
  let copied = false;
  try {
    await navigator.clipboard.writeText(link.url);
    copied = true;
  } catch {
    copied = false;
  }
  linkMessage.say(
    `${copied ? 'Copied. ' : 'Select the link below and copy it. '}It holds this whole reading (${kb(link.length)}) after the #, a part of the address browsers never send to any server; whoever opens it sees these figures.`,
    true,
  );
  field.focus();
  field.select();
}

/**
 * Save a STIX bundle or a Navigator layer, made by the core from the case on screen.
 * @param {'stix' | 'layer' | 'comparison'} kind
 * @param {HTMLSelectElement} picker the hypothesis for layers
 */
async function saveExport(kind, picker) {
  const c = state.case;
  const hyp = state.result?.hypotheses.find((x) => x.id === picker.value) ?? state.result?.hypotheses[0];
  try {
    // Of the case as its file holds it (with the pack's stamp), so that `attrib export` on the
    // saved file gives these very bytes.
    const file = stamped(c);
    const text =
      kind === 'stix' ? await exportStix(file, new Date().toISOString()) : await exportNavigator(file, hyp?.id ?? null, kind === 'comparison');
    const name = fileName(c.title, { kind, hypothesis: hyp ? { id: hyp.id, name: hyp.name } : undefined });
    download(name, text);
    exportMessage.say(`Saved ${name}.`, true);
  } catch (e) {
    exportMessage.say(`Could not export: ${messageOf(e)}.`);
  }
}

/** @type {HTMLSelectElement | null} */
let picker = null;

/**
 * Build the panel once.
 * @param {HTMLElement} root
 */
export function renderShare(root) {
  const field = h('input', { type: 'text', id: 'share-url', readonly: true, spellcheck: 'false', autocomplete: 'off' });
  field.addEventListener('focus', () => field.select());
  picker = h('select', { id: 'layer-hypothesis' });
  const p = /** @type {HTMLSelectElement} */ (picker);
  const button = (/** @type {string} */ id, /** @type {string} */ label, /** @type {() => void} */ act) => h('button', { type: 'button', id, onclick: act }, label);
  mount(
    root,
    h('h3', {}, 'A link to this reading'),
    h(
      'p',
      { class: 'hint' },
      'The link holds everything on screen: the evidence and your grades, what you left out or marked as planted, the suspects, the settings and the seed, and which profile pack scored it. It all sits after the # of the address, which browsers never send to any server. Whoever opens it sees the same figures.',
    ),
    button('copy-link', 'Copy a link to this reading', () => shareLink(field)),
    h('div', { class: 'field share-field', hidden: true }, h('label', { for: 'share-url' }, 'Link to this reading'), field),
    linkMessage.el,
    h('h3', {}, 'Files for other tools'),
    h(
      'p',
      { class: 'hint' },
      'The case file reopens this reading in Attrib. The STIX 2.1 bundle holds the observations as ATT&CK objects, the victims, the leading groups and the assessment. The ATT&CK Navigator layers colour the case’s techniques by how much each counts for a hypothesis, or set them against that group’s known techniques.',
    ),
    h(
      'div',
      { class: 'export-row' },
      button('share-case-file', 'Save the case file', () => saveCaseFile()),
      button('export-stix', 'STIX 2.1 bundle', () => saveExport('stix', p)),
    ),
    h(
      'div',
      { class: 'export-row' },
      h('div', { class: 'field inline-field' }, h('label', { for: 'layer-hypothesis' }, 'Navigator layers for'), p),
      button('export-layer', 'Evidence layer', () => saveExport('layer', p)),
      button('export-comparison', 'Comparison with its profile', () => saveExport('comparison', p)),
    ),
    exportMessage.el,
    h('h3', {}, 'Print'),
    h(
      'p',
      { class: 'hint' },
      'A clean report on two or three A4 pages: the verdict, the ranking, the evidence with its sources and grades, the profile pack, the date and the link. Each chart also has its own “Image” download (SVG or PNG) beside it.',
    ),
    button('print', 'Print this report', () => window.print()),
  );
}

/** Keep the hypothesis picker in step with the latest result. */
export function updateShare() {
  const r = state.result;
  if (!picker || !r) return;
  const was = picker.value;
  mount(
    picker,
    r.hypotheses.map((x, k) =>
      h('option', { value: x.id, selected: was ? x.id === was : k === 0 }, `${x.name} (${state.display?.hypotheses[k] ?? ''})`),
    ),
  );
  if (![...picker.options].some((o) => o.selected) && picker.options.length > 0) picker.options[0].selected = true;
}

let printAsked = 0;
/** @type {ReturnType<typeof setTimeout> | null} */
let printTimer = null;

/**
 * The printed report's colophon: the pack's stamp, the dates and the link as text. Made after
 * every change, once changes pause for a moment (the link needs the worker, and printing cannot
 * wait for it).
 */
export function updatePrintColophon() {
  if (printTimer) clearTimeout(printTimer);
  // Until it is written again, the colophon is not for the reading on screen (tests wait on this).
  delete byId('print-colophon').dataset.ready;
  printTimer = setTimeout(writeColophon, 250);
}

async function writeColophon() {
  printTimer = null;
  printAsked += 1;
  const mine = printAsked;
  const p = packSummary();
  /** @type {Link | null} */
  let link = null;
  try {
    link = await linkTo(state.case, location.href);
  } catch {
    link = null;
  }
  if (mine !== printAsked || printTimer) return;
  const today = new Date().toISOString().slice(0, 10);
  mount(
    byId('print-colophon'),
    h(
      'p',
      {},
      `Printed on ${longDate(today)} from Attrib. `,
      state.case.date ? `Incident date: ${longDate(state.case.date)}. ` : '',
      p ? `Profile pack ${p.version} (sha256 ${p.sha256}), ${count(p.profiles)} profiles.` : '',
    ),
    link && !link.tooLong
      ? h('p', {}, 'This reading, with every choice made on the page, opens at: ', h('span', { class: 'print-link', id: 'print-link' }, link.url))
      : h('p', { id: 'print-link' }, 'This reading is too large for a link; the case file saved from the page reopens it.'),
  );
  byId('print-colophon').dataset.ready = 'true';
}
