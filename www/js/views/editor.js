// Build your own case: start a new one, describe it (title, summary, date), add observations of
// every kind (names checked against the pack through the same search as the suggestions; source
// and grades asked each time, defaulting to the last ones used), import a case file or a STIX
// bundle, export the case file.

import { byId, h, messageSlot, mount, term } from '../dom.js';
import { importStix, lists, lookup, search } from '../engine.js';
import { openCaseText, otherPackNote } from '../sharing.js';
import { CREDIBILITY, KIND_LABEL, NOT_GRADED, RELIABILITY } from '../format.js';
import { editCase, openCase, state } from '../state.js';
import { latestWins, messageOf } from '../util.js';
import { renderFooter } from './footer.js';
import { saveCaseFile } from './share.js';

/** Notes shown after a STIX import; the rest are counted. */
const NOTES_SHOWN = 5;

/** @typedef {import('../engine.js').Observation} Observation */
/** @typedef {import('../engine.js').Case} Case */
/** @typedef {import('../../pkg/attrib.js').Kind} Kind */
/** @typedef {import('../../pkg/attrib.js').Source} Source */

/**
 * A labelled field.
 * @param {string} id
 * @param {string | (string | Node)[]} label
 * @param {HTMLElement} control
 * @param {string} [help]
 */
function field(id, label, control, help) {
  control.id = id;
  if (help) control.setAttribute('aria-describedby', `${id}-help`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, help && h('p', { class: 'help', id: `${id}-help` }, help));
}

/**
 * A select of `[value, label]` pairs.
 * @param {[string, string][]} choices
 */
function choice(choices) {
  return h(
    'select',
    {},
    choices.map(([v, l]) => h('option', { value: v }, l)),
  );
}

/**
 * A text input whose suggestions come from a search of the pack.
 * @param {'technique' | 'software'} what
 * @param {string} listId
 */
function autocomplete(what, listId) {
  const list = h('datalist', { id: listId });
  const show = latestWins(
    (q) => search(what, q, 12),
    (hits) => mount(list, hits.map((x) => h('option', { value: x.id, label: `${x.name} (${x.id})` }, `${x.name} (${x.id})`))),
  );
  const input = h('input', { type: 'text', autocomplete: 'off', list: listId, oninput: () => show(input.value) });
  return { input, list };
}

/**
 * The technique ID for what the reader typed: an ID as it is, else the technique whose name is
 * exactly that; otherwise an error naming the closest matches.
 * @param {string} typed
 * @returns {Promise<string>}
 */
async function techniqueId(typed) {
  const t = typed.trim();
  if (/^T\d{4}(\.\d{3})?$/i.test(t)) return t.toUpperCase();
  if (!t) throw new Error('type a technique ID, such as T1566.001, or its name');
  const hit = await lookup('technique', t);
  if (hit) return hit.id;
  // Suggestions: what the whole text finds, else what its longer words find.
  let near = await search('technique', t, 3);
  for (const w of t.split(/\s+/).filter((x) => x.length >= 4)) {
    if (near.length >= 3) break;
    for (const x of await search('technique', w, 3)) if (near.length < 3 && !near.some((y) => y.id === x.id)) near.push(x);
  }
  throw new Error(
    near.length > 0
      ? `“${t}” names no single ATT&CK technique; did you mean ${near.map((x) => `${x.name} (${x.id})`).join(', or ')}?`
      : `no ATT&CK technique matches “${t}”`,
  );
}

/** The fields of "About this case", kept in step with the case. */
/** @type {{title: HTMLInputElement, summary: HTMLTextAreaElement, date: HTMLInputElement} | null} */
let about = null;

/** Show the case's title, summary and date in their fields (unless the reader is typing there). */
export function updateEditor() {
  if (!about) return;
  const c = state.case;
  for (const [key, el] of /** @type {[ 'title' | 'summary' | 'date', HTMLInputElement | HTMLTextAreaElement][]} */ (Object.entries(about))) {
    if (document.activeElement !== el) el.value = c[key] ?? '';
  }
}

/**
 * Build the editor once: where a case starts, what it is about, and the form that adds an item.
 * @param {HTMLElement} root
 */
export function renderEditor(root) {
  mount(root, startPanel(), aboutForm(), addForm());
  updateEditor();
}

