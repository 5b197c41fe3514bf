// Native equals WebAssembly: `attrib score CASE --json` (the native binary) and the wasm module's
// scoreJson (what the page's engine runs) give the same bytes, or the same one-line error, for
// every case in the repository and a few hundred generated ones. `make test-native-wasm`.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import * as wasm from '../../www/pkg/attrib.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'target', 'release', 'attrib');
// The command line reads the whole JSON pack and the module the binary one the page loads, which
// leaves out the profiles' source URLs: both must give the same bytes.
const PACK = join(ROOT, 'www', 'data', 'pack.json');
const PACK_BIN = join(ROOT, 'www', 'data', 'pack.bin');
const run = promisify(execFile);

/** @type {string} */
let dir;

before(() => {
  wasm.initSync({ module: readFileSync(join(ROOT, 'www', 'pkg', 'attrib_bg.wasm')) });
  wasm.loadPack(readFileSync(PACK_BIN));
  dir = mkdtempSync(join(tmpdir(), 'attrib-native-wasm-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What the command line prints for a case file: stdout on success, stderr on failure.
 * @param {string} path
 * @returns {Promise<{ok: boolean, text: string}>}
 */
async function native(path) {
  try {
    const { stdout } = await run(CLI, ['score', path, '--json', '--profiles', PACK], { maxBuffer: 1 << 28 });
    return { ok: true, text: stdout };
  } catch (e) {
    const err = /** @type {{stderr: string, code: number}} */ (e);
    assert.equal(err.code, 1, `${path}: exit code`);
    return { ok: false, text: err.stderr };
  }
}

/**
 * The same through the wasm module, in the command line's words.
 * @param {string} path
 */
function viaWasm(path) {
  try {
    return { ok: true, text: wasm.scoreJson(readFileSync(path), undefined) };
  } catch (e) {
    return { ok: false, text: `attrib: ${path}: ${/** @type {Error} */ (e).message}\n` };
  }
}

/**
 * Compare both faces on every file, two command-line processes at a time.
 * @param {string[]} paths
 */
async function compare(paths) {
  let scored = 0;
  for (let i = 0; i < paths.length; i += 2) {
    const pair = paths.slice(i, i + 2);
    const natives = await Promise.all(pair.map(native));
    pair.forEach((path, k) => {
      const w = viaWasm(path);
      assert.equal(w.ok, natives[k].ok, `${path}: ${natives[k].text.slice(0, 200)} / ${w.text.slice(0, 200)}`);
      assert.equal(w.text, natives[k].text, path);
      if (w.ok) scored += 1;
    });
  }
  return scored;
}

/** @param {string} d @returns {string[]} */
const jsonIn = (d) =>
  readdirSync(join(ROOT, d))
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(ROOT, d, f));

/** A small seeded generator (mulberry32), so the generated cases are the same every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The text of a generated case: observations of every kind drawn from what the pack knows (and
 * some it does not), graded at random, sometimes a list of suspects, and settings that include
 * seeds beyond 2^53 (written as JSON numbers, digit by digit).
 * @param {() => number} r
 * @param {{techniques: {id: string}[], software: {id: string, name: string}[], profiles: {id: string}[]}} pack
 */
function generated(r, pack) {
  const pick = (/** @type {any[]} */ xs) => xs[Math.floor(r() * xs.length)];
  const n = r() < 0.1 ? 100 + Math.floor(r() * 400) : 1 + Math.floor(r() * 25);
  const kinds = [
    () => ({ kind: 'technique', value: pick(pack.techniques).id }),
    () => ({ kind: 'software', value: r() < 0.5 ? pick(pack.software).id : pick(pack.software).name }),
    () => ({ kind: 'software', value: `unknown-${Math.floor(r() * 1000)}` }),
    () => ({ kind: 'victim-country', value: pick(['KR', 'US', 'JP', 'UA', 'DE', 'IR', 'kr']) }),
    () => ({ kind: 'victim-sector', value: pick(['financial-services', 'banking', 'government', 'energy', 'cryptocurrency']) }),
    () => ({
      kind: 'activity-time',
      value: `20${10 + Math.floor(r() * 12)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}T${String(Math.floor(r() * 24)).padStart(2, '0')}:3${Math.floor(r() * 9)}:00${pick(['Z', '+09:00', '-05:00'])}`,
    }),
    () => ({ kind: 'motivation', value: pick(['financial', 'espionage', 'destructive', 'hacktivism', 'influence']) }),
    () => ({ kind: 'infrastructure', value: pick(['ip:175.45.178.1', 'cidr:175.45.176.0/22', 'domain:example.com', 'asn:131279', 'ip:2001:db8::1']) }),
    () => ({ kind: 'language', value: pick(['ko', 'zh-Hans', 'ru', 'fa', 'en-US']) }),
    () => ({ kind: 'event', value: pick(['sanctions', 'elections', 'summit']), date: `2017-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}` }),
  ];
  const observations = Array.from({ length: n }, () => {
    const o = /** @type {Record<string, unknown>} */ (pick(kinds)());
    if (r() < 0.7) o.source = { name: 'gen', reliability: pick(['A', 'B', 'C', 'D', 'E', 'F']), credibility: 1 + Math.floor(r() * 6) };
    return o;
  });
  /** @type {Record<string, unknown>} */
  const c = { attrib: 1, title: 'generated', observations };
  if (r() < 0.5) {
    const ids = new Set(Array.from({ length: 1 + Math.floor(r() * 12) }, () => pick(pack.profiles).id));
    c.hypotheses = [...ids];
  }
  /** @type {Record<string, unknown>} */
  const settings = {};
  if (r() < 0.5) settings.deception = Math.round(r() * 1000) / 1000;
  if (r() < 0.3) settings.unlisted_prior = 0.01 + Math.round(r() * 400) / 1000;
  if (r() < 0.4) settings.samples = pick([0, 100, 500, 2000, 5000]);
  c.settings = settings;
  // A seed anywhere in 0..2^64-1, spliced in as a JSON number (JSON.stringify cannot write one).
  const seed = BigInt(Math.floor(r() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(r() * 2 ** 32));
  return JSON.stringify(c).replace(/"settings":\{/, `"settings":{"seed":${seed}${Object.keys(settings).length ? ',' : ''}`);
}

describe('native equals wasm', () => {
  it('for every case file in the repository, and the bad ones', async () => {
    const files = [...jsonIn('data/cases'), ...jsonIn('tests/cases'), ...jsonIn('tests/cases/bad'), ...jsonIn('tests/hostile').filter((f) => f.includes('/case-'))];
    assert.ok(files.length > 40, `${files.length} files`);
    const scored = await compare(files);
    assert.ok(scored >= 4, `${scored} scored`);
  });

  it('for 300 generated cases', async () => {
    const pack = JSON.parse(readFileSync(PACK, 'utf8'));
    const r = rng(20171);
    const paths = Array.from({ length: 300 }, (_, i) => {
      const path = join(dir, `generated-${String(i).padStart(3, '0')}.json`);
      writeFileSync(path, generated(r, pack));
      return path;
    });
    const scored = await compare(paths);
    assert.ok(scored >= 250, `only ${scored} of 300 generated cases scored`);
  });
});
