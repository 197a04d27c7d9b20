// IndexedDB in one place: a key-value store (auth copy for the service worker, flags) and the
// outbox of actions waiting to reach the server. No DOM here: the service worker imports it too.

const DB_NAME = 'carerun';
const DB_VERSION = 1;
let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore('kv');
        const outbox = db.createObjectStore('outbox', { keyPath: 'client_uuid' });
        outbox.createIndex('created_at', 'created_at');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => { opening = null; reject(request.error); };
    });
  }
  return opening;
}

// Resolve when the transaction commits, so a write is on disk before we say it is saved.
async function run(storeName, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, mode);
    let result;
    const request = work(tx.objectStore(storeName));
    if (request) request.onsuccess = () => { result = request.result; };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const kvGet = (key) => run('kv', 'readonly', (s) => s.get(key));
export const kvSet = (key, value) => run('kv', 'readwrite', (s) => s.put(value, key));
export const kvDelete = (key) => run('kv', 'readwrite', (s) => s.delete(key));

export const outboxAll = () => run('outbox', 'readonly', (s) => s.index('created_at').getAll());
export const outboxGet = (uuid) => run('outbox', 'readonly', (s) => s.get(uuid));
export const outboxPut = (entry) => run('outbox', 'readwrite', (s) => s.put(entry));
export const outboxDelete = (uuid) => run('outbox', 'readwrite', (s) => s.delete(uuid));

export async function clearAll() {
  await run('kv', 'readwrite', (s) => s.clear());
  await run('outbox', 'readwrite', (s) => s.clear());
}