/** @typedef {ReturnType<typeof messageSlot>} Slot */

/**
 * A file input that opens what the reader picks with `open`; a failure leaves the case as it was
 * and says why in `io`.
 * @param {string} id
 * @param {string} accept
 * @param {Slot} io
 * @param {(warnings: string[]) => void} leftOut shows what an import left out (cleared first)
 * @param {(f: File) => Promise<void>} open
 */
function fileInput(id, accept, io, leftOut, open) {
  const input = h('input', {
    type: 'file',
    id,
    accept,
    onchange: async () => {
      const f = input.files?.[0];
      input.value = '';
      if (!f) return;
      leftOut([]);
      try {
        await open(f);
      } catch (e) {
        io.say(`Could not import ${f.name}: ${messageOf(e)}. The current case is unchanged.`);
      }
    },
  });
  return input;
}

/**
 * Open a case file in place of the current case.
 * @param {File} f
 * @param {Slot} io
 */
async function openCaseFile(f, io) {
  // The raw bytes, as the command line reads a file: no decoding here that could hide a byte
  // order mark or repair invalid UTF-8.
  const o = await openCaseText(await f.arrayBuffer());
  await openCase(o.case, { publish: true });
  const other = otherPackNote(o);
  io.say(
    `Imported ${f.name}: ${o.case.observations.length} observations.` +
      (other ? ` It was made with another profile pack: ${other}. The figures shown come from this page’s pack.` : ''),
    true,
  );
}

/**
 * Make the profiles of a STIX bundle the pack the case is scored against.
 * @param {File} f
 * @param {Slot} io
 * @param {(warnings: string[]) => void} leftOut
 */
async function useStixFile(f, io, leftOut) {
  const c = state.case;
  const ids = [...(c.hypotheses ?? []), ...(c.analysis?.focus ?? [])];
  const { pack: summary, known } = await importStix(await f.arrayBuffer(), ids);
  // Suspects the new pack does not know cannot compete or be highlighted; keep the rest (with
  // none left, every profile competes). The case is validated again, which also fetches its
  // names from the new pack.
  const dropped = ids.filter((id) => !known.includes(id));
  await editCase((next) => {
    if (next.hypotheses) next.hypotheses = next.hypotheses.filter((id) => known.includes(id));
    if (next.analysis?.focus) next.analysis.focus = next.analysis.focus.filter((id) => known.includes(id));
  });
  renderFooter(byId('footer'));
  io.say(
    `Imported ${f.name}: ${summary.profiles} profiles now compete as the profile pack.` + (dropped.length ? ` Suspects not in it were dropped: ${dropped.join(', ')}.` : ''),
    true,
  );
  leftOut(summary.warnings);
}

/**
 * What a STIX import left out, under its verdict (the first few; the rest are counted).
 * @returns {{el: HTMLElement, show: (warnings: string[]) => void}}
 */
function leftOutList() {
  const el = h('div', { id: 'import-warnings' });
  const show = (/** @type {string[]} */ warnings) =>
    mount(
      el,
      warnings.length > 0 &&
        h(
          'div',
          { class: 'warnings' },
          h('p', { class: 'warnings-h' }, warnings.length === 1 ? 'One item was left out:' : `${warnings.length} items were left out:`),
          h('ul', {}, warnings.slice(0, NOTES_SHOWN).map((w) => h('li', {}, w))),
          warnings.length > NOTES_SHOWN && h('p', { class: 'muted' }, `… and ${warnings.length - NOTES_SHOWN} more like these.`),
        ),
    );
  return { el, show };
}

