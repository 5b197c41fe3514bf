// "How reliable is this?": Attrib against three simple baselines on held-out ATT&CK campaigns,
// its probability scores, and a reliability diagram, from data/eval.json (`make eval`). The page
// reads the file defensively: a missing file or key says so instead of breaking the report.

import { h, mount, svg } from '../dom.js';
import { pct } from '../format.js';

/**
 * @typedef {object} Metrics
 * @property {number} [n]
 * @property {number} top1
 * @property {number} top3
 * @property {number} mrr
 * @property {number} [sponsor_top1]
 * @property {number} [sponsor_n]
 * @property {number} [log_loss]
 * @property {number} [brier]
 * @property {number} [ece]
 * @property {number} [mean_p_truth]
 */
/** @typedef {{bin: number, mean_predicted: number, observed: number, n: number}} Bin */

/** Baselines, in the order shown, with plain names. */
const BASELINES = /** @type {const} */ ([
  ['overlap_share', 'Share of the observed techniques and software the group uses'],
  ['tfidf', 'TF-IDF cosine similarity'],
  ['jaccard', 'Jaccard similarity'],
]);

/** @param {unknown} x */
const isNum = (x) => typeof x === 'number' && Number.isFinite(x);

/** @param {unknown} m @returns {m is Metrics} */
const isMetrics = (m) => !!m && typeof m === 'object' && ['top1', 'top3', 'mrr'].every((k) => isNum(/** @type {any} */ (m)[k]));

/** @param {number} x */
const dec = (x) => x.toFixed(2);

/**
 * The comparison table.
 * @param {Metrics} attrib
 * @param {[string, Metrics][]} baselines
 * @param {number} n
 */
function comparison(attrib, baselines, n) {
  const best = Math.max(attrib.top1, ...baselines.map(([, m]) => m.top1));
  /** @param {string} label @param {Metrics} m @param {boolean} ours */
  const row = (label, m, ours) =>
    h(
      'tr',
      { class: ours ? 'ours' : '' },
      h('th', { scope: 'row' }, label),
      h('td', { class: m.top1 === best ? 'best' : '' }, pct(m.top1)),
      h('td', {}, pct(m.top3)),
      h('td', {}, dec(m.mrr)),
    );
  return h(
    'table',
    { class: 'eval-table', id: 'eval-table' },
    h('caption', {}, `Naming the right group among every profile in the pack, on ${n} held-out ATT&CK campaigns`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Method'),
        h('th', { scope: 'col' }, h('abbr', { title: 'the right group ranked first' }, 'Top-1')),
        h('th', { scope: 'col' }, h('abbr', { title: 'the right group among the first three' }, 'Top-3')),
        h('th', { scope: 'col' }, h('abbr', { title: 'mean reciprocal rank: 1 if always first, 0.5 if always second' }, 'MRR')),
      ),
    ),
    h('tbody', {}, row('Attrib', attrib, true), baselines.map(([label, m]) => row(`Baseline: ${label}`, m, false))),
  );
}

/**
 * The probability scores, each with what it means.
 * @param {Metrics} m
 * @param {number | null} profiles
 */
function scores(m, profiles) {
  /** @type {[string, string, string][]} */
  const items = [];
  if (isNum(m.log_loss)) {
    const blind = profiles ? `; a blind guess over the ${profiles} profiles scores ${Math.log(profiles + 1).toFixed(2)}` : '';
    items.push(['Log-loss', dec(/** @type {number} */ (m.log_loss)), `in nats, lower is better, 0 is perfect${blind}`]);
  }
  if (isNum(m.brier)) items.push(['Brier score', dec(/** @type {number} */ (m.brier)), 'lower is better: 0 is perfect, 2 is confidently wrong']);
  if (isNum(m.ece)) items.push(['Calibration error (ECE)', dec(/** @type {number} */ (m.ece)), 'average gap between the leader’s stated probability and how often the leader was right']);
  if (items.length === 0) return null;
  return h(
    'dl',
    { class: 'eval-scores', id: 'eval-scores' },
    items.map(([k, v, what]) => h('div', {}, h('dt', {}, k), h('dd', {}, h('span', { class: 'score' }, v), h('span', { class: 'help' }, what)))),
  );
}

/**
 * The reliability diagram: for each bin of the leader's stated probability, how often the leader
 * was in fact right. Circles are sized by the number of cases; empty bins are left out.
 * @param {Bin[]} bins
 */
function diagram(bins) {
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
    {
      class: 'reliability-chart',
      id: 'reliability-chart',
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-labelledby': 'reliability-chart-title',
    },
    svg('title', { id: 'reliability-chart-title' }, `Reliability diagram: stated probability of the leading group against how often it was right, ${total} held-out campaigns in ${used.length} bins; the table below gives the figures.`),
    ticks.map((t) => [
      svg('line', { class: 'grid', x1: x(0), x2: x(1), y1: y(t), y2: y(t) }),
      svg('line', { class: 'grid', x1: x(t), x2: x(t), y1: y(0), y2: y(1) }),
      svg('text', { class: 'tick', x: x(t), y: y(0) + 16, 'text-anchor': 'middle' }, `${t * 100}`),
      svg('text', { class: 'tick', x: x(0) - 6, y: y(t) + 4, 'text-anchor': 'end' }, `${t * 100}`),
    ]),
    svg('line', { class: 'diagonal', x1: x(0), y1: y(0), x2: x(1), y2: y(1) }),
    svg('text', { class: 'diag-label', x: x(0.62), y: y(0.62) - 6, transform: `rotate(-43 ${x(0.62)} ${y(0.62) - 6})` }, 'perfectly calibrated'),
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
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, 'Stated probability'), h('th', { scope: 'col' }, 'Mean stated'), h('th', { scope: 'col' }, 'Leader right'), h('th', { scope: 'col' }, 'Cases')),
    ),
    h(
      'tbody',
      {},
      bins.map((b, i) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, `${i * 10}–${i * 10 + 10} %`),
          h('td', {}, b.n > 0 ? pct(b.mean_predicted) : '–'),
          h('td', {}, b.n > 0 ? pct(b.observed) : '–'),
          h('td', {}, String(b.n)),
        ),
      ),
    ),
  );
}

