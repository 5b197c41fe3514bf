// The downloadable images: the verdict card, the two rankings, one hypothesis' item weights and
// the reliability diagram, each laid out as a scene (images.js) from the same result and display
// the page shows, and saved as SVG or PNG. Beside each figure on the page: "Image: SVG · PNG".

import { packSummary } from '../engine.js';
import { download, fileName } from '../files.js';
import { count, longDate, nats } from '../format.js';
import { COLOURS, Layout, toPng, toSvg, wrap } from '../images.js';
import { h, messageSlot } from '../dom.js';
import { state } from '../state.js';
import { messageOf } from '../util.js';
import { shortLabel } from './describe.js';

/** @typedef {import('../images.js').Scene} Scene */
/** @typedef {import('../engine.js').Figure} Figure */
/** @typedef {import('../engine.js').Row} Row */

const WIDTH = 960;

/** The stamp every image carries: what it is from, which pack, when. */
function colophon() {
  const p = packSummary();
  const made = longDate(new Date().toISOString().slice(0, 10));
  const r = state.result;
  const draws = r && r.settings.samples > 0 ? `; ${count(r.settings.samples)} simulated re-weighings, seed ${r.settings.seed}` : '';
  return `Attrib, made ${made}. Profile pack ${p ? `${p.version} (sha256 ${p.sha256.slice(0, 16)}…)` : 'unknown'}${draws}. Figures computed in the reader’s browser; a model’s probabilities, not a verdict.`;
}

/**
 * The head every image starts with: what it is, the case title, the incident date.
 * @param {Layout} l
 * @param {string} what
 */
function head(l, what) {
  const c = state.case;
  l.text(what.toUpperCase(), { size: 12, bold: true, fill: COLOURS.muted });
  l.text(c.title ?? 'Untitled case', { size: 24, bold: true, gap: 2 });
  if (c.date) l.text(`Incident date: ${longDate(c.date)}`, { size: 13, fill: COLOURS.muted });
  if (state.display?.qualifier) l.text(`${state.display.qualifier}, plus an actor outside the profile pack: the figures answer “which of these?”, not “who?”.`, { size: 13, fill: COLOURS.orange });
}

/**
 * @typedef {object} BarRow
 * @property {string} label
 * @property {Figure} figure
 * @property {boolean} [lead]
 * @property {boolean} [muted]
 */

/**
 * Probability bars with 90 % interval whiskers.
 * @param {Layout} l
 * @param {BarRow[]} rows
 */
function bars(l, rows) {
  const labelW = 300;
  const valueW = 150;
  const x0 = l.margin + labelW + 16;
  const barW = l.inner - labelW - valueW - 32;
  for (const r of rows) {
    const lines = wrap(r.label, 15, labelW, r.lead);
    const rowH = Math.max(40, lines.length * 20 + 8);
    const top = l.y;
    lines.forEach((line, k) => l.marks.push({ t: 'text', x: l.margin, y: top + 18 + k * 20, text: line, size: 15, fill: COLOURS.ink, ...(r.lead ? { weight: 'bold' } : {}) }));
    const mid = top + 14;
    const clamp = (/** @type {number} */ p) => Math.min(1, Math.max(0, p));
    l.marks.push({ t: 'rect', x: x0, y: mid - 7, w: barW, h: 14, fill: COLOURS.track });
    l.marks.push({ t: 'rect', x: x0, y: mid - 7, w: barW * clamp(r.figure.probability), h: 14, fill: r.muted ? COLOURS.grey : COLOURS.blue });
    const [a, b] = r.figure.interval.map((p) => x0 + barW * clamp(p));
    if (b > a) {
      l.marks.push({ t: 'line', x1: a, y1: mid, x2: b, y2: mid, stroke: COLOURS.ink, width: 1.5 });
      l.marks.push({ t: 'line', x1: a, y1: mid - 5, x2: a, y2: mid + 5, stroke: COLOURS.ink, width: 1.5 });
      l.marks.push({ t: 'line', x1: b, y1: mid - 5, x2: b, y2: mid + 5, stroke: COLOURS.ink, width: 1.5 });
    }
    const right = l.width - l.margin;
    l.marks.push({ t: 'text', x: right, y: top + 18, text: r.figure.percent, size: 15, weight: 'bold', fill: COLOURS.ink, anchor: 'end' });
    if (b > a) l.marks.push({ t: 'text', x: right, y: top + 35, text: r.figure.range, size: 12, fill: COLOURS.muted, anchor: 'end' });
    l.y = top + rowH;
  }
}

