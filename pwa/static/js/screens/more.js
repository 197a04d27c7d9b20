// Everything that is not a daily screen, and the carer's own role, training and qualifications.

import { h, render } from '../ui.js';
import { showMyRecords } from './my_training.js';
import { showMySupervisions } from './my_supervisions.js';

export async function show(root, { user, logout }) {
  const link = (href, text) => h('li', {}, h('a', { class: 'button secondary wide', href }, text));
  const records = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading your training…'));
  const supervisions = h('div', { 'aria-live': 'polite' });
  render(root, h('h1', {}, 'More'),
    h('p', {}, `Signed in as ${user.display_name} (${user.username}).`),
    h('ul', { class: 'list' },
      link('#/shift', 'End of shift and mileage'),
      link('#/incident', 'Report an incident'),
      link('#/outbox', 'Changes waiting to sync'),
      link('#/notifications', 'Notifications')),
    records,
    supervisions,
    h('button', { type: 'button', class: 'secondary wide', onclick: logout }, 'Sign out'));
  await Promise.all([showMyRecords(records), showMySupervisions(supervisions)]);
}
