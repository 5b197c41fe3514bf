// Small helpers shared by the page and the scoring worker. No DOM here: the worker has none.

/**
 * The message of anything thrown.
 * @param {unknown} e
 * @returns {string}
 */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Latest query wins: call `ask` for every query, and hand `show` only the answer to the latest
 * one. Answers arrive in order, but one that arrives after the reader typed on is stale. A failed
 * query shows as no answer.
 * @template T
 * @param {(q: string) => Promise<T[]>} ask
 * @param {(answer: T[], q: string) => void} show
 * @returns {(q: string) => Promise<void>}
 */
export function latestWins(ask, show) {
  let asked = 0;
  return async (q) => {
    asked += 1;
    const mine = asked;
    /** @type {T[]} */
    let answer = [];
    try {
      answer = await ask(q);
    } catch {
      answer = [];
    }
    if (mine === asked) show(answer, q);
  };
}