/**
 * One level of the verdict in a column.
 * @param {Layout} l
 * @param {number} x
 * @param {number} width
 * @param {string} question
 * @param {Row | null} row
 * @param {string} sentence
 * @returns {number} where the column ends
 */
function level(l, x, width, question, row, sentence) {
  const y = l.y;
  l.text(question, { x, width, size: 13, bold: true, fill: COLOURS.muted });
  if (row) {
    const name = row.id === 'unlisted' ? 'An actor outside the profile pack' : row.name;
    l.text(`${name} ${row.figure.percent}`, { x, width, size: 22, bold: true });
    l.text(row.figure.term, { x, width, size: 15, fill: COLOURS.blue, gap: 4 });
  }
  l.text(sentence, { x, width, size: 14 });
  const end = l.y;
  l.y = y;
  return end;
}

/** The verdict card: both levels, confidence, the three most likely, and the prior reading. */
export function verdictScene() {
  const r = state.result;
  const d = state.display;
  if (!r || !d) throw new Error('there is no result to draw yet');
  const l = new Layout(WIDTH);
  head(l, 'Attribution check: the assessment');
  l.rule();
  const colW = (l.inner - 32) / 2;
  const end = Math.max(
    level(l, l.margin, colW, 'WHICH GROUP?', d.cluster, r.statement),
    level(l, l.margin + colW + 32, colW, 'WHICH STATE?', d.state, r.sponsor_statement),
  );
  l.y = end + 8;
  l.text(`Confidence: ${r.confidence}${r.confidence_reason ? ` (${r.confidence_reason})` : ''}.`, { size: 14 });
  l.rule();
  l.text(d.qualifier ? `Most likely culprits, ${d.qualifier.charAt(0).toLowerCase()}${d.qualifier.slice(1)}` : 'Most likely culprits', { size: 13, bold: true, fill: COLOURS.muted, gap: 6 });
  bars(
    l,
    d.top.map((row) => ({ label: row.id === 'unlisted' ? 'Unlisted actor' : row.name, figure: row.figure, lead: row.lead, muted: row.id === 'unlisted' })),
  );
  if (r.settings.samples > 0) l.text('Bars: probability; whiskers and small figures: 90 % interval.', { size: 12, fill: COLOURS.muted });
  l.rule();
  l.text('BEFORE THE EVIDENCE', { size: 13, bold: true, fill: COLOURS.muted });
  l.text(r.prior_only.statement, { size: 14, gap: 4 });
  for (const m of r.evidence_weight) l.text(m.statement, { size: 14 });
  return l.finish(`The assessment: ${state.case.title ?? 'untitled case'}`, colophon());
}

/**
 * A ranking by group or by state.
 * @param {'group' | 'state'} by
 */
export function rankingScene(by) {
  const d = state.display;
  if (!state.result || !d) throw new Error('there is no result to draw yet');
  const l = new Layout(WIDTH);
  head(l, by === 'group' ? 'Who did it: by group' : 'Who did it: by suspected state sponsor');
  l.rule();
  const rows = by === 'group' ? d.ranking : d.states;
  bars(
    l,
    rows.map((row) => ({
      label:
        row.id === 'unlisted'
          ? by === 'group'
            ? 'Unlisted actor'
            : 'Unlisted actor, whatever its sponsor'
          : `${row.name}${row.focus ? ' (highlighted)' : ''}`,
      figure: row.figure,
      lead: row.lead,
      muted: row.id === 'unlisted' || row.id === 'none',
    })),
  );
  if (by === 'group' && d.named.length > 0) {
    l.text(`Inside the unlisted actor’s share, named unknowns such as ${d.named.map((n) => `${n.name} (${n.percent})`).join(', ')}.`, { size: 13, fill: COLOURS.muted, gap: 4 });
  }
  if (by === 'group' && d.rest) l.text(`${count(d.rest.count)} more groups share ${d.rest.percent}.`, { size: 13, fill: COLOURS.muted });
  return l.finish(`${by === 'group' ? 'Probability by group' : 'Probability by suspected state sponsor'}, with 90 % intervals: ${state.case.title ?? 'untitled case'}`, colophon());
}

