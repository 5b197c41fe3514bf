#!/usr/bin/env node
// A tiny, dependency-free static server for Attrib's page, on 127.0.0.1 only.
//
//   node scripts/serve.mjs [ROOT=www] [PORT=8080]     (PORT 0 picks a free port)
//
// It prints "Attrib is served at http://127.0.0.1:PORT/" once listening. It serves GET and HEAD
// only, with correct MIME types (application/wasm for .wasm), the page's Content-Security-Policy
// as a header on every response, and never a file outside ROOT (no traversal, no symlinks out, no
// dotfiles). The policy has one home, the meta tag of ROOT/index.html: this reads it from there.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Content-Security-Policy of the page's meta tag in `root`/index.html.
 * @param {string} root
 * @returns {Promise<string>}
 */
export async function pagePolicy(root) {
  const html = await readFile(join(root, 'index.html'), 'utf8');
  const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i);
  if (!meta) throw new Error(`${join(root, 'index.html')} has no Content-Security-Policy meta tag`);
  return meta[1];
}

/** @type {Record<string, string>} */
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const OTHER_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/**
 * Resolve a request path to a file inside `root`, or null.
 * @param {string} root absolute, real path of the served folder
 * @param {string} urlPath the request's path, still percent-encoded
 * @returns {Promise<string | null>}
 */
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return null;
  let file = resolve(root, ...parts);
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    let st = await stat(file);
    if (st.isDirectory()) {
      file = join(file, 'index.html');
      st = await stat(file);
    }
    if (!st.isFile()) return null;
    const real = await realpath(file);
    if (!real.startsWith(root + sep)) return null;
    return real;
  } catch {
    return null;
  }
}

/**
 * Start serving `rootDir` on 127.0.0.1:`port`.
 * @param {string} rootDir
 * @param {number} port 0 for a free port
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function serve(rootDir, port) {
  const root = await realpath(resolve(rootDir));
  const BASE_HEADERS = { 'Content-Security-Policy': await pagePolicy(root), ...OTHER_HEADERS };
  const server = createServer(async (req, res) => {
    const send = (/** @type {number} */ code, /** @type {string} */ msg) => {
      res.writeHead(code, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : msg + '\n');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(405, 'method not allowed');
    }
    const path = (req.url ?? '/').split('?')[0].split('#')[0];
    const file = await resolveFile(root, path);
    if (!file) return send(404, 'not found');
    const st = await stat(file);
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(undefined));
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok(undefined));
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? 'www';
  const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad port ${process.argv[3]}`);
    process.exit(2);
  }
  serve(root, port).then(
    ({ url }) => console.log(`Attrib is served at ${url}`),
    (e) => {
      console.error(`serve: ${e.message}`);
      process.exit(1);
    },
  );
}
