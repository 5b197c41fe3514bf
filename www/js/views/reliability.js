// "How reliable is this?": from data/eval.json (`make eval`), the held-out ATT&CK reports first
// (Attrib against four simple baselines, its reliability diagram, its probability scores), then
// the other tests (campaigns, documented incidents, synthetic incidents). Every sentence is worded
// from the figures. The file is read defensively: a missing file or key says so instead of
// breaking the report.

import { h, mount, svg, term } from '../dom.js';
import { count, share } from '../format.js';

/**
 * @typedef {object} Metrics
 * @property {number} [n]
 * @property {number} top1
 * @property {number} top3
 * @property {number} [top10]
 * @property {number} mrr
 * @property {number} [sponsor_top1]
 * @property {number} [sponsor_n]
 * @property {number} [log_loss]
 * @property {number} [brier]
 * @property {number} [ece]
 * @property {number} [mean_p_truth]
 * @property {number} [unlisted_leads]
 */
/** @typedef {{bin: number, mean_predicted: number, observed: number, n: number}} Bin */
/** @typedef {{attrib: Metrics, baselines: Record<string, Metrics>, n?: number, reliability_diagram?: Bin[], ece_interval?: number[]}} Test */

/** Baselines, in the order shown, with plain names. */
const BASELINES = /** @type {const} */ ([
  ['tfidf', 'TF-IDF cosine similarity (a standard text-matching ranking)'],
  ['naive_bayes', 'Naive Bayes, software expanded to techniques'],
  ['overlap_share', 'Share of the observed techniques and software the group uses'],
  ['jaccard', 'Jaccard similarity'],
]);

/** Measures compared, with their names. */
const MEASURES = /** @type {const} */ ([
  ['top1', 'top-1'],
  ['top3', 'top-3'],
  ['top10', 'top-10'],
  ['mrr', 'MRR'],
]);

/** A difference smaller than this (half a point) counts as level. */
const LEVEL = 0.005;

/** @param {unknown} x @returns {x is number} */
const isNum = (x) => typeof x === 'number' && Number.isFinite(x);

/** @param {unknown} m @returns {m is Metrics} */
const isMetrics = (m) => !!m && typeof m === 'object' && ['top1', 'top3', 'mrr'].every((k) => isNum(/** @type {any} */ (m)[k]));

/** @param {unknown} t @returns {t is Test} */
const isTest = (t) => !!t && typeof t === 'object' && isMetrics(/** @type {any} */ (t).attrib);

/** @param {number} x */
const dec = (x) => x.toFixed(2);

/**
 * A measure's value as shown: a rate as a percentage, MRR as a decimal.
 * @param {string} key
 * @param {number} v
 */
const shown = (key, v) => (key === 'mrr' ? v.toFixed(3) : share(v));

/**
 * The comparison table for one test.
 * @param {string} id
 * @param {string} caption
 * @param {Test} t
 */
function comparison(id, caption, t) {
  const baselines = BASELINES.filter(([k]) => isMetrics(t.baselines?.[k]));
  const measures = MEASURES.filter(([k]) => isNum(t.attrib[k]));
  const best = Object.fromEntries(measures.map(([k]) => [k, Math.max(/** @type {number} */ (t.attrib[k]), ...baselines.map(([b]) => t.baselines[b][k] ?? 0))]));
  /** @param {string} label @param {Metrics} m @param {boolean} ours */
  const row = (label, m, ours) =>
    h(
      'tr',
      { class: ours ? 'ours' : '' },
      h('th', { scope: 'row' }, label),
      measures.map(([k]) => {
        const v = m[k];
        return h('td', { class: isNum(v) && v === best[k] ? 'best' : '' }, isNum(v) ? shown(k, v) : '–');
      }),
    );
  return scroller(
    caption,
    h(
    'table',
    { class: 'eval-table', id },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Method'),
        measures.map(([k, label]) =>
          h('th', { scope: 'col' }, k === 'mrr' ? h('abbr', { title: 'mean reciprocal rank: 1 if always first, 0.5 if always second' }, label) : label),
        ),
      ),
    ),
    h('tbody', {}, row('Attrib', t.attrib, true), baselines.map(([k, label]) => row(`Baseline: ${label}`, t.baselines[k], false))),
    ),
  );
}

/**
 * A table that scrolls sideways on its own on a narrow screen, rather than widening the page.
 * @param {string} name
 * @param {HTMLElement} table
 */
function scroller(name, table) {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': name, tabindex: 0 }, table);
}