/** Each item's weight for the hypothesis chosen in "Why: each item's weight". */
export function contributionsScene() {
  const r = state.result;
  if (!r || r.hypotheses.length === 0) throw new Error('there is no hypothesis to draw');
  const chosen = r.hypotheses.find((x) => x.id === state.selected) ?? r.hypotheses[0];
  const obs = state.case.observations;
  const l = new Layout(WIDTH);
  head(l, `Why: each item’s weight for ${chosen.name}`);
  l.text('Natural-log likelihood ratio against the background of all actors. Blue, to the right, supports it; orange, to the left, counts against it.', { size: 13, fill: COLOURS.muted });
  l.rule();
  // Contributions arrive as columns (see engine.js): observation indices and their log-LRs.
  const { observation, log_lr: logLr } = chosen.contributions;
  const rows = Array.from(observation, (o, k) => ({ label: shortLabel(obs[o], o), value: logLr[k] }));
  const max = Math.max(0.5, ...rows.map((x) => Math.abs(x.value)));
  const labelW = 340;
  const x0 = l.margin + labelW + 16;
  const barW = l.inner - labelW - 16 - 80;
  const axis = x0 + barW / 2;
  for (const row of rows) {
    const lines = wrap(row.label, 14, labelW);
    const top = l.y;
    lines.forEach((line, k) => l.marks.push({ t: 'text', x: l.margin, y: top + 17 + k * 19, text: line, size: 14, fill: COLOURS.ink }));
    const w = (Math.abs(row.value) / max) * (barW / 2);
    const mid = top + 12;
    l.marks.push({ t: 'rect', x: x0, y: mid - 6, w: barW, h: 12, fill: COLOURS.track });
    l.marks.push({ t: 'rect', x: row.value >= 0 ? axis : axis - w, y: mid - 6, w, h: 12, fill: row.value > 0 ? COLOURS.blue : row.value < 0 ? COLOURS.orange : COLOURS.grey });
    l.marks.push({ t: 'line', x1: axis, y1: mid - 9, x2: axis, y2: mid + 9, stroke: '#777777', width: 1 });
    l.marks.push({ t: 'text', x: l.width - l.margin, y: top + 17, text: nats(row.value), size: 14, weight: 'bold', fill: COLOURS.ink, anchor: 'end' });
    l.y = top + Math.max(30, lines.length * 19 + 8);
  }
  if (rows.length === 0) l.text('No item is included.', { size: 14 });
  const sum = logLr.reduce((s, x) => s + x, 0);
  l.y += 6;
  l.text(`Starting weight ${nats(chosen.log_prior)} + evidence ${nats(sum)} = score ${nats(chosen.score)}.`, { size: 14 });
  return l.finish(`Weight of each item for ${chosen.name}: ${state.case.title ?? 'untitled case'}`, colophon());
}

/**
 * @typedef {object} Bin
 * @property {number} n
 * @property {number | null} mean_predicted
 * @property {number | null} observed
 */

/**
 * The reliability diagram of the held-out evaluation.
 * @param {Bin[]} bins
 * @param {string} cases what the cases are
 */
