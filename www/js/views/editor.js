// The case editor: add observations of every kind (with autocomplete from the pack and pickers for
// countries and sectors), import a case file or a STIX bundle, export the case file.

import { byId, h, mount } from '../dom.js';
import { renderFooter } from './footer.js';
import { exportCase, importStix, lists, messageOf, parseCase, search } from '../engine.js';
import { CREDIBILITY, KIND_LABEL, RELIABILITY } from '../format.js';
import { editCase, replaceCase, state } from '../state.js';

/** @typedef {import('../engine.js').Observation} Observation */
/** @typedef {import('../../pkg/attrib.js').Kind} Kind */

/** Notes shown after an import; the rest are counted. */
const NOTES_SHOWN = 5;

/**
 * A labelled field.
 * @param {string} id
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [help]
 */
function field(id, label, control, help) {
  control.id = id;
  if (help) control.setAttribute('aria-describedby', `${id}-help`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    help && h('p', { class: 'help', id: `${id}-help` }, help),
  );
}

/**
 * A select of `[value, label]` pairs.
 * @param {[string, string][]} choices
 */
function choice(choices) {
  return h('select', {}, choices.map(([v, l]) => h('option', { value: v }, l)));
}

/**
 * A text input whose suggestions come from a search of the pack.
 * @param {'technique' | 'software'} what
 * @param {string} listId
 */
function autocomplete(what, listId) {
  const list = h('datalist', { id: listId });
  let asked = 0;
  const input = h('input', {
    type: 'text',
    autocomplete: 'off',
    list: listId,
    oninput: async () => {
      asked += 1;
      const mine = asked;
      /** @type {{id: string, name: string}[]} */
      let hits = [];
      try {
        hits = await search(what, input.value, 12);
      } catch {
        hits = [];
      }
      if (mine !== asked) return; // a newer query is on its way
      mount(list, hits.map((x) => h('option', { value: x.id, label: `${x.id} ${x.name}` }, `${x.id} ${x.name}`)));
    },
  });
  return { input, list };
}

/**
 * Start a download of `text` as `name` via a same-origin Blob URL.
 * @param {string} name
 * @param {string} text
 */
function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A file slug for the case title.
 */
