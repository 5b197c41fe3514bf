#!/usr/bin/env node
// In-browser benchmark (`make bench-browser`): drives www/ in headless Chromium and prints
//   * first contentful paint (the static report text) and first scored render of the report, cold
//     (fresh browser context each run);
//   * median re-score latency, plain and with Monte Carlo + sensitivity (www/bench.html), in wasm
//     on one thread, and as the page pays it: a round trip to the scoring worker;
//   * the same scoring natively (`cargo bench --bench score`) and the wasm/native ratio;
//   * whether the wasm result is bit-for-bit the native CLI's (`attrib score --json`);
//   * a 10,000-observation case: import time and the longest task it costs the main thread;
//   * .wasm, JS and pack sizes, raw and gzip;
//   * the floor under the cold figures: when a blank page's one module script runs, and when the
//     module worker it starts runs, on the same browser and machine.
// Pass --no-native to skip the native build and run.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = join(ROOT, 'www');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const COLD_RUNS = 7;

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** @param {number} ms */
const ms = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
/** @param {number} b */
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

/** @param {string} dir @returns {string[]} */
function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );
}

/** @param {string[]} files */
function size(files) {
  const raw = files.reduce((s, f) => s + statSync(f).size, 0);
  const gz = files.reduce((s, f) => s + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { raw, gz };
}

/** Parse `cargo bench --bench score` for the flagship lines. */
function nativeBench() {
  const out = execFileSync('cargo', ['bench', '--quiet', '--bench', 'score'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  /** @param {string} s */
  const toMs = (s) => {
    const m = s.match(/([\d.]+) (µs|ms)/);
    return m ? Number(m[1]) / (m[2] === 'µs' ? 1000 : 1) : NaN;
  };
  /** @param {string} label @param {string} what */
  const pick = (label, what) => {
    const line = out.split('\n').find((l) => l.includes(label) && l.includes(what));
    return line ? toMs(line.slice(line.indexOf(what) + what.length)) : NaN;
  };
  return {
    text: out,
    plain: pick('8 named suspects', 'plain score'),
    full: pick('8 named suspects', 'MC + sensitivity'),
    openPlain: pick('whole pack competing', 'plain score'),
    openFull: pick('whole pack competing', 'MC + sensitivity'),
    sessionPlain: pick('8 named suspects', 'plain re-score, session'),
    sessionShown: pick('8 named suspects', 'plain re-score, session, with display'),
    openSessionShown: pick('whole pack competing', 'plain re-score, session, with display'),
    sessionFull: pick('8 named suspects', 'full re-score, session'),
    openSessionPlain: pick('whole pack competing', 'plain re-score, session'),
    openSessionFull: pick('whole pack competing', 'full re-score, session'),
  };
}

/** The native CLI's JSON text for the flagship case with the page's pack. */
function nativeResult() {
  const bin = join(ROOT, 'target', 'release', 'attrib');
  return execFileSync(bin, ['score', join(WWW, 'data', 'cases', 'kr-exchanges-2017.json'), '--profiles', join(WWW, 'data', 'pack.json'), '--json'], { encoding: 'utf8' });
}

/**
 * Import a generated case of 10,000 observations through the page's file input, then exclude one
 * of them, recording the longest main-thread task of each (PerformanceObserver, "longtask": only
 * tasks over 50 ms are reported, so 0 means none).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 */
async function longCase(browser, url) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  await page.waitForFunction(() => !document.documentElement.dataset.busy);
  // The file is made in the page, so that handing it over costs the page nothing measured.
  await page.evaluate(() => {
    /** @type {((i: number) => object)[]} */
    const kinds = [
      (i) => ({ kind: 'technique', value: ['T1566.001', 'T1486', 'T1059', 'T1105'][i % 4] }),
      (i) => ({ kind: 'software', value: `tool-${i}` }),
      () => ({ kind: 'victim-country', value: 'KR' }),
      (i) => ({ kind: 'activity-time', value: `2017-05-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}:00:00Z` }),
    ];
    const observations = Array.from({ length: 10_000 }, (_, i) => ({ ...kinds[i % 4](i), note: `item ${i + 1}`, source: { name: 'bench', reliability: 'B', credibility: 2 } }));
    const files = new DataTransfer();
    files.items.add(new File([JSON.stringify({ attrib: 1, observations })], 'long.json', { type: 'application/json' }));
    const input = /** @type {HTMLInputElement} */ (document.getElementById('import-case'));
    input.files = files.files;
    /** @type {any} */ (window).__tasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => /** @type {any} */ (window).__tasks.push(e.duration))).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.evaluate(() => document.getElementById('import-case')?.dispatchEvent(new Event('change')));
  await page.waitForFunction(() => (document.getElementById('import-status')?.textContent ?? '').includes('long.json') && !document.documentElement.dataset.busy, null, { timeout: 300_000, polling: 200 });
  const importMs = Date.now() - t0;
  const longest = () => page.evaluate(() => Math.max(0, .../** @type {any} */ (window).__tasks.splice(0)));
  await page.waitForTimeout(300);
  const importTask = await longest();
  await page.uncheck('#obs-1-include');
  await page.waitForFunction(() => !document.documentElement.dataset.busy, null, { timeout: 300_000, polling: 200 });
  await page.waitForTimeout(300);
  const rescoreTask = await longest();
  const timing = (await page.textContent('#timing')) ?? '';
  const workerMs = Number(timing.match(/([\d.]+) ms/)?.[1] ?? NaN);
  await ctx.close();
  return { importMs, importTask, rescoreTask, workerMs };
}

/**
 * The floor under the report's cold figures: a blank page (a line of text and one async module
 * script, served the same way) whose script starts a module worker at once. Returns the median
 * times, from navigation, at which the script ran and at which the worker's own script ran
 * (what the report's first verdict waits for before any of its own work can start).
 * @param {import('playwright-core').Browser} browser
 */
async function floor(browser) {
  const dir = mkdtempSync(join(tmpdir(), 'attrib-floor-'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self'"><title>floor</title><script type="module" async src="page.js"></script></head><body><p>A blank page.</p></body></html>`,
  );
  writeFileSync(
    join(dir, 'page.js'),
    `document.documentElement.dataset.script = String(performance.now());
const w = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
w.onmessage = (e) => { document.documentElement.dataset.worker = String(e.data - performance.timeOrigin); };
`,
  );
  writeFileSync(join(dir, 'worker.js'), 'postMessage(performance.timeOrigin + performance.now());\n');
  const server = await serve(dir, 0);
  try {
    const script = [];
    const worker = [];
    for (let i = 0; i < COLD_RUNS; i += 1) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(server.url);
      await page.waitForSelector('html[data-worker]');
      const t = await page.evaluate(() => document.documentElement.dataset);
      script.push(Number(t.script));
      worker.push(Number(t.worker));
      await ctx.close();
    }
    return { script: median(script), worker: median(worker) };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const native = !process.argv.includes('--no-native');
  const server = await serve(WWW, 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    // Cold first scored render: fresh context (empty cache) each time.
    const cold = [];
    const boot = [];
    const fcp = [];
    const ready = [];
    /** @type {Record<string, number[]>} */
    const steps = {};
    for (let i = 0; i < COLD_RUNS; i += 1) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(server.url);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
      const t = await page.evaluate(() => ({
        nav: performance.getEntriesByName('attrib:first-render')[0]?.startTime ?? NaN,
        boot: Number(document.documentElement.dataset.firstRenderMs),
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        ready: performance.getEntriesByName('attrib:ready')[0]?.startTime ?? NaN,
        steps: JSON.parse(document.documentElement.dataset.bootSteps ?? '{}'),
      }));
      ready.push(t.ready);
      for (const [k, v] of Object.entries(t.steps)) (steps[k] ??= []).push(/** @type {number} */ (v));
      cold.push(t.nav);
      boot.push(t.boot);
      fcp.push(t.fcp);
      await ctx.close();
    }
    // Re-score latencies.
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}bench.html`);
    await page.waitForSelector('html[data-bench]', { timeout: 300_000 });
    const bench = JSON.parse((await page.getAttribute('html', 'data-bench')) ?? '{}');
    await ctx.close();
    if (bench.error) throw new Error(bench.error);

    const long = await longCase(browser, server.url);
    const base = await floor(browser);

    const wasmSize = size([join(WWW, 'pkg', 'attrib_bg.wasm')]);
    const fullSize = size([join(WWW, 'pkg', 'attrib_full_bg.wasm')]);
    const glue = size([join(WWW, 'pkg', 'attrib.js')]);
    const pageJs = size(jsFiles(join(WWW, 'js')));
    const pack = size([join(WWW, 'data', 'pack.bin')]);
    const packJson = size([join(WWW, 'data', 'pack.json')]);

    const f = bench.flagship;
    const s8 = bench.suspects;
    const held = bench.held;
    const rows = [
      ['pack', `${bench.pack.version}, ${bench.pack.profiles} profiles`, ''],
      ['first contentful paint (report text), cold', ms(median(fcp)), ''],
      ['first scored render (the verdict), cold, from navigation', ms(median(cold)), `target ≤ 400 ms ${median(cold) <= 400 ? 'OK' : 'MISSED'}`],
      ['  of which from asking the worker to the verdict', ms(median(boot)), ''],
      ['  steps, median ms from navigation', Object.entries(steps).map(([k, v]) => `${k} ${Math.round(median(v))}`).join(', '), ''],
      ['  floor: a blank page\'s module script / its module worker running', `${ms(base.script)} / ${ms(base.worker)}`, ''],
      ['whole report built and interactive, cold', ms(median(ready)), `target ≤ 600 ms ${median(ready) <= 600 ? 'OK' : 'MISSED'}`],
      ['whole pack, re-score, MC + sensitivity (score)', ms(f.full_ms), `target ≤ 8 ms ${f.full_ms <= 8 ? 'OK' : 'MISSED'}`],
      ['whole pack, re-score, MC only (score)', ms(f.mc_only_ms), ''],
      ['whole pack, re-score, plain, case sent, whole result (score)', ms(f.plain_ms), ''],
      ['whole pack, plain re-score as the page asks: case held, brief result with display', ms(held.brief_plain_ms), `target ≤ 0.5 ms ${held.brief_plain_ms <= 0.5 ? 'OK' : 'MISSED'}`],
      ['  the same, MC + sensitivity', ms(held.brief_full_ms), ''],
      ['whole pack, held case, whole result with display: plain / MC + sensitivity', `${ms(held.plain_ms)} / ${ms(held.full_ms)}`, ''],
      ['whole pack, case sent, with display: plain', ms(held.sent_plain_ms), ''],
      ['re-score via the worker, MC + sensitivity: round trip / in worker', `${ms(bench.worker.full_round_trip_ms)} / ${ms(bench.worker.full_in_worker_ms)}`, ''],
      [`${s8.hypotheses} suspects: plain / MC + sensitivity`, `${ms(s8.plain_ms)} / ${ms(s8.full_ms)}`, ''],
      ['.wasm the page loads (pkg/attrib_bg.wasm, with WebAssembly SIMD)', `${kb(wasmSize.raw)} raw, ${kb(wasmSize.gz)} gzip`, `target ≤ 150 KB gzip ${wasmSize.gz <= 150 * 1024 ? 'OK' : 'MISSED'}`],
      ['  the whole module (no SIMD), on the first STIX import or export', `${kb(fullSize.raw)} raw, ${kb(fullSize.gz)} gzip`, ''],
      ['JS glue (pkg/attrib.js)', `${kb(glue.raw)} raw, ${kb(glue.gz)} gzip`, ''],
      ['page JS (js/**)', `${kb(pageJs.raw)} raw, ${kb(pageJs.gz)} gzip`, ''],
      ['profile pack (pack.bin, what the page loads)', `${kb(pack.raw)} raw, ${kb(pack.gz)} gzip`, `target ≤ 110 KB gzip ${pack.gz <= 110 * 1024 ? 'OK' : 'MISSED'}`],
      ['  the whole pack as JSON, with the source URLs (pack.json)', `${kb(packJson.raw)} raw, ${kb(packJson.gz)} gzip`, ''],
      ['wasm pack load (fetch + parse + index)', ms(bench.load_ms), `target ≤ 60 ms ${bench.load_ms <= 60 ? 'OK' : 'MISSED'}`],
      ['  the same again, warm: seal vs WebCrypto digest / hashed in wasm', `${ms(bench.reload.digest_ms)} / ${ms(bench.reload.wasm_hash_ms)}`, ''],
      ['10,000 observations: import to scored report / in the worker', `${ms(long.importMs)} / ${ms(long.workerMs)}`, ''],
      ['10,000 observations: longest main-thread task, import / re-score', `${ms(long.importTask)} / ${ms(long.rescoreTask)}`, `target ≤ 100 ms ${Math.max(long.importTask, long.rescoreTask) <= 100 ? 'OK' : 'MISSED'}`],
    ];
    if (native) {
      const n = nativeBench();
      const ratio = (/** @type {number} */ w, /** @type {number} */ x) => `${(w / x).toFixed(2)}×`;
      rows.push(['native whole pack, fresh: plain / MC + sensitivity', `${ms(n.openPlain)} / ${ms(n.openFull)}`, '']);
      rows.push(['native whole pack, session: plain / MC + sensitivity', `${ms(n.openSessionPlain)} / ${ms(n.openSessionFull)}`, '']);
      rows.push(['wasm / native (session), whole pack: plain / MC + sensitivity', `${ratio(f.plain_ms, n.openSessionPlain)} / ${ratio(f.full_ms, n.openSessionFull)}`, '']);
      rows.push([`native ${s8.hypotheses} suspects, fresh: plain / MC + sensitivity`, `${ms(n.plain)} / ${ms(n.full)}`, '']);
      rows.push([`native ${s8.hypotheses} suspects, session: plain / MC + sensitivity`, `${ms(n.sessionPlain)} / ${ms(n.sessionFull)}`, '']);
      rows.push([`wasm / native (session), ${s8.hypotheses} suspects: plain / MC + sensitivity`, `${ratio(s8.plain_ms, n.sessionPlain)} / ${ratio(s8.full_ms, n.sessionFull)}`, '']);
      rows.push([`  the same, plain, case held in wasm (whole result, with the display) / native score`, `${ms(s8.held_plain_ms)}: ${ratio(s8.held_plain_ms, n.sessionPlain)}`, '']);
      rows.push([`native ${s8.hypotheses} suspects / whole pack, session: plain re-score, display and brief result`, `${ms(n.sessionShown)} / ${ms(n.openSessionShown)}`, '']);
      rows.push([`wasm / native, ${s8.hypotheses} suspects, plain, as the page asks (case held, brief result with display) against the same work natively`, `${ms(s8.brief_plain_ms)}: ${ratio(s8.brief_plain_ms, n.sessionShown)} (against the native score alone: ${ratio(s8.brief_plain_ms, n.sessionPlain)})`, `target ≤ 2× ${s8.brief_plain_ms / n.sessionShown <= 2 ? 'OK' : 'MISSED'}`]);
      rows.push([`  the same, whole pack`, `${ms(held.brief_plain_ms)}: ${ratio(held.brief_plain_ms, n.openSessionShown)}`, '']);
      try {
        const same = nativeResult() === bench.result;
        rows.push(['wasm result identical to native CLI JSON', same ? 'yes, bit for bit' : 'NO', '']);
      } catch (e) {
        rows.push(['wasm result vs native CLI', `not compared (${/** @type {Error} */ (e).message.split('\n')[0]})`, '']);
      }
    }
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log('Attrib in-browser benchmark (headless Chromium)');
    for (const [a, b, c] of rows) console.log(`  ${a.padEnd(w)}  ${b.padEnd(34)} ${c}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(`bench-browser: ${e.message}`);
  process.exit(1);
});
