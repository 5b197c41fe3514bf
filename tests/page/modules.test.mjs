// The <link rel=modulepreload> hints of index.html stay equal to what early.js (the script that
// starts the engine) imports: a module it comes to import without a hint would still load, a
// round of requests later; one hinted but no longer imported would be fetched for nothing, on
// the connections the wasm, the pack and the case need. No browser needed.

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

describe('the modules index.html preloads', () => {
  it('index.html preloads exactly early.js and what it imports', () => {
    const html = readFileSync(join(WWW, 'index.html'), 'utf8');
    const preloaded = [...html.matchAll(/<link rel="modulepreload" href="js\/([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(sorted(preloaded), sorted(closure('early.js')));
    assert.equal(new Set(preloaded).size, preloaded.length, 'a module preloaded twice');
  });
});