/**
 * Two or three plain sentences on what the figures mean, worded from the figures themselves.
 * @param {Metrics} a
 * @param {[string, Metrics][]} baselines
 * @param {number} n
 * @param {any} open the open-world figures, if any
 */
function reading(a, baselines, n, open) {
  const best = baselines.reduce((b, x) => (x[1].top1 > b[1].top1 ? x : b), baselines[0]);
  const gap = a.top1 - (best?.[1].top1 ?? 0);
  const versus = !best
    ? ''
    : gap <= 0
      ? ` That is no better than a simple count of shared techniques and software (${pct(best[1].top1)}), so the ranking is a lead to check, not an answer.`
      : gap < 0.1
        ? ` That is only a little better than a simple count of shared techniques and software (${pct(best[1].top1)}), so treat the ranking as a lead to check, not an answer.`
        : ` A simple count of shared techniques and software manages ${pct(best[1].top1)}.`;
  const s1 = `On ${n} ATT&CK campaigns it was not fitted on, Attrib put the right group first ${pct(a.top1)} of the time and in its top three ${pct(a.top3)}.${versus}`;
  const parts = [];
  if (isNum(a.mean_p_truth)) parts.push(`on average the right group was given only ${pct(/** @type {number} */ (a.mean_p_truth))}`);
  if (isNum(a.ece)) parts.push(`the leader’s stated probability was off from its real hit rate by about ${Math.round(/** @type {number} */ (a.ece) * 100)} points`);
  const s2 = parts.length ? `Its probabilities are rough: ${parts.join(', and ')}.` : '';
  const s3 =
    open && isNum(open.unlisted_leads)
      ? `When the true group was removed from the pack, the “unlisted actor” came first in only ${pct(open.unlisted_leads)} of cases, so a confident name can still be the wrong one.`
      : '';
  return h('p', { class: 'eval-reading', id: 'eval-reading' }, [s1, s2, s3].filter(Boolean).join(' '));
}

/**
 * @param {HTMLElement} root
 * @param {unknown} data the parsed eval.json, or null
 * @param {string | null} problem why it is missing, if it is
 */
export function renderReliability(root, data, problem) {
  const d = /** @type {any} */ (data);
  const c = d?.campaigns;
  const a = c?.attrib;
  if (!isMetrics(a)) {
    mount(
      root,
      h(
        'p',
        { class: 'notice', id: 'eval-missing' },
        `The evaluation figures are not available: ${problem ?? 'the file does not have the expected shape'}. `,
        'Run ',
        h('code', {}, 'make eval'),
        ' to measure the model on held-out campaigns; until then, read every figure above as unvalidated.',
      ),
    );
    return;
  }
  const n = isNum(c.n) ? c.n : (a.n ?? 0);
  /** @type {[string, Metrics][]} */
  const baselines = BASELINES.filter(([k]) => isMetrics(c.baselines?.[k])).map(([k, label]) => [label, c.baselines[k]]);
  const bins = Array.isArray(d.reliability_diagram) ? /** @type {Bin[]} */ (d.reliability_diagram) : [];
  const profiles = isNum(d.pack?.profiles) ? d.pack.profiles : null;
  mount(
    root,
    reading(a, baselines, n, d.open_world),
    h(
      'p',
      { class: 'hint' },
      'Each campaign’s techniques and software were scored as a case, with what the pack knows only from that campaign removed and the model’s constants fitted on the other campaigns. Every profile in the pack competed.',
    ),
    h(
      'div',
      { class: 'eval-grid' },
      h(
        'div',
        {},
        comparison(a, baselines, n),
        isNum(a.sponsor_top1) && h('p', { class: 'help' }, `At state level, Attrib named the right sponsor first in ${pct(a.sponsor_top1)} of the ${a.sponsor_n ?? ''} campaigns with one.`.replace('  ', ' ')),
        h('h3', {}, 'How good are the probabilities?'),
        scores(a, profiles),
      ),
      bins.length > 0 &&
        h(
          'figure',
          { class: 'chart reliability' },
          h('figcaption', {}, 'Is the leader as likely as stated?'),
          diagram(bins),
          h('p', { class: 'help' }, 'Dots on the diagonal would mean the stated probabilities can be taken at face value. Dot size: number of campaigns. With so few cases per bin, read the direction, not the curve.'),
          h('details', {}, h('summary', {}, 'Show the figures'), diagramTable(bins)),
        ),
    ),
  );
}
