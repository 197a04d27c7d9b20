// Everything that is not a daily screen.

import { h, render } from '../ui.js';

export function show(root, { user, logout }) {
  const link = (href, text) => h('li', {}, h('a', { class: 'button secondary wide', href }, text));
  render(root, h('h1', {}, 'More'),
    h('p', {}, `Signed in as ${user.display_name} (${user.username}).`),
    h('ul', { class: 'list' },
      link('#/shift', 'End of shift and mileage'),
      link('#/incident', 'Report an incident'),
      link('#/outbox', 'Changes waiting to sync'),
      link('#/notifications', 'Notifications')),
    h('button', { type: 'button', class: 'secondary wide', onclick: logout }, 'Sign out'));
}
