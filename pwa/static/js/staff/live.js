// Live today: late and missed calls, kept up to date by server-sent events (no reload).

import { api, describe, h, notice, render } from './util.js';
import { streamUrl } from '/js/api.js';

const ORDER = ['missed', 'late', 'in_progress', 'due', 'done'];
const WORDS = { missed: 'Missed', late: 'Late', in_progress: 'In progress', due: 'Due', done: 'Done' };

export async function show(root, { onLeave }) {
  const status = notice();
  const counts = h('div', { class: 'live-counts', 'data-testid': 'live-counts' });
  const list = h('div', { 'data-testid': 'live-calls' });
  const stamp = h('p', { class: 'muted small', 'aria-live': 'off' });
  let source = null;

  function draw(snapshot) {
    render(counts, ORDER.map((s) => h('span', { class: `badge ${s}` }, `${WORDS[s]}: ${snapshot.counts[s] || 0}`)));
    const calls = [...snapshot.calls].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state));
    render(list, calls.length ? h('ul', { class: 'staff-list' }, calls.map((c) => h('li', { 'data-state': c.state, 'data-visit-id': c.visit_id },
      h('span', { class: `badge ${c.state}` }, WORDS[c.state]),
      h('strong', {}, ` ${c.window_start}–${c.window_end} ${c.client_name}`),
      ` ${c.town} · ${c.carers.map((x) => x.name).join(' & ') || 'no carer'}`))) : h('p', { class: 'muted' }, 'No calls today.'));
    stamp.textContent = `As of ${snapshot.at}.`;
  }

  async function connect() {
    // EventSource cannot send headers: a one-minute ticket for this stream goes in the URL.
    let url;
    try { url = await streamUrl('/live/stream', 'interval=15'); } catch (err) { status.show(describe(err), 'bad'); return; }
    source = new EventSource(url);
    source.addEventListener('live', (event) => draw(JSON.parse(event.data)));
    source.addEventListener('error', async () => {
      // Dropped, or the session ended: check the sign-in (refreshing it), then reconnect with a new ticket.
      source.close();
      try { await api('/auth/me'); setTimeout(connect, 2000); } catch (err) { status.show(describe(err), 'bad'); }
    });
  }

  render(root, h('h1', {}, 'Live today'), status, counts, stamp, list);
  try { draw(await api('/live/today')); } catch (err) { status.show(describe(err), 'bad'); }
  await connect();
  onLeave(() => source && source.close());
}
