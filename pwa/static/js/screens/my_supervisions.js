// The carer's own supervisions, spot checks and appraisals on the More screen: the ones held,
// with who observed, the outcome and the actions agreed. Not the observer's notes, and nothing
// booked ahead (a spot check is an unannounced observation). Read through /me/supervisions.

import { api, OfflineError } from '../api.js';
import { dayLabel, h, render } from '../ui.js';

const OUTCOME = { satisfactory: 'Satisfactory', improvement_needed: 'Improvement needed', unsatisfactory: 'Unsatisfactory', '': 'Held' };
const BADGE = { satisfactory: 'done', improvement_needed: 'waiting', unsatisfactory: 'missed' };

function item(s) {
  return h('li', { class: 'card record', 'data-kind': s.kind },
    h('strong', {}, s.kind_words), ' ', h('span', { class: `badge ${BADGE[s.outcome] || ''}` }, OUTCOME[s.outcome] ?? s.outcome),
    h('div', { class: 'muted small' }, `${dayLabel(s.held_on)}${s.observer_name ? ` with ${s.observer_name}` : ''}`),
    s.actions ? h('p', {}, `Agreed: ${s.actions}`) : null);
}

/** Fill `root` with the carer's held supervisions (the latest first). */
export async function showMySupervisions(root) {
  let held;
  try { held = await api('/me/supervisions'); } catch (err) {
    render(root, err instanceof OfflineError ? null : h('p', { class: 'muted' }, err.message));
    return;
  }
  render(root, h('h2', {}, 'My supervisions and spot checks'),
    held.length ? h('ul', { class: 'list', 'data-testid': 'my-supervisions' }, held.slice(0, 8).map(item))
      : h('p', { class: 'muted' }, 'None recorded yet.'));
}