export function reliabilityScene(bins, cases) {
  const used = bins.filter((b) => b.n > 0 && typeof b.mean_predicted === 'number' && typeof b.observed === 'number');
  const l = new Layout(640);
  l.text('HOW RELIABLE IS THIS?', { size: 12, bold: true, fill: COLOURS.muted });
  l.text('Is the leader as likely as stated?', { size: 22, bold: true });
  l.text(`Stated probability of the leading group against how often it was right, over ${count(used.reduce((s, b) => s + b.n, 0))} ${cases}. Dot size: number of cases.`, { size: 13, fill: COLOURS.muted });
  const size = 400;
  const left = l.margin + 56;
  const top = l.y + 40;
  const x = (/** @type {number} */ p) => left + p * size;
  const y = (/** @type {number} */ p) => top + (1 - p) * size;
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    l.marks.push({ t: 'line', x1: x(0), y1: y(t), x2: x(1), y2: y(t), stroke: COLOURS.rule, width: 1 });
    l.marks.push({ t: 'line', x1: x(t), y1: y(0), x2: x(t), y2: y(1), stroke: COLOURS.rule, width: 1 });
    l.marks.push({ t: 'text', x: x(t), y: y(0) + 18, text: `${t * 100}`, size: 12, fill: COLOURS.muted, anchor: 'middle' });
    l.marks.push({ t: 'text', x: x(0) - 8, y: y(t) + 4, text: `${t * 100}`, size: 12, fill: COLOURS.muted, anchor: 'end' });
  }
  l.marks.push({ t: 'line', x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: COLOURS.grey, width: 1.25, dash: '4 3' });
  const maxN = Math.max(1, ...used.map((b) => b.n));
  for (const b of used) {
    l.marks.push({ t: 'circle', cx: x(/** @type {number} */ (b.mean_predicted)), cy: y(/** @type {number} */ (b.observed)), r: 4 + 8 * Math.sqrt(b.n / maxN), fill: COLOURS.blue });
  }
  l.marks.push({ t: 'text', x: x(0.5), y: y(0) + 40, text: 'Stated probability of the leader (%)', size: 13, fill: COLOURS.ink, anchor: 'middle' });
  l.marks.push({ t: 'text', x: l.margin, y: top - 18, text: 'Leader was right (%)', size: 13, fill: COLOURS.ink });
  l.y = y(0) + 52;
  const p = packSummary();
  const made = longDate(new Date().toISOString().slice(0, 10));
  return l.finish(
    `Reliability diagram of Attrib’s held-out evaluation (${cases})`,
    `Attrib, made ${made}, from the report on “${state.case.title ?? 'an untitled case'}”. Profile pack ${p ? `${p.version} (sha256 ${p.sha256.slice(0, 16)}…)` : 'unknown'}. The evaluation of the model: the same for every case.`,
  );
}

/**
 * Save one figure as SVG or PNG.
 * @param {string} part the file name's part ("verdict", "ranking-by-group", ...)
 * @param {() => Scene} build
 * @param {'svg' | 'png'} format
 * @param {(msg: string, ok?: boolean) => void} say
 */
async function save(part, build, format, say) {
  const name = fileName(state.case.title, { kind: 'image', part, format });
  try {
    const scene = build();
    if (format === 'svg') download(name, toSvg(scene), 'image/svg+xml');
    else download(name, await toPng(scene));
    say(`Saved ${name}.`, true);
  } catch (e) {
    say(`Could not make the image: ${messageOf(e)}.`);
  }
}

/**
 * "Image: SVG · PNG" for one figure, with the place where saving it is confirmed.
 * @param {string} part the figure's name in file names and element ids
 * @param {string} what the figure, for the buttons' accessible names
 * @param {() => Scene} build
 */
export function imageTools(part, what, build) {
  const status = messageSlot(`image-${part}-status`);
  return h(
    'div',
    { class: 'image-tools', id: `image-${part}` },
    h(
      'p',
      {},
      h('span', { class: 'image-label' }, 'Image'),
      ' ',
      h('button', { type: 'button', class: 'link-button', id: `image-${part}-svg`, 'aria-label': `Download ${what} as an SVG image`, onclick: () => save(part, build, 'svg', status.say) }, 'SVG'),
      ' · ',
      h('button', { type: 'button', class: 'link-button', id: `image-${part}-png`, 'aria-label': `Download ${what} as a PNG image`, onclick: () => save(part, build, 'png', status.say) }, 'PNG'),
    ),
    status.el,
  );
}
