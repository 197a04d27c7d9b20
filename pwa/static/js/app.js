// The app shell: who is signed in, which screen the hash names, the sync status in the header,
// and the service worker. Staff roles go to the staff area (its own module, which names its
// screens under #/staff/...); carers stay here. This is the one hash router: one `hashchange`
// listener routes the carer screens and the staff area alike, and a screen that keeps something
// running (a listener, a stream) hands `onLeave` a cleanup to run when the route changes.

import { api, clearAuth, getAuth, serverLogout } from './api.js';
import { DATA_CACHE } from './caches.js';
import * as outbox from './outbox.js';
import { clearAll } from './store.js';
import { addDays, h, render, todayIso } from './ui.js';
import { refreshUnread, showUnread } from './screens/notifications.js';

const STAFF_ROLES = ['planner', 'manager', 'admin'];
const main = document.getElementById('main');
const tabs = document.getElementById('tabs');
const bar = document.getElementById('bar');
const syncPill = document.getElementById('sync');
const net = document.getElementById('net');

const routes = [
  [/^#?\/?$/, () => import('./screens/run.js'), () => ({ date: todayIso() }), 'day'],
  [/^#\/day\/(\d{4}-\d{2}-\d{2})$/, () => import('./screens/run.js'), (m) => ({ date: m[1] }), 'day'],
  [/^#\/visit\/(\d+)$/, () => import('./screens/visit.js'), (m) => ({ visitId: Number(m[1]) }), 'day'],
  [/^#\/incident(?:\/(\d+))?$/, () => import('./screens/incident.js'), (m) => ({ visitId: m[1] ? Number(m[1]) : null }), 'more'],
  [/^#\/weeks$/, () => import('./screens/weeks.js'), () => ({}), 'weeks'],
  [/^#\/leave$/, () => import('./screens/leave.js'), () => ({}), 'leave'],
  [/^#\/shift$/, () => import('./screens/shift.js'), () => ({}), 'more'],
  [/^#\/notifications$/, () => import('./screens/notifications.js'), () => ({}), 'more'],
  [/^#\/outbox$/, () => import('./screens/outbox.js'), () => ({}), 'more'],
  [/^#\/more$/, () => import('./screens/more.js'), () => ({}), 'more'],
];

export async function logout() {
  const auth = await getAuth();
  try {
    if (auth && 'serviceWorker' in navigator) {
      const reg = await navigator.serviceWorker.ready;
      const sub = reg.pushManager && await reg.pushManager.getSubscription();
      if (sub) {
        await api(`/push/subscriptions?endpoint=${encodeURIComponent(sub.endpoint)}`, { method: 'DELETE' }).catch(() => {});
        await sub.unsubscribe().catch(() => {});
      }
    }
  } catch { /* signing out must work offline too */ }
  const { pending } = await outbox.counts();
  if (pending && !confirm(`${pending} change(s) have not reached the office yet. Sign out anyway and keep them on this phone?`)) return;
  await serverLogout();
  await clearAuth();
  closeStaff();
  if (!pending) await clearAll();
  if ('caches' in window) await caches.delete(DATA_CACHE); // the run and key safe codes leave with you
  location.hash = '#/';
  start();
}

async function updateSyncPill() {
  const { pending, conflict, rejected } = await outbox.counts();
  const attention = conflict + rejected;
  let text = 'All changes saved';
  let state = 'ok';
  if (attention) { text = `${attention} need${attention === 1 ? 's' : ''} attention`; state = 'attention'; }
  if (pending) { text = `${pending} waiting to sync` + (attention ? `, ${attention} need attention` : ''); state = attention ? 'attention' : 'pending'; }
  syncPill.textContent = text;
  syncPill.dataset.state = state;
  syncPill.dataset.pending = String(pending);
  syncPill.setAttribute('aria-label', `Sync status: ${text}. Open the list of changes.`);
}

function updateNet() {
  net.textContent = navigator.onLine ? '' : 'Offline';
}

// Fill the service worker's cache with the coming days while there is signal.
async function prefetch() {
  if (!navigator.onLine) return;
  try {
    await api('/me/runs');
    await Promise.all([api('/me/training'), api('/me/career')]).catch(() => {}); // the More screen, offline too
    const today = todayIso();
    for (let i = 0; i < 7; i += 1) {
      const run = await api(`/me/run?date=${addDays(today, i)}`);
      if (i < 2) for (const call of run.calls) await api(`/visits/${call.visit_id}`).catch(() => {});
    }
  } catch { /* offline or signed out: the cache keeps what it had */ }
}

// Cleanups the open screen registered with `onLeave`; each routing runs them and starts afresh.
let leaving = [];
let visit = 0;

function leaveScreen() {
  const cleanups = leaving;
  leaving = [];
  visit += 1;
  for (const fn of cleanups) {
    try { fn(); } catch (err) { console.warn('cleanup failed', err); }
  }
  const mine = visit;
  // A screen that registers after the route has already moved on is cleaned up at once.
  return (fn) => { if (mine === visit) leaving.push(fn); else fn(); };
}

let staffArea = null; // while a planner, manager or admin is signed in: routes every hash

async function route() {
  const onLeave = leaveScreen();
  const auth = await getAuth();
  if (staffArea) return staffArea.route(location.hash, { onLeave });
  if (!auth) {
    tabs.hidden = true;
    const screen = await import('./screens/login.js');
    return screen.show(main, { onLogin: () => { start(); } });
  }
  if (STAFF_ROLES.includes(auth.user.role)) return; // start() is opening the staff area; it routes then
  const hash = location.hash || '#/';
  for (const [pattern, load, params, tab] of routes) {
    const match = hash.match(pattern);
    if (!match) continue;
    for (const a of tabs.querySelectorAll('a')) {
      if (a.dataset.tab === tab) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    const screen = await load();
    await screen.show(main, { ...params(match), user: auth.user, logout, onLeave });
    return;
  }
  render(main, h('h1', {}, 'Page not found'), h('a', { href: '#/' }, 'Back to today'));
}

function closeStaff() {
  if (!staffArea) return;
  staffArea.unmount();
  staffArea = null;
  document.body.classList.remove('staff');
}

async function openStaff(user) {
  closeStaff();
  bar.hidden = true;
  tabs.hidden = true;
  document.body.classList.add('staff');
  try {
    const staff = await import('/js/staff/index.js');
    staffArea = staff.mount(main, { user, logout });
    await route();
  } catch (err) {
    render(main,
      h('h1', {}, `Welcome, ${user.display_name}`),
      h('p', {}, 'The planner and manager screens are loading or not available on this server yet.'),
      h('p', { class: 'muted small' }, String(err && err.message ? err.message : err)),
      h('button', { type: 'button', onclick: logout }, 'Sign out'));
  }
}

let started = false;
async function start() {
  const auth = await getAuth();
  if (auth && STAFF_ROLES.includes(auth.user.role)) return openStaff(auth.user);
  closeStaff();
  bar.hidden = false;
  tabs.hidden = !auth;
  await updateSyncPill();
  updateNet();
  if (!started) {
    started = true;
    window.addEventListener('online', () => { updateNet(); refreshUnread(); outbox.replay().then(prefetch); });
    window.addEventListener('offline', updateNet);
    outbox.onChange(updateSyncPill);
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.addEventListener('message', (event) => {
        const msg = event.data || {};
        if (msg.type === 'run-updated') {
          document.dispatchEvent(new CustomEvent('carerun:run-updated', { detail: msg }));
          refreshUnread();
        } else if (msg.type === 'open' && msg.url) {
          location.hash = new URL(msg.url, location.origin).hash || '#/';
        }
      });
    }
  }
  if (auth && await shouldExplainPush() && (!location.hash || location.hash === '#/')) {
    history.replaceState(null, '', '#/notifications');
  }
  await route();
  if (auth) {
    refreshUnread(); // the office's messages show as a count in the header on every opening
    outbox.replay().catch(() => {}).then(prefetch);
  } else {
    showUnread(0);
  }
}

async function shouldExplainPush() {
  // After login, explain notifications once before the browser asks (never ask cold).
  if (!('Notification' in window) || Notification.permission !== 'default') return false;
  const { kvGet } = await import('./store.js');
  return !(await kvGet('push-explained'));
}

// The one hash router. Carer screens take the focus to the new content; the staff area keeps it
// on the link that was used (the carer element is hidden then).
window.addEventListener('hashchange', () => {
  route();
  if (!main.hidden) main.focus();
});

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/', type: 'module' }).catch((err) => {
    console.warn('service worker not registered', err);
  });
}
start();
