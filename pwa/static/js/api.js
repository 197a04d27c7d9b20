// The API client: JSON over fetch with the bearer token, one token refresh on 401, and clear
// errors. Works in the page and in the service worker (which reads auth from IndexedDB).

import { kvDelete, kvGet, kvSet } from './store.js';

export const AUTH_KEY = 'carerun.auth'; // shared with the staff screens (see the PWA contract)
const hasLocalStorage = typeof localStorage !== 'undefined';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || `request failed (${status})`);
    this.status = status;
    this.body = body;
  }
}

// Thrown when the network is unreachable and nothing is cached: callers show the offline state.
export class OfflineError extends Error {
  constructor() { super('You are offline and this has not been saved on the phone yet.'); }
}

export async function getAuth() {
  if (hasLocalStorage) {
    try { return JSON.parse(localStorage.getItem(AUTH_KEY)) || null; } catch { return null; }
  }
  return (await kvGet('auth')) || null;
}

export async function setAuth(auth) {
  if (hasLocalStorage) localStorage.setItem(AUTH_KEY, JSON.stringify(auth));
  await kvSet('auth', auth); // the service worker syncs and refreshes the run with it
}

export async function clearAuth() {
  if (hasLocalStorage) localStorage.removeItem(AUTH_KEY);
  await kvDelete('auth');
}

export async function login(username, password) {
  const tokens = await api('/auth/login', { method: 'POST', body: { username, password }, auth: false });
  const auth = { access_token: tokens.access_token, refresh_token: tokens.refresh_token, user: tokens.user };
  await setAuth(auth);
  return auth;
}

// Sign out on the server too: the refresh token (and its whole sign-in) stops working there,
// not only on this phone. Offline, the token is simply forgotten here; it expires on its own.
export async function serverLogout() {
  const auth = await getAuth();
  if (!auth || !auth.refresh_token) return;
  try {
    await api('/auth/logout', { method: 'POST', body: { refresh_token: auth.refresh_token }, auth: false });
  } catch { /* offline or already ended: nothing more to do */ }
}

// EventSource cannot send headers: ask for a one-minute ticket good for this stream only and
// put that, never the access token, in the URL.
export async function streamUrl(path, query = '') {
  const { ticket } = await api('/auth/stream-ticket', { method: 'POST', body: { path } });
  const extra = query ? `&${query}` : '';
  return `${path}?ticket=${encodeURIComponent(ticket)}${extra}`;
}

let refreshing = null;
async function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      const auth = await getAuth();
      if (!auth || !auth.refresh_token) return false;
      try {
        const tokens = await api('/auth/refresh', {
          method: 'POST', body: { refresh_token: auth.refresh_token }, auth: false,
        });
        // The old refresh token is spent now (using it again would end this sign-in): keep the new one.
        await setAuth({ access_token: tokens.access_token, refresh_token: tokens.refresh_token, user: tokens.user });
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) await clearAuth();
        return false;
      }
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

export async function api(path, { method = 'GET', body, auth = true, retried = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const current = auth ? await getAuth() : null;
  if (current) headers.Authorization = `Bearer ${current.access_token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new OfflineError();
  }
  if (response.status === 503 && response.headers.get('X-Carerun-Offline')) throw new OfflineError();
  if (response.status === 401 && auth && !retried && current && await refresh()) {
    return api(path, { method, body, auth, retried: true });
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (!response.ok) throw new ApiError(response.status, data);
  if (data && typeof data === 'object' && response.headers.get('X-Carerun-Cached')) {
    Object.defineProperty(data, 'fromCache', { value: response.headers.get('X-Carerun-Cached') });
  }
  return data;
}

export function newUuid() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
