// The staff area (planners, managers, admins): its screens under #/staff/..., one module per
// screen. The app shell (app.js) mounts it for staff roles with mount(root, {user, logout}) and
// its one hash router hands every hash to the area's route(hash, {onLeave}) while it is mounted;
// a screen registers with onLeave what to stop (a stream, a timer) when the route changes.

import { h, render } from '/js/ui.js';
import { incidentBanner } from './incident_banner.js';

const MANAGER = ['manager', 'admin'];
const SCREENS = [
  // [hash, label, module, who may open it]
  ['day', 'Day board', './day.js', null],
  ['clients', 'Clients', './clients.js', null],
  ['carers', 'Carers', './carers.js', null],
  ['planreviews', 'Plan reviews due', './plan_reviews.js', null],
  ['training', 'Training', './training.js', null],
  ['career', 'Career', './career.js', MANAGER],
  ['supervision', 'Supervision', './supervision.js', null],
  ['sickness', 'Sickness & cover', './sickness.js', null],
  ['leave', 'Leave', './leave.js', MANAGER],
  ['publish', 'Publish', './publish.js', null],
  ['rota', 'Staff rota', './rota.js', null],
  ['live', 'Live today', './live.js', null],
  ['urgent', 'Urgent', './urgent.js', null],
  ['audit', 'Audit', './audit.js', MANAGER],
  ['settings', 'Settings', './settings.js', MANAGER],
  ['reports', 'Reports', './reports.js', null],
  ['calls', 'Call records', './call_records.js', null],
  ['incidents', 'Incidents', './incidents.js', null],
  ['medication', 'Medication', './medication.js', null],
  ['handover', 'Handover', './handover.js', null],
  ['phoning', 'Phoning in', './phoning_in.js', null],
  ['feedback', 'Complaints', './feedback.js', null],
  ['reviews', 'Reviews', './reviews.js', null],
  // Not in the menu: opened from a call record row and the Live today board.
  ['call-record', null, './call_record.js', null],
];

function ensureStyles() {
  for (const href of ['/css/staff.css']) {
    if (!document.querySelector(`link[href="${href}"]`)) {
      document.head.append(h('link', { rel: 'stylesheet', href }));
    }
  }
}

function closeDialogs() {
  for (const dialog of document.querySelectorAll('dialog.staff-dialog')) dialog.close();
}

/** Build the staff frame beside the carer app's element (which is hidden meanwhile). */
export function mount(root, { user, logout }) {
  ensureStyles();
  let host = document.getElementById('staff-root');
  if (!host) {
    host = h('main', { id: 'staff-root', class: 'staff-root', tabindex: '-1' });
    root.after(host);
  }
  root.hidden = true;
  const allowed = SCREENS.filter(([, , , roles]) => !roles || roles.includes(user.role));
  const nav = h('nav', { class: 'staff-nav', 'aria-label': 'Staff' },
    allowed.filter(([, label]) => label).map(([key, label]) => h('a', { href: `#/staff/${key}`, 'data-screen': key }, label)));
  const body = h('div', { class: 'staff-screen', id: 'staff-screen', tabindex: '-1' });
  const header = h('header', { class: 'staff-bar' },
    h('span', { class: 'staff-brand' }, 'Carerun'),
    nav,
    h('span', { class: 'staff-user' }, `${user.display_name} (${user.role})`),
    h('button', { type: 'button', class: 'staff-secondary', onclick: logout }, 'Sign out'));
  const alerts = incidentBanner(user); // new high-severity or safeguarding incidents
  render(host, h('div', { class: 'staff-app' }, header, alerts.el, body));

  /** Show the screen the hash names; any other hash (or one this role may not open) goes to the landing screen. */
  async function route(hash, { onLeave }) {
    // #/call-record/<visit id> is the call record page's own address (other screens link to it).
    const match = (hash || '').match(/^#\/staff\/([a-z]+)(?:\/(.*))?$/) || (hash || '').match(/^#\/(call-record)\/(\d+)$/);
    const key = match ? match[1] : null;
    const screen = allowed.find(([k]) => k === key);
    if (!screen) {
      // A manager lands on this week's figures; planners on the day board.
      location.replace(MANAGER.includes(user.role) && user.role !== 'admin' ? '#/staff/reports' : '#/staff/day');
      return;
    }
    for (const a of nav.querySelectorAll('a')) {
      if (a.dataset.screen === key) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    closeDialogs();
    alerts.refresh();
    const module = await import(screen[2]);
    // A newer hash arrived while the module loaded (e.g. sign-in's default screen, then a
    // link to a date): that route draws the screen, not this stale one.
    if (location.hash !== hash) return;
    await module.show(body, { user, arg: match[2] || '', onLeave });
  }

  /** Take the staff frame away again and give the page back to the carer app's element. */
  function unmount() {
    alerts.stop();
    closeDialogs();
    host.remove();
    root.hidden = false;
  }

  return { route, unmount };
}
