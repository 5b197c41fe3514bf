// Long lists (a case may have 10,000 observations) are built a slice of rows per task, so that
// the page's main thread is never busy for long: between slices the browser paints, and the
// reader can scroll, type and click. Building into the same parent again cancels what an earlier
// build had left to do; so does the parent leaving the page.

/** Rows built per task: small enough that a slice of the heaviest rows takes a few ms. */
export const SLICE = 100;

/** @type {WeakMap<Element, number>} */
const generation = new WeakMap();
let pending = 0;

/** `html[data-rendering]` is set while any list is still being built (for tests). */
function mark() {
  if (pending > 0) document.documentElement.dataset.rendering = 'true';
  else delete document.documentElement.dataset.rendering;
}

/** A task queued behind what is already waiting (input, paint), without setTimeout's clamping. */
const channel = new MessageChannel();
/** @type {(() => void)[]} */
const queue = [];
channel.port1.onmessage = () => queue.shift()?.();
/** @param {() => void} fn */
function nextTask(fn) {
  queue.push(fn);
  channel.port2.postMessage(null);
}

/**
 * Append one node per item to `parent`: the first slice at once, the rest one slice per task.
 * @template T
 * @param {Element} parent
 * @param {readonly T[]} items
 * @param {(item: T, index: number) => Node} make
 * @returns {Promise<boolean>} whether every row was built (false: cancelled)
 */
export function appendInSlices(parent, items, make) {
  const mine = (generation.get(parent) ?? 0) + 1;
  generation.set(parent, mine);
  let next = 0;
  /** @returns {boolean} whether more is left */
  const slice = () => {
    const end = Math.min(items.length, next + SLICE);
    const frag = document.createDocumentFragment();
    for (; next < end; next += 1) frag.append(make(items[next], next));
    parent.append(frag);
    return next < items.length;
  };
  if (!slice()) return Promise.resolve(true);
  pending += 1;
  mark();
  return new Promise((done) => {
    const step = () => {
      const current = generation.get(parent) === mine && parent.isConnected;
      if (current && slice()) {
        nextTask(step);
        return;
      }
      pending -= 1;
      mark();
      done(current);
    };
    nextTask(step);
  });
}
