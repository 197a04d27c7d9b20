// Placeholder for the optimiser's controls (the lead engineer replaces this module).
// Contract: optimiseControls({date, reload}) and findCoverControl({date, carerId, reload})
// each return an element for the toolbar; `reload()` re-reads the board after a change.

import { h } from './util.js';

export function optimiseControls({ date }) {
  return h('button', { type: 'button', disabled: true, 'data-testid': 'optimise', 'data-date': date,
    title: 'The optimiser is not connected yet' }, 'Optimise');
}

export function findCoverControl({ date, carerId = null }) {
  return h('button', { type: 'button', disabled: true, 'data-testid': 'find-cover', 'data-date': date,
    'data-carer-id': carerId ?? '', title: 'Find cover is not connected yet' }, 'Find cover');
}
