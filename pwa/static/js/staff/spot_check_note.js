// A line on a call's detail (the day board's call panel, the call record page) saying that a
// spot check observes it: who observes, or how it went once recorded. Empty for other calls.

import { api, h } from './util.js';
import { OUTCOME_WORDS } from './supervision_kit.js';

export function spotCheckNote(visitId) {
  const el = h('p', { class: 'spot-check-note', 'data-testid': 'spot-check-note' });
  el.hidden = true;
  api(`/supervisions?visit_id=${visitId}&status=all`).then((items) => {
    if (!items.length) return;
    el.textContent = items.map((i) => (i.held_on
      ? `Spot check of ${i.carer_name} recorded ${i.held_on}: observed by ${i.observer_name || 'no one named'}, ${OUTCOME_WORDS[i.outcome].toLowerCase()}`
      : `Spot check booked: ${i.observer_name || 'an observer'} observes ${i.carer_name} at this call`)).join(' · ');
    el.hidden = false;
  }).catch(() => {}); // the call's detail stands without it
  return el;
}
