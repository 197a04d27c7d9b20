// Notifications: the inbox (messages from the office, e.g. "Your rota has changed", newest
// first; shown messages count as opened, which the office sees), then push: explain first,
// then ask the browser, subscribe with the server's VAPID key and register the subscription,
// so a changed rota also reaches the phone while the app is closed.

import { api, OfflineError } from '../api.js';
import { kvSet } from '../store.js';
import { errorBox, h, render } from '../ui.js';

/** Show the unread count in the header (0 hides it). */
export function showUnread(count) {
  const pill = document.getElementById('inbox');
  if (!pill) return;
  pill.hidden = !count;
  pill.textContent = `${count} new`;
  pill.setAttribute('aria-label', `${count} unread message${count === 1 ? '' : 's'} from the office. Open notifications.`);
}

// Answers can cross: the count asked for at start-up may arrive after this screen has marked
// the messages opened. Only the answer to the latest question is shown, and a question waits
// for a marking still under way (asked beside it, the server could count before it stored it).
let latestAsk = 0;
let marking = Promise.resolve();

/** Ask the server how many messages wait unread (quietly: offline keeps the last count). */
export async function refreshUnread() {
  const ask = ++latestAsk;
  await marking;
  if (ask !== latestAsk) return;
  try {
    const { unread } = await api('/me/notifications');
    if (ask === latestAsk) showUnread(unread);
  } catch { /* offline or signed out */ }
}

function when(iso) {
  return new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

async function inboxSection() {
  let box;
  try {
    box = await api('/me/notifications');
  } catch (err) {
    return h('section', { 'aria-labelledby': 'inbox-h' }, h('h2', { id: 'inbox-h' }, 'Messages'),
      errorBox(err instanceof OfflineError ? 'Offline: messages will show when there is signal.' : err.message));
  }
  const unread = box.items.filter((m) => !m.read_at).map((m) => m.id);
  const section = h('section', { 'aria-labelledby': 'inbox-h', 'data-testid': 'inbox' },
    h('h2', { id: 'inbox-h' }, unread.length ? `Messages (${unread.length} new)` : 'Messages'),
    box.items.length ? h('ul', { class: 'list' }, box.items.map((m) => h('li', {},
      h('a', { class: `message${m.read_at ? '' : ' unread'}`, href: m.url || '#/notifications' },
        h('strong', {}, m.title), h('span', {}, m.body), h('small', { class: 'muted' }, when(m.created_at))))))
      : h('p', { class: 'muted' }, 'No messages yet.'));
  if (unread.length) {
    // Seen here = opened: the office then knows this carer has seen their changed rota.
    const ask = ++latestAsk;
    marking = api('/me/notifications/read', { method: 'POST', body: { ids: unread } })
      .then((after) => { if (ask === latestAsk) showUnread(after.unread); }).catch(() => {});
  }
  return section;
}

function keyBytes(base64url) {
  const padded = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

export async function subscribe() {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('Notifications are blocked. You can allow them in the browser settings for this site.');
  const reg = await navigator.serviceWorker.ready;
  const { public_key: key } = await api('/push/public-key', { auth: false });
  let sub = await reg.pushManager.getSubscription();
  if (!sub) sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  await api('/push/subscriptions', { method: 'POST', body: sub.toJSON() });
  return sub;
}

export async function show(root) {
  const supported = 'Notification' in window && 'serviceWorker' in navigator && 'PushManager' in window;
  const message = h('div', { 'aria-live': 'assertive' });
  const state = supported ? Notification.permission : 'unsupported';
  const turnOn = h('button', { type: 'button', class: 'wide', id: 'push-on', onclick: async () => {
    turnOn.disabled = true;
    await kvSet('push-explained', true);
    try {
      await subscribe();
      render(message, h('p', { class: 'ok', role: 'status' }, 'Notifications are on. We will tell you when your rota changes.'));
    } catch (err) {
      render(message, errorBox(err.message));
      turnOn.disabled = false;
    }
  } }, state === 'granted' ? 'Check notifications are on' : 'Turn on notifications');
  const notNow = h('button', { type: 'button', class: 'secondary wide', onclick: async () => {
    await kvSet('push-explained', true);
    location.hash = '#/';
  } }, 'Not now');
  render(root, h('h1', {}, 'Notifications'),
    await inboxSection(),
    h('h2', {}, 'On this phone'),
    h('p', {}, 'Carerun can tell you when the office changes your rota — a call added, moved or given to someone else — even when the app is closed.'),
    h('p', {}, 'Tapping the notification opens the changed day. We never send adverts.'),
    supported ? [turnOn, notNow] : h('p', { class: 'muted' }, 'This browser cannot show notifications.'),
    state === 'denied' ? h('p', { class: 'muted' }, 'Notifications are blocked for this site in the browser settings.') : null,
    message);
}
