// The page's two lists of modules stay equal to its import graph: the <link rel=modulepreload>
// hints of index.html (early.js and its imports, which start the engine) and early.js
// `REPORT_MODULES` (what main.js adds, asked for at once when the verdict is drawn).
// A module added to a view without being listed would still load, a round of requests later;
// one listed but no longer imported would be fetched for nothing. No browser needed.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const WWW = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'www');
const JS = join(WWW, 'js');

/**
 * Every module `entry` imports statically, itself included, as paths relative to www/js.
 * @param {string} entry
 */
function closure(entry) {
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {string} file */
  const walk = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gms)) walk(join(dirname(file), m[1]));
  };
  walk(join(JS, entry));
  return new Set([...seen].map((f) => relative(JS, f)));
}

/** @param {Iterable<string>} xs */
const sorted = (xs) => [...xs].sort();

describe('the page modules the start-up asks for ahead of time', () => {
  it('index.html preloads exactly early.js and what it imports', () => {
    const html = readFileSync(join(WWW, 'index.html'), 'utf8');
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="js\/([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(sorted(preloaded), sorted(closure('early.js')));
    assert.equal(new Set(preloaded).size, preloaded.length, 'a module preloaded twice');
  });

  it('early.js REPORT_MODULES lists exactly what main.js adds to first.js', () => {
    const early = readFileSync(join(JS, 'early.js'), 'utf8');
    const list = early.match(/export const REPORT_MODULES = \[([^\]]*)\]/);
    assert.ok(list, 'REPORT_MODULES not found in early.js');
    const listed = [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
    const first = closure('first.js');
    const rest = [...closure('main.js')].filter((m) => !first.has(m));
    assert.deepEqual(sorted(listed), sorted(rest));
  });
});
