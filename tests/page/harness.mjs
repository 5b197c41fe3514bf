// Shared set-up for the page scenarios: serve www/ with scripts/serve.mjs on a free port, drive
// Debian's headless Chromium through playwright-core, and record console errors and any request
// that leaves the page's origin.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS = join(ROOT, 'test-results');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Start scripts/serve.mjs on a free port.
 * @returns {Promise<{url: string, stop: () => void}>}
 */
export function startServer() {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'serve.mjs'), join(ROOT, 'www'), '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[0], stop: () => child.kill('SIGTERM') });
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Launch headless Chromium (never downloads a browser). */
export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Open the page and wait until the flagship report is scored, recording problems.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{width?: number, height?: number}} [viewport]
 */
export async function openReport(browser, url, viewport = {}) {
  const context = await browser.newContext({
    viewport: { width: viewport.width ?? 1280, height: viewport.height ?? 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const origin = new URL(url).origin;
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const foreign = [];
  /** @type {string[]} */
  const dialogs = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')) foreign.push(u);
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
  await settled(page);
  return { context, page, errors, foreign, dialogs };
}

/**
 * Wait until the scoring worker has answered every request (re-scores, validations, searches):
 * the page sets `html[data-busy]` while any is outstanding.
 * @param {import('playwright-core').Page} page
 */
export async function settled(page) {
  await page.waitForFunction(() => !document.documentElement.dataset.busy, null, { timeout: 20_000 });
}

/** Make sure test-results/ exists and return a path inside it. @param {string} name */
export function artefact(name) {
  mkdirSync(RESULTS, { recursive: true });
  return join(RESULTS, name);
}

/**
 * Everything the reader sees as figures (statement, top three, both rankings, the contribution
 * equation, the ACH table), once the worker has answered.
 * @param {import('playwright-core').Page} page
 */
export async function figures(page) {
  await settled(page);
  return page.evaluate(() =>
    ['statement', 'top3', 'ranking', 'equation', 'stability', 'ach-table'].map((id) => document.getElementById(id)?.textContent ?? '').join('\n'),
  );
}

/**
 * Fail on any console error, request to another origin or dialog.
 * @param {{errors: string[], foreign: string[], dialogs: string[]}} s
 */
export function assertClean(s) {
  assert.deepEqual(s.errors, [], 'console errors');
  assert.deepEqual(s.foreign, [], 'requests outside the page origin');
  assert.deepEqual(s.dialogs, [], 'dialogs');
}

/**
 * Choose a file for a file input, and wait for the import's verdict on this very file.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @param {string} name
 * @param {string} text
 */
export async function upload(page, selector, name, text) {
  await page.setInputFiles(selector, { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => (document.getElementById('import-status')?.textContent ?? '').includes(n), name);
  await settled(page);
}

/**
 * Open a case object as a reader would: through the editor's "Open a case file".
 * @param {import('playwright-core').Page} page
 * @param {object} c
 * @param {string} [name]
 */
export async function importCase(page, c, name = 'case.json') {
  await upload(page, '#import-case', name, JSON.stringify(c));
  assert.match((await page.textContent('#import-status')) ?? '', new RegExp(`Imported ${name.replace('.', '\\.')}`));
}

/** The latest result and display the page shows, as JSON. @param {import('playwright-core').Page} page */
export async function shown(page) {
  await settled(page);
  return page.evaluate(async () => {
    const { state } = await import('./js/state.js');
    // The result in the core's shape (the worker posts typed arrays, see util.js).
    const { expandScored } = await import('./js/util.js');
    const { result } = state.result ? expandScored(structuredClone({ result: state.result, display: state.display })) : { result: null };
    return { result: JSON.stringify(result), display: JSON.stringify(state.display), case: JSON.stringify(state.case) };
  });
}

/**
 * The whole result of the case on the page, as the page's engine scores it with the page's
 * options. The page itself asks for a brief result (the contributions of the hypothesis it
 * explains, no roll-up tables: engine.js `score`), which is what `shown` returns.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string>} the result as JSON
 */
export async function whole(page) {
  await settled(page);
  return page.evaluate(async () => {
    const { state } = await import('./js/state.js');
    const engine = await import('./js/engine.js');
    const { expandScored } = await import('./js/util.js');
    const scored = await engine.score(state.case, { ...engine.OPTIONS });
    return JSON.stringify(expandScored(structuredClone({ result: scored.result, display: scored.display })).result);
  });
}

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Run axe-core on the page (injected with evaluate, so the page's CSP stays strict) and return
 * its violations, each as "rule: target, target ...".
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export async function axeViolations(page) {
  await settled(page);
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = /** @type {any} */ (window).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((/** @type {any} */ v) => `${v.id} (${v.impact}): ${v.nodes.map((/** @type {any} */ n) => n.target.join(' ')).slice(0, 6).join(', ')}`);
  });
}

/**
 * The page server and a headless browser for one scenario file: started before its tests, closed
 * after them. Tests read `env.server.url` and `env.browser`.
 * @returns {{server: {url: string, stop: () => void}, browser: import('playwright-core').Browser}}
 */
export function serverAndBrowser() {
  const env = /** @type {{server: {url: string, stop: () => void}, browser: import('playwright-core').Browser}} */ ({});
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}
