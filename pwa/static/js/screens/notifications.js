// Push: explain first, then ask the browser, subscribe with the server's VAPID key and
// register the subscription, so a changed rota reaches the phone.

import { api } from '../api.js';
import { kvSet } from '../store.js';
import { errorBox, h, render } from '../ui.js';

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
    h('p', {}, 'Carerun can tell you when the office changes your rota — a call added, moved or given to someone else — even when the app is closed.'),
    h('p', {}, 'Tapping the notification opens the changed day. We never send adverts.'),
    supported ? [turnOn, notNow] : h('p', { class: 'muted' }, 'This browser cannot show notifications.'),
    state === 'denied' ? h('p', { class: 'muted' }, 'Notifications are blocked for this site in the browser settings.') : null,
    message);
}