/** Start: a new case, a case file or a STIX bundle; and save the case. */
function startPanel() {
  const io = messageSlot('import-status');
  const notes = leftOutList();
  const newCase = h(
    'button',
    {
      type: 'button',
      id: 'new-case',
      class: 'primary',
      onclick: async () => {
        await openCase({ attrib: 1, title: 'Untitled case', observations: [] });
        io.say('A new, empty case: give it a title, then add what was observed. Undo brings the previous case back.', true);
        byId('case-title-input').focus();
      },
    },
    'Start a new case',
  );
  const caseFile = fileInput('import-case', '.json,application/json', io, notes.show, (f) => openCaseFile(f, io));
  const stixFile = fileInput('import-stix', '.json,application/json,application/stix+json', io, notes.show, (f) => useStixFile(f, io, notes.show));
  const exportButton = h('button', { type: 'button', id: 'export-case', onclick: () => saveCaseFile(io.say) }, 'Export the case file');
  return h(
    'div',
    { class: 'io' },
    h('p', { class: 'hint' }, 'Test your own incident: start an empty case, or open a case file someone shared. Files are read in your browser and never uploaded. Every step can be undone.'),
    h(
      'div',
      { class: 'grid' },
      h('div', { class: 'field' }, h('span', { class: 'label' }, 'From scratch'), newCase),
      field('import-case', 'Open a case file (JSON)', caseFile),
      field('import-stix', 'Use profiles from a STIX 2.1 bundle', stixFile),
      h('div', { class: 'field' }, h('span', { class: 'label' }, 'Save your version'), exportButton),
    ),
    io.el,
    notes.el,
    h('p', { class: 'help' }, 'The exported file keeps everything on screen: your grades and added items, what you left out or marked as planted, your suspects and settings.'),
  );
}