/**
 * Where Attrib beats TF-IDF and where it does not, worded from the figures.
 * @param {[string, Test][]} tests label and figures of each test
 * @returns {string}
 */
export function versusTfidf(tests) {
  /** @type {string[]} */
  const better = [];
  /** @type {string[]} */
  const worse = [];
  /** @type {string[]} */
  const level = [];
  for (const [label, t] of tests) {
    const b = t.baselines?.tfidf;
    if (!isMetrics(b)) continue;
    /** @type {string[]} */
    const up = [];
    /** @type {string[]} */
    const down = [];
    for (const [k, name] of MEASURES) {
      const a = t.attrib[k];
      const v = b[k];
      if (!isNum(a) || !isNum(v)) continue;
      const pair = `${name} ${shown(k, a)} against ${shown(k, v)}`;
      if (a - v > LEVEL) up.push(pair);
      else if (v - a > LEVEL) down.push(pair);
      else level.push(`${name} on ${label}`);
    }
    if (up.length) better.push(`on ${label} (${up.join(', ')})`);
    if (down.length) worse.push(`on ${label} (${down.join(', ')})`);
  }
  const list = (/** @type {string[]} */ xs) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join('; ')}; and ${xs[xs.length - 1]}`);
  const parts = [];
  parts.push(better.length ? `Against TF-IDF, a standard text-matching ranking, Attrib does better ${list(better)}.` : 'Attrib does not beat TF-IDF, a standard text-matching ranking, on any test.');
  parts.push(worse.length ? `It does worse ${list(worse)}.` : 'It does worse on none.');
  if (level.length) parts.push(`The two are level (within half a point) on ${level.join(', ')}.`);
  return parts.join(' ');
}

/**
 * How the stated probabilities compare with how often the leader was right, from the diagram.
 * @param {Bin[]} bins
 * @returns {string}
 */
function calibration(bins) {
  const used = bins.filter((b) => b.n > 0 && isNum(b.mean_predicted) && isNum(b.observed));
  const n = used.reduce((s, b) => s + b.n, 0);
  if (n === 0) return '';
  const said = used.reduce((s, b) => s + b.n * b.mean_predicted, 0) / n;
  const right = used.reduce((s, b) => s + b.n * b.observed, 0) / n;
  const low = used.filter((b) => b.observed > b.mean_predicted).length;
  const direction =
    right - said > 0.02
      ? `Its probabilities ran low (it was under-confident in ${low} of ${used.length} bins): read a figure on this page as a cautious one.`
      : said - right > 0.02
        ? `Its probabilities ran high (it was over-confident in ${used.length - low} of ${used.length} bins): read a figure on this page as a generous one.`
        : 'Its probabilities were about right on average.';
  return `On average it gave its leading group ${share(said)}, and that group was right ${share(right)} of the time. ${direction}`;
}

/**
 * The reliability diagram: for each bin of the leader's stated probability, how often the leader
 * was in fact right. Circles are sized by the number of cases; empty bins are left out.
 * @param {Bin[]} bins
 * @param {string} cases what the cases are, for the title
 */
function diagram(bins, cases) {
  const used = bins.filter((b) => b.n > 0 && isNum(b.mean_predicted) && isNum(b.observed));
  const W = 320;
  const H = 300;
  const m = { l: 44, r: 12, t: 12, b: 42 };
  const x = (/** @type {number} */ p) => m.l + p * (W - m.l - m.r);
  const y = (/** @type {number} */ p) => H - m.b - p * (H - m.t - m.b);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const maxN = Math.max(1, ...used.map((b) => b.n));
  const total = used.reduce((s, b) => s + b.n, 0);
  return svg(
    'svg',
    { class: 'reliability-chart', id: 'reliability-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'reliability-chart-title' },
    svg(
      'title',
      { id: 'reliability-chart-title' },
      `Reliability diagram: stated probability of the leading group against how often it was right, ${total} ${cases} in ${used.length} bins; the table below gives the figures.`,
    ),
    ticks.map((t) => [
      svg('line', { class: 'grid', x1: x(0), x2: x(1), y1: y(t), y2: y(t) }),
      svg('line', { class: 'grid', x1: x(t), x2: x(t), y1: y(0), y2: y(1) }),
      svg('text', { class: 'tick', x: x(t), y: y(0) + 16, 'text-anchor': 'middle' }, `${t * 100}`),
      svg('text', { class: 'tick', x: x(0) - 6, y: y(t) + 4, 'text-anchor': 'end' }, `${t * 100}`),
    ]),
    svg('line', { class: 'diagonal', x1: x(0), y1: y(0), x2: x(1), y2: y(1) }),
    svg('text', { class: 'diag-label', x: x(0.62), y: y(0.62) + 14, transform: `rotate(-43 ${x(0.62)} ${y(0.62) + 14})` }, 'perfectly calibrated'),
    used.map((b) => svg('circle', { class: 'point', cx: x(b.mean_predicted).toFixed(1), cy: y(b.observed).toFixed(1), r: (3 + 6 * Math.sqrt(b.n / maxN)).toFixed(1) })),
    svg('text', { class: 'axis-label', x: x(0.5), y: H - 6, 'text-anchor': 'middle' }, 'Stated probability of the leader (%)'),
    svg('text', { class: 'axis-label', x: 12, y: y(0.5), 'text-anchor': 'middle', transform: `rotate(-90 12 ${y(0.5)})` }, 'Leader was right (%)'),
  );
}

/**
 * The diagram's figures as a table (its text equivalent).
 * @param {Bin[]} bins
 */
function diagramTable(bins) {
  return h(
    'table',
    { class: 'eval-table compact', id: 'reliability-table' },
    h('caption', {}, 'The figures behind the diagram'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Stated probability'), h('th', { scope: 'col' }, 'Mean stated'), h('th', { scope: 'col' }, 'Leader right'), h('th', { scope: 'col' }, 'Cases'))),
    h(
      'tbody',
      {},
      bins.map((b, i) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, `${i * 10}–${i * 10 + 10} %`),
          h('td', {}, b.n > 0 ? share(b.mean_predicted) : '–'),
          h('td', {}, b.n > 0 ? share(b.observed) : '–'),
          h('td', {}, String(b.n)),
        ),
      ),
    ),
  );
}

/**
 * The probability scores, each with what it means.
 * @param {Metrics} m
 * @param {number[] | null} eceInterval
 * @param {number | null} profiles
 */
function scores(m, eceInterval, profiles) {
  /** @type {[string, string, string][]} */
  const items = [];
  if (isNum(m.ece)) {
    const iv = eceInterval ? ` (90 % interval ${dec(eceInterval[0])}–${dec(eceInterval[1])})` : '';
    items.push(['Calibration error (ECE)', dec(m.ece), `average gap between the leader’s stated probability and how often it was right${iv}; 0 is perfect`]);
  }
  if (isNum(m.log_loss)) {
    const blind = profiles ? `; a blind guess over the ${count(profiles)} profiles scores ${Math.log(profiles + 1).toFixed(2)}` : '';
    items.push(['Log-loss', dec(m.log_loss), `how surprised the model was by the right answer (natural logarithm): lower is better, 0 is perfect${blind}`]);
  }
  if (isNum(m.brier)) items.push(['Brier score', dec(m.brier), 'lower is better: 0 is perfect, 2 is confidently wrong']);
  if (items.length === 0) return null;
  return h(
    'dl',
    { class: 'eval-scores', id: 'eval-scores' },
    items.map(([k, v, what]) => h('div', {}, h('dt', {}, k), h('dd', {}, h('span', { class: 'score' }, v), h('span', { class: 'help' }, what)))),
  );
}

/**
 * The other tests, one row each.
 * @param {any} d
 */
function others(d) {
  /** @type {[string, Test | undefined, string][]} */
  const rows = [
    ['campaigns', d.campaigns, 'ATT&CK campaigns attributed to a group, held out'],
    ['incidents', d.incidents, 'documented real incidents, with victims, motive and timing'],
    ['synthetic', d.synthetic, 'synthetic incidents drawn from the profiles themselves (in-sample)'],
  ];
  const shownRows = rows.filter(([, t]) => isTest(t));
  if (shownRows.length === 0) return null;
  return scroller(
    'Other tests',
    h(
    'table',
    { class: 'eval-table', id: 'eval-others' },
    h('caption', {}, 'Other tests'),
    h(
      'thead',
      {},
      h('tr', {}, ['Cases', 'Top-1', 'Top-3', 'State first', 'TF-IDF top-1'].map((c) => h('th', { scope: 'col' }, c))),
    ),
    h(
      'tbody',
      {},
      shownRows.map(([, t, what]) => {
        const a = /** @type {Test} */ (t).attrib;
        const tf = /** @type {Test} */ (t).baselines?.tfidf;
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, `${count(a.n ?? 0)} ${what}`),
          h('td', {}, share(a.top1)),
          h('td', {}, share(a.top3)),
          h('td', {}, isNum(a.sponsor_top1) ? share(a.sponsor_top1) : '–'),
          h('td', {}, isMetrics(tf) ? share(tf.top1) : '–'),
        );
      }),
    ),
    ),
  );
}

/**
 * The plain reading of the headline test, worded from the figures.
 * @param {any} d
 * @param {Test} reports
 */
function reading(d, reports) {
  const a = reports.attrib;
  const n = reports.n ?? a.n ?? 0;
  const groups = isNum(d.reports.groups) ? ` from ${count(d.reports.groups)} groups` : '';
  const iv = Array.isArray(d.reports.top1_interval) ? ` (90 % interval ${share(d.reports.top1_interval[0])}–${share(d.reports.top1_interval[1])})` : '';
  const s1 = `We tested Attrib on ${count(n)} public reports${groups} that MITRE ATT&CK cites, each scored with everything the pack knows only from that report removed, and with the model’s constants fitted on other groups’ reports. It put the right group first ${share(a.top1)} of the time${iv}, and in its top three ${share(a.top3)}.`;
  /** @type {[string, Test][]} */
  const tests = [[`the ${count(n)} held-out reports`, reports]];
  if (isTest(d.campaigns)) tests.push([`the ${count(d.campaigns.attrib.n ?? 0)} held-out campaigns`, d.campaigns]);
  if (isTest(d.synthetic)) tests.push([`${count(d.synthetic.attrib.n ?? 0)} synthetic incidents drawn from the profiles themselves`, d.synthetic]);
  const s2 = versusTfidf(tests);
  const s3 = isNum(a.sponsor_top1) ? `At state level it named the right sponsor first in ${share(a.sponsor_top1)} of the ${count(a.sponsor_n ?? 0)} reports whose group has one.` : '';
  const open = d.reports.open_world;
  const s4 =
    open && isNum(open.unlisted_leads)
      ? `When the true group was removed from the pack, the unlisted actor came first in only ${share(open.unlisted_leads)} of cases: a confident name can still be the wrong one.`
      : '';
  return [h('p', { class: 'eval-reading', id: 'eval-reading' }, [s1, s3, s4].filter(Boolean).join(' ')), h('p', { class: 'eval-reading', id: 'eval-versus' }, s2)];
}

/**
 * @param {HTMLElement} root
 * @param {unknown} data the parsed eval.json, or null
 * @param {string | null} problem why it is missing, if it is
 */
export function renderReliability(root, data, problem) {
  const d = /** @type {any} */ (data);
  const reports = d?.reports;
  if (!isTest(reports)) {
    mount(
      root,
      h(
        'p',
        { class: 'notice', id: 'eval-missing' },
        `The evaluation figures are not available: ${problem ?? 'the file does not have the expected shape'}. `,
        'Run ',
        h('code', {}, 'make eval'),
        ' to measure the model on held-out reports; until then, read every figure above as unvalidated.',
      ),
    );
    return;
  }
  const n = reports.n ?? reports.attrib.n ?? 0;
  const bins = Array.isArray(reports.reliability_diagram) ? /** @type {Bin[]} */ (reports.reliability_diagram) : [];
  const profiles = isNum(d.pack?.profiles) ? d.pack.profiles : null;
  mount(
    root,
    reading(d, reports),
    h(
      'div',
      { class: 'eval-grid' },
      h(
        'div',
        {},
        comparison('eval-table', `Naming the right group among every profile in the pack, on ${count(n)} held-out ATT&CK reports`, reports),
        h('h3', {}, 'How good are the probabilities?'),
        h('p', { class: 'help', id: 'eval-calibration' }, calibration(bins)),
        scores(reports.attrib, Array.isArray(reports.ece_interval) ? reports.ece_interval : null, profiles),
      ),
      bins.length > 0 &&
        h(
          'figure',
          { class: 'chart reliability' },
          h('figcaption', {}, 'Is the leader as likely as stated? (held-out reports)'),
          diagram(bins, 'held-out reports'),
          h('p', { class: 'help' }, 'Dots on the diagonal would mean the stated probabilities can be taken at face value; dots above it mean the leader was right more often than stated. Dot size: number of reports.'),
          h('details', {}, h('summary', {}, 'Show the figures'), scroller('The figures behind the diagram', diagramTable(bins))),
        ),
    ),
    others(d),
    h(
      'p',
      { class: 'help' },
      'Top-1: the right group ranked first; top-3: among the first three. Reports and campaigns describe techniques and software only, so they test the capability evidence; the documented incidents also carry ',
      term('kinds', 'victims, motive and timing'),
      '. The full report is docs/EVALUATION.md in the source.',
    ),
  );
}