function slug() {
  const t = (state.case.title ?? 'case').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${t.slice(0, 60) || 'case'}.json`;
}

/**
 * Build the editor once.
 * @param {HTMLElement} root
 */
export function renderEditor(root) {
  const kind = choice(Object.entries(KIND_LABEL));
  const tech = autocomplete('technique', 'technique-list');
  const soft = autocomplete('software', 'software-list');
  const country = choice(lists.countries.map((c) => [c.code, `${c.name} (${c.code})`]));
  country.value = 'KR';
  const sector = choice(lists.sectors.map((s) => [s, s]));
  const motivation = choice(lists.motivations.map((m) => [m, m]));
  const time = h('input', { type: 'datetime-local', step: 60 });
  const text = h('input', { type: 'text', autocomplete: 'off' });
  const eventDate = h('input', { type: 'date' });
  /** @type {Record<string, HTMLElement>} */
  const valueFields = {
    technique: field('new-technique', 'ATT&CK technique (ID or name)', tech.input, 'e.g. T1566.001; suggestions come from the profile pack.'),
    software: field('new-software', 'Software (ATT&CK ID, name or alias)', soft.input, 'A name the pack does not know is kept, and no profile explains it.'),
    'victim-country': field('new-country', 'Victim country', country),
    'victim-sector': field('new-sector', 'Victim sector (STIX 2.1)', sector),
    'activity-time': field('new-time', 'Operator activity time, in UTC', time),
    motivation: field('new-motivation', 'Motivation', motivation),
    infrastructure: field('new-text', 'Indicator or value', text, 'Infrastructure takes a prefix: ip:, cidr:, asn:, domain:, email: or cert-sha256:. Language: a BCP 47 tag such as ko. Event: a name such as sanctions.'),
    'event-date': field('new-event-date', 'Date of the event', eventDate),
  };
  const srcName = h('input', { type: 'text', autocomplete: 'off' });
  const srcUrl = h('input', { type: 'url', autocomplete: 'off', placeholder: 'https://' });
  const rel = choice(RELIABILITY);
  rel.value = 'F';
  const cred = choice(CREDIBILITY.map(([v, l]) => [String(v), l]));
  cred.value = '6';
  const note = h('textarea', { rows: 2 });
  const addError = h('div', { class: 'error-slot', id: 'add-error' });

  const showFields = () => {
    const k = kind.value;
    for (const [key, el] of Object.entries(valueFields)) {
      const textKinds = ['infrastructure', 'language', 'event'];
      el.hidden = !(key === k || (key === 'infrastructure' && textKinds.includes(k)) || (key === 'event-date' && k === 'event'));
    }
  };
  kind.addEventListener('change', showFields);
  showFields();

  /** @returns {Observation} */
  const build = () => {
    const k = /** @type {Kind} */ (kind.value);
    /** @type {Record<string, string>} */
    const values = {
      technique: tech.input.value,
      software: soft.input.value,
      'victim-country': country.value,
      'victim-sector': sector.value,
      motivation: motivation.value,
      'activity-time': time.value ? `${time.value.length === 16 ? `${time.value}:00` : time.value}Z` : '',
    };
    /** @type {Observation} */
    const o = { kind: k, value: (values[k] ?? text.value).trim() };
    if (k === 'event') o.date = eventDate.value;
    /** @type {import('../../pkg/attrib.js').Source} */
    const source = {
      reliability: /** @type {import('../../pkg/attrib.js').Reliability} */ (rel.value),
      credibility: /** @type {import('../../pkg/attrib.js').Credibility} */ (Number(cred.value)),
    };
    if (srcName.value.trim()) source.name = srcName.value.trim();
    if (srcUrl.value.trim()) source.url = srcUrl.value.trim();
    o.source = source;
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
        const o = build();
        const err = await editCase((c) => c.observations.push(o), { structural: true });
        mount(addError, err ? h('p', { class: 'error', role: 'alert' }, `Not added: ${err}`) : h('p', { class: 'ok', role: 'status' }, `Added item ${state.case.observations.length}.`));
      },
    },
    'Add observation',
  );

  const ioStatus = h('div', { class: 'error-slot', id: 'import-status' });
  /**
   * @param {string} msg
   * @param {boolean} ok
   * @param {string[]} [notes] what the import left out, one line each (the first few are shown)
   */
  const say = (msg, ok, notes = []) =>
    mount(
      ioStatus,
      h('p', { class: ok ? 'ok' : 'error', role: ok ? 'status' : 'alert' }, msg),
      notes.length > 0 &&
        h(
          'div',
          { class: 'warnings', id: 'import-warnings' },
          h('p', { class: 'warnings-h' }, notes.length === 1 ? 'One item was left out:' : `${notes.length} items were left out:`),
          h('ul', {}, notes.slice(0, NOTES_SHOWN).map((n) => h('li', {}, n))),
          notes.length > NOTES_SHOWN && h('p', { class: 'muted' }, `… and ${notes.length - NOTES_SHOWN} more like these.`),
        ),
    );

  const caseFile = h('input', {
    type: 'file',
    id: 'import-case',
    accept: '.json,application/json',
    onchange: async () => {
      const f = caseFile.files?.[0];
      caseFile.value = '';
      if (!f) return;
      try {
        // The raw bytes, as the command line reads a file: no decoding here that could hide a
        // byte order mark or repair invalid UTF-8.
        const v = await parseCase(await f.arrayBuffer());
        replaceCase(v.case, false);
        say(`Imported ${f.name}: ${v.case.observations.length} observations.`, true);
      } catch (e) {
        say(`Could not import ${f.name}: ${messageOf(e)}. The current case is unchanged.`, false);
      }
    },
  });
  const stixFile = h('input', {
    type: 'file',
    id: 'import-stix',
    accept: '.json,application/json,application/stix+json',
    onchange: async () => {
      const f = stixFile.files?.[0];
      stixFile.value = '';
      if (!f) return;
      try {
        const listed = state.case.hypotheses;
        const { pack: summary, known } = await importStix(await f.arrayBuffer(), listed);
        // Suspects the new pack does not know cannot compete; keep the rest (or let all compete).
        // Either way the case is validated again, which also fetches its names from the new pack.
        const dropped = (listed ?? []).filter((id) => !known.includes(id));
        await editCase(
          (c) => {
            if (dropped.length === 0) return;
            if (known.length > 0) c.hypotheses = known;
            else delete c.hypotheses;
          },
          { structural: true },
        );
        renderFooter(byId('footer'));
        say(
          `Imported ${f.name}: ${summary.profiles} profiles now compete as the profile pack.` +
            (dropped.length ? ` Suspects not in it were dropped: ${dropped.join(', ')}.` : ''),
          true,
          summary.warnings,
        );
      } catch (e) {
        say(`Could not import ${f.name}: ${messageOf(e)}. The current case is unchanged.`, false);
      }
    },
  });
  const exportButton = h(
    'button',
    {
      type: 'button',
      id: 'export-case',
      onclick: async () => {
        try {
          download(slug(), await exportCase(state.case));
        } catch (e) {
          say(`Could not export the case: ${messageOf(e)}`, false);
        }
      },
    },
    'Export the case file',
  );

  mount(
    root,
    h(
      'form',
      { class: 'editor', id: 'add-form', 'aria-labelledby': 'add-h', onsubmit: (/** @type {Event} */ e) => e.preventDefault() },
      h('h3', { id: 'add-h' }, 'Add an observation'),
      h('div', { class: 'grid' }, field('new-kind', 'Kind', kind), ...Object.values(valueFields)),
      tech.list,
      soft.list,
      h(
        'div',
        { class: 'grid' },
        field('new-source', 'Source', srcName),
        field('new-url', 'Source link (http or https)', srcUrl),
        field('new-reliability', 'Source reliability', rel),
        field('new-credibility', 'Information credibility', cred),
      ),
      field('new-note', 'Note', note),
      addButton,
      addError,
    ),
    h(
      'div',
      { class: 'io' },
      h('h3', {}, 'Import and export'),
      h(
        'div',
        { class: 'grid' },
        field('import-case', 'Import a case file (JSON)', caseFile),
        field('import-stix', 'Import profiles from a STIX 2.1 bundle', stixFile),
        h('div', { class: 'field' }, h('span', { class: 'label' }, 'Save your version'), exportButton),
      ),
      ioStatus,
      h('p', { class: 'help' }, 'Imported files are read in your browser and never uploaded. The exported file keeps your grade changes and added items; it does not record which items you excluded.'),
    ),
  );
}
