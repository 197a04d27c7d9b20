// Carerun's service worker (an ES module): keeps the app shell and the carer's runs on the phone,
// replays the outbox by Background Sync, shows push notifications and refreshes the cached run.

import { getAuth, api } from '/js/api.js';
import { DATA_CACHE, SHELL_CACHE } from '/js/caches.js';
import { replay, SYNC_TAG } from '/js/outbox.js';

const SHELL = [
  '/', '/index.html', '/manifest.webmanifest', '/css/app.css',
  '/js/app.js', '/js/api.js', '/js/caches.js', '/js/store.js', '/js/outbox.js', '/js/ui.js',
  '/js/screens/login.js', '/js/screens/run.js', '/js/screens/visit.js', '/js/screens/incident.js',
  '/js/screens/weeks.js', '/js/screens/leave.js', '/js/screens/shift.js', '/js/screens/notifications.js',
  '/js/screens/outbox.js', '/js/screens/more.js', '/js/screens/urgent_cards.js', '/js/screens/sync_words.js',
  '/js/screens/doses.js', '/js/screens/my_training.js', '/js/screens/my_supervisions.js',
  '/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-192.png', '/icons/maskable-512.png',
];
// API reads worth keeping for offline use (network first, the saved copy when there is no signal).
const CACHED_API = [/^\/me\//, /^\/visits\/\d+$/, /^\/leave\/?$/, /^\/incidents\/?$/, /^\/push\/public-key$/];
const STATIC = /\.(?:html|js|css|png|svg|ico|webmanifest|woff2?)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (![SHELL_CACHE, DATA_CACHE].includes(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function offlineResponse() {
  return new Response(JSON.stringify({ status_code: 503, detail: 'offline and not saved on this phone' }), {
    status: 503, headers: { 'Content-Type': 'application/json', 'X-Carerun-Offline': '1' },
  });
}

async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch {
    const saved = await cache.match(request);
    if (!saved) return offlineResponse();
    const headers = new Headers(saved.headers);
    headers.set('X-Carerun-Cached', saved.headers.get('Date') || 'yes');
    return new Response(await saved.blob(), { status: saved.status, headers });
  }
}

// The shell answers from the phone at once (fast on a slow network) and refreshes behind.
async function staleWhileRevalidate(request, event) {
  const cache = await caches.open(SHELL_CACHE);
  const key = new URL(request.url).pathname === '/' || request.mode === 'navigate' ? '/' : request;
  const saved = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
  const fresh = fetch(request).then((response) => {
    if (response.ok) return cache.put(key, response.clone()).then(() => response);
    return response;
  });
  if (saved) {
    event.waitUntil(fresh.catch(() => {}));
    return saved;
  }
  return fresh.catch(() => offlineResponse());
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' || url.pathname === '/' || STATIC.test(url.pathname)) {
    event.respondWith(staleWhileRevalidate(request, event));
  } else if (CACHED_API.some((re) => re.test(url.pathname))) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener('sync', (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(replay());
});

// Fetch the changed days again with the carer's token and keep them, so the phone is right
// even if it loses signal before the app is opened.
async function refreshRuns(dates) {
  if (!(await getAuth())) return;
  const cache = await caches.open(DATA_CACHE);
  const paths = [...dates.map((d) => `/me/run?date=${d}`), '/me/runs'];
  for (const path of paths) {
    try {
      const body = await api(path);
      await cache.put(new Request(new URL(path, self.location.origin).href), new Response(JSON.stringify(body), {
        headers: { 'Content-Type': 'application/json', Date: new Date().toUTCString() },
      }));
    } catch { /* no signal now: the app fetches it when opened */ }
  }
}

self.addEventListener('push', (event) => {
  let payload = {};
  try { payload = event.data ? event.data.json() : {}; } catch { payload = { body: event.data && event.data.text() }; }
  const title = payload.title || 'Carerun';
  const dates = Array.isArray(payload.dates) ? payload.dates : [];
  event.waitUntil((async () => {
    await self.registration.showNotification(title, {
      body: payload.body || 'Your rota has changed.',
      tag: payload.tag || 'carerun',
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url: payload.url || (dates[0] ? `/#/day/${dates[0]}` : '/#/'), kind: payload.kind, dates },
    });
    await refreshRuns(dates);
    for (const client of await self.clients.matchAll({ type: 'window' })) {
      client.postMessage({ type: 'run-updated', dates, kind: payload.kind || 'rota-changed' });
    }
  })());
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/#/', self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if (new URL(client.url).origin === self.location.origin) {
        client.postMessage({ type: 'open', url });
        return client.focus();
      }
    }
    return self.clients.openWindow(url);
  })());
});
