// Started as early as the page allows (an async module script in <head>, before the rest of the
// page's modules have loaded): the scoring worker begins fetching the wasm, the pack and the
// flagship case at once. main.js imports `started` from this very module instance.

import { start } from './engine.js';
import { currentOptions } from './state.js';

export const PACK_URL = 'data/pack.json';
export const CASE_URL = 'data/cases/kr-exchanges-2017.json';

/** When the page asked for the engine, in ms from navigation. */
export const askedAt = performance.now();

// The options of a fresh case, so the first result is the one any later re-score of the unchanged
// case gives (state.js has not been touched yet).
export const started = start({ packUrl: PACK_URL, caseUrl: CASE_URL, options: currentOptions() });
// main.js reports a failure; this only keeps it from counting as unhandled before then.
started.catch(() => {});
