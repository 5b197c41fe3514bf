// Started as early as the page allows (an async module script in <head>, before the rest of the
// page's modules have loaded): the scoring worker begins fetching the wasm, the pack and the
// flagship case at once. main.js imports `started` from this very module instance.

import { start } from './engine.js';
import { OPTIONS } from './state.js';

export const PACK_URL = 'data/pack.json';
export const CASE_URL = 'data/cases/kr-exchanges-2017.json';

/** When the page asked for the engine, in ms from navigation. */
export const askedAt = performance.now();

// The options of every score, so the first result is the one any later re-score of the unchanged
// case gives.
export const started = start({ packUrl: PACK_URL, caseUrl: CASE_URL, options: { ...OPTIONS } });
// main.js reports a failure; this only keeps it from counting as unhandled before then.
started.catch(() => {});