/** About this case: its title, summary and date, each saved when it changes. */
function aboutForm() {
  const aboutMsg = messageSlot('about-error');
  /**
   * @param {'title' | 'summary' | 'date'} key
   * @param {HTMLInputElement | HTMLTextAreaElement} el
   */
  const describeBy = (key, el) =>
    el.addEventListener('change', async () => {
      const v = el.value.trim();
      const err = await editCase(
        (c) => {
          if (v) c[key] = v;
          else delete c[key];
        },
        { coalesce: `about:${key}` },
      );
      aboutMsg.say(err);
    });
  const title = h('input', { type: 'text', autocomplete: 'off' });
  const summary = h('textarea', { rows: 3 });
  const date = h('input', { type: 'date' });
  describeBy('title', title);
  describeBy('summary', summary);
  describeBy('date', date);
  about = { title, summary, date };
  return h(
    'form',
    { class: 'editor', id: 'about-form', 'aria-labelledby': 'about-h', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    h('h3', { id: 'about-h' }, 'About this case'),
    h('div', { class: 'grid' }, field('case-title-input', 'Title', title), field('case-date-input', 'When it happened (or began)', date)),
    field('case-summary-input', 'Summary', summary, 'What happened and who is blamed, in your words.'),
    aboutMsg.el,
  );
}

/**
 * The controls of an observation's value, one field a kind (infrastructure, language and event
 * share the text field), and what the reader entered as the value of a kind.
 */
function valueControls() {
  const tech = autocomplete('technique', 'technique-list');
  const soft = autocomplete('software', 'software-list');
  const country = choice(lists.countries.map((c) => [c.code, `${c.name} (${c.code})`]));
  const sector = choice(lists.sectors.map((s) => [s, s.replace(/-/g, ' ')]));
  const motivation = choice(lists.motivations.map((m) => [m, m]));
  const time = h('input', { type: 'datetime-local', step: 60 });
  const text = h('input', { type: 'text', autocomplete: 'off' });
  const eventDate = h('input', { type: 'date' });
  /** @type {Record<string, HTMLElement>} */
  const fields = {
    technique: field('new-technique', ['ATT&CK ', term('technique', 'technique'), ' (ID or name)'], tech.input, 'e.g. T1105 or Ingress Tool Transfer; suggestions come from the profile pack.'),
    software: field('new-software', 'Software (ATT&CK ID, name or alias)', soft.input, 'A name the pack does not know is kept, and no profile explains it.'),
    'victim-country': field('new-country', 'Victim country', country),
    'victim-sector': field('new-sector', 'Victim sector', sector),
    'activity-time': field('new-time', 'Operator activity time, in UTC', time),
    motivation: field('new-motivation', 'Motivation', motivation),
    infrastructure: field(
      'new-text',
      'Indicator or value',
      text,
      'Infrastructure takes a prefix: ip:, cidr:, asn:, domain:, email: or cert-sha256:. Language: a tag such as ko (Korean). Event: a name such as sanctions.',
    ),
    'event-date': field('new-event-date', 'Date of the event', eventDate),
  };
  /** @type {Record<string, () => string | Promise<string>>} */
  const values = {
    technique: () => techniqueId(tech.input.value),
    software: () => soft.input.value,
    'victim-country': () => country.value,
    'victim-sector': () => sector.value,
    motivation: () => motivation.value,
    'activity-time': () => (time.value ? `${time.value.length === 16 ? `${time.value}:00` : time.value}Z` : ''),
  };
  return {
    fields,
    lists: [tech.list, soft.list],
    /** @param {Kind} k */
    value: async (k) => (await (values[k] ?? (() => text.value))()).trim(),
    eventDate,
    /** What describes one observation, cleared after it is added. */
    inputs: [tech.input, soft.input, time, text, eventDate],
  };
}

/** Who reported an observation and how far to trust it: kept from one observation to the next. */
function sourceControls() {
  const name = h('input', { type: 'text', autocomplete: 'off' });
  const url = h('input', { type: 'url', autocomplete: 'off', placeholder: 'https://' });
  const rel = choice(RELIABILITY);
  const cred = choice(CREDIBILITY);
  rel.value = NOT_GRADED;
  cred.value = NOT_GRADED;
  const el = h(
    'fieldset',
    { class: 'grid source-fields' },
    h('legend', {}, 'Who reported it, and how far to trust it (', term('admiralty', 'Admiralty grades'), ')'),
    field('new-source', 'Source', name),
    field('new-url', 'Source link (http or https)', url),
    field('new-reliability', 'Source reliability', rel),
    field('new-credibility', 'Information credibility', cred),
  );
  /** The source as entered, or undefined when nothing is. */
  const read = () => {
    /** @type {Record<string, unknown>} */
    const source = {};
    if (name.value.trim()) source.name = name.value.trim();
    if (url.value.trim()) source.url = url.value.trim();
    if (rel.value !== NOT_GRADED) source.reliability = rel.value;
    if (cred.value !== NOT_GRADED) source.credibility = Number(cred.value);
    return Object.keys(source).length > 0 ? /** @type {Source} */ (source) : undefined;
  };
  return { el, read };
}

/** Add an observation: its kind, its value, its source and grades, and a note. */
function addForm() {
  const kind = choice(Object.entries(KIND_LABEL));
  const value = valueControls();
  const source = sourceControls();
  const note = h('textarea', { rows: 2 });
  const added = messageSlot('add-error');

  const showFields = () => {
    const k = kind.value;
    const textKinds = ['infrastructure', 'language', 'event'];
    for (const [key, el] of Object.entries(value.fields)) {
      el.hidden = !(key === k || (key === 'infrastructure' && textKinds.includes(k)) || (key === 'event-date' && k === 'event'));
    }
  };
  kind.addEventListener('change', showFields);
  showFields();

  /** @returns {Promise<Observation>} */
  const build = async () => {
    const k = /** @type {Kind} */ (kind.value);
    /** @type {Observation} */
    const o = { kind: k, value: await value.value(k) };
    if (k === 'event') o.date = value.eventDate.value;
    const src = source.read();
    if (src) o.source = src;
    if (note.value.trim()) o.note = note.value.trim();
    return o;
  };

  const addButton = h(
    'button',
    {
      type: 'button',
      id: 'add-observation',
      class: 'primary',
      onclick: async () => {
        /** @type {string | null} */
        let err = null;
        try {
          const o = await build();
          err = await editCase((c) => c.observations.push(o));
        } catch (e) {
          err = messageOf(e);
        }
        if (err) added.say(`Not added: ${err}`);
        else {
          added.say(`Added item ${state.case.observations.length}. The source and grades stay for the next one.`, true);
          // Clear what describes this observation; keep the source and its grades for the next.
          for (const el of [...value.inputs, note]) el.value = '';
        }
      },
    },
    'Add observation',
  );

  return h(
    'form',
    { class: 'editor', id: 'add-form', 'aria-labelledby': 'add-h', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
    h('h3', { id: 'add-h' }, 'Add an observation'),
    h('div', { class: 'grid' }, field('new-kind', 'Kind', kind), ...Object.values(value.fields)),
    ...value.lists,
    source.el,
    field('new-note', 'Note', note),
    addButton,
    added.el,
  );
}
