// The staff area (planners, managers, admins): its own hash routes under #/staff/..., one
// module per screen. The carer app calls mount(root, {user, logout}) for staff roles.

import { h, render } from '/js/ui.js';

const MANAGER = ['manager', 'admin'];
const SCREENS = [
  // [hash, label, module, who may open it]
  ['day', 'Day board', './day.js', null],
  ['sickness', 'Sickness & cover', './sickness.js', null],
  ['leave', 'Leave', './leave.js', MANAGER],
  ['publish', 'Publish', './publish.js', null],
  ['rota', 'Staff rota', './rota.js', null],
  ['live', 'Live today', './live.js', null],
  ['audit', 'Audit', './audit.js', MANAGER],
];

let current = null; // the open screen, so it can stop streams or timers when we leave it

function ensureStyles() {
  for (const href of ['/css/staff.css']) {
    if (!document.querySelector(`link[href="${href}"]`)) {
      document.head.append(h('link', { rel: 'stylesheet', href }));
    }
  }
}

export async function mount(root, { user, logout }) {
  ensureStyles();
  // The carer app's own hash router may still be listening (it starts before sign-in) and
  // would redraw `root` on our hash changes, so the staff area lives in its own element
  // beside it and the carer app's element is hidden.
  let host = document.getElementById('staff-root');
  if (!host) {
    host = h('main', { id: 'staff-root', class: 'staff-root', tabindex: '-1' });
    root.after(host);
  }
  root.hidden = true;
  root = host;
  const allowed = SCREENS.filter(([, , , roles]) => !roles || roles.includes(user.role));
  const nav = h('nav', { class: 'staff-nav', 'aria-label': 'Staff' },
    allowed.map(([key, label]) => h('a', { href: `#/staff/${key}`, 'data-screen': key }, label)));
  const body = h('div', { class: 'staff-screen', id: 'staff-screen', tabindex: '-1' });
  const header = h('header', { class: 'staff-bar' },
    h('span', { class: 'staff-brand' }, 'Carerun'),
    nav,
    h('span', { class: 'staff-user' }, `${user.display_name} (${user.role})`),
    h('button', { type: 'button', class: 'staff-secondary', onclick: logout }, 'Sign out'));
  render(root, h('div', { class: 'staff-app' }, header, body));

  async function route() {
    const match = (location.hash || '').match(/^#\/staff\/([a-z]+)(?:\/(.*))?$/);
    const key = match ? match[1] : null;
    const screen = allowed.find(([k]) => k === key);
    if (!screen) {
      location.replace('#/staff/day');
      return;
    }
    for (const a of nav.querySelectorAll('a')) {
      if (a.dataset.screen === key) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    if (current && current.leave) current.leave();
    for (const dialog of document.querySelectorAll('dialog.staff-dialog')) dialog.close();
    const module = await import(screen[2]);
    current = await module.show(body, { user, arg: match[2] || '' }) || null;
  }
  window.addEventListener('hashchange', route);
  await route();
}
