// The offline outbox: every action is saved in IndexedDB first, with a UUID made here, then
// sent. Replays happen on `online`, on app start and by Background Sync; the server accepts each
// UUID once, so sending twice is harmless. Nothing is ever dropped: a conflict or a refusal
// stays in the outbox with the server's explanation until the carer has read it.
// No DOM here: the service worker imports this module for Background Sync.

import { api, ApiError, newUuid, OfflineError } from './api.js';
import { outboxAll, outboxDelete, outboxGet, outboxPut } from './store.js';

export const SYNC_TAG = 'carerun-outbox';
const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('carerun-outbox') : null;
const listeners = new Set();
const KEEP_SYNCED_MS = 3 * 24 * 3600 * 1000;

export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed() {
  for (const fn of listeners) fn();
  if (channel) channel.postMessage({ type: 'outbox-changed' });
}
if (channel) channel.onmessage = () => { for (const fn of listeners) fn(); };

/** Save an action for sending. `body.client_uuid` is added here. Returns the entry. */
export async function enqueue({ kind, path, body, label, visitId = null, task = null }) {
  const entry = {
    client_uuid: newUuid(), kind, path, label, visit_id: visitId, task,
    body: null, created_at: Date.now(), status: 'pending', attempts: 0, error: null,
  };
  entry.body = { ...body, client_uuid: entry.client_uuid };
  await outboxPut(entry);
  changed();
  await askForBackgroundSync();
  replay().catch(() => {});
  return entry;
}

async function askForBackgroundSync() {
  try {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    const reg = await navigator.serviceWorker.ready;
    if (reg.sync) await reg.sync.register(SYNC_TAG);
  } catch { /* Background Sync is a bonus; the online event and app start still replay */ }
}

function withLock(fn) {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request('carerun-outbox', fn);
  }
  return fn();
}

let running = null;

/** Send every pending action in order. Stops at the first network failure (try again later). */
export function replay() {
  if (!running) {
    running = withLock(sendPending).finally(() => { running = null; });
  }
  return running;
}

async function sendPending() {
  let sent = 0;
  const entries = await outboxAll();
  for (const stored of entries) {
    if (stored.status !== 'pending') continue;
    const entry = (await outboxGet(stored.client_uuid)) || stored;
    if (entry.status !== 'pending') continue;
    entry.attempts += 1;
    try {
      entry.result = await api(entry.path, { method: 'POST', body: entry.body });
      entry.status = 'synced';
      entry.synced_at = Date.now();
      entry.error = null;
      sent += 1;
    } catch (err) {
      if (err instanceof OfflineError) { await outboxPut(entry); break; }
      if (err instanceof ApiError && err.status === 409) {
        entry.status = 'conflict';
        entry.error = err.message;
        entry.extra = (err.body && err.body.extra) || null;
      } else if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401) {
        entry.status = 'rejected';
        entry.error = err.message;
      } else {
        // Signed out or the server is struggling: keep it pending and stop for now.
        entry.error = err.message;
        await outboxPut(entry);
        changed();
        break;
      }
    }
    await outboxPut(entry);
    changed();
  }
  await prune();
  return sent;
}

async function prune() {
  const cutoff = Date.now() - KEEP_SYNCED_MS;
  for (const entry of await outboxAll()) {
    if (entry.status === 'synced' && entry.synced_at < cutoff) await outboxDelete(entry.client_uuid);
  }
}

export async function counts() {
  const all = await outboxAll();
  const by = (s) => all.filter((e) => e.status === s).length;
  return { pending: by('pending'), conflict: by('conflict'), rejected: by('rejected') };
}

export async function entries() {
  return outboxAll();
}

export async function entriesForVisit(visitId) {
  return (await outboxAll()).filter((e) => e.visit_id === visitId && e.status !== 'rejected');
}

/** The carer has read a conflict and acted on it: keep the record, stop asking for attention. */
export async function acknowledge(uuid) {
  const entry = await outboxGet(uuid);
  if (!entry) return;
  entry.acknowledged_status = entry.status;
  entry.status = 'acknowledged';
  entry.acknowledged_at = Date.now();
  await outboxPut(entry);
  changed();
}
