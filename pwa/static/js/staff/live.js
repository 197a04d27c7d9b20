// Live today: an alert count and its own list (calls with no carer, missed, late), then every
// call of the day with its state and the actual check-in and check-out times, kept up to date
// by server-sent events (no reload). "Due" means due within the next hour. A row opens the
// call's record (what was planned and what the carers recorded).

import { api, describe, h, notice, openDialog, render } from './util.js';
import { streamUrl } from '/js/api.js';

const ORDER = ['missed', 'late', 'in_progress', 'due', 'upcoming', 'done'];
const WORDS = { missed: 'Missed', late: 'Late', in_progress: 'In progress', due: 'Due within the hour', upcoming: 'Later today', done: 'Done' };
const ALERT_WORDS = { no_carer: 'No carer', missed: 'Missed', late: 'Late' };
const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) : null);

export async function show(root, { onLeave }) {
  const status = notice();
  const alertHead = h('h2', { id: 'alerts-h', 'data-testid': 'live-alert-count' });
  const alerts = h('div', { 'data-testid': 'live-alerts' });
  const counts = h('div', { class: 'live-counts', 'data-testid': 'live-counts' });
  const list = h('div', { 'data-testid': 'live-calls' });
  const stamp = h('p', { class: 'muted small', 'aria-live': 'off' });
  let source = null;

  function draw(snapshot) {
    const n = snapshot.alert_count || 0;
    alertHead.textContent = n ? `${n} ${n === 1 ? 'call needs' : 'calls need'} you now` : 'No alerts';
    alertHead.dataset.count = n;
    render(alerts, n ? h('ul', { class: 'staff-list alerts' }, snapshot.alerts.map((a) => h('li', { 'data-kind': a.kind, 'data-visit-id': a.visit_id },
      h('span', { class: `badge ${a.kind}` }, ALERT_WORDS[a.kind] || a.kind),
      h('button', { type: 'button', class: 'staff-link', onclick: () => openRecord(a.visit_id, a.client_name) }, a.message))))
      : h('p', { class: 'muted' }, 'Every call so far has its carer and started on time.'));
    render(counts, ORDER.map((s) => h('span', { class: `badge ${s}` }, `${WORDS[s]}: ${snapshot.counts[s] || 0}`)));
    const calls = [...snapshot.calls].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state));
    render(list, calls.length ? h('ul', { class: 'staff-list' }, calls.map((c) => {
      const inAt = clock(c.checked_in_at);
      const outAt = clock(c.checked_out_at);
      const actual = inAt ? `in ${inAt}${outAt ? `, out ${outAt}` : ''}` : 'not checked in';
      return h('li', { 'data-state': c.state, 'data-visit-id': c.visit_id },
        h('span', { class: `badge ${c.state}` }, WORDS[c.state] || c.state),
        h('button', { type: 'button', class: 'staff-link', onclick: () => openRecord(c.visit_id, c.client_name) },
          `${c.window_start}–${c.window_end} ${c.client_name}`),
        ` ${c.town} · ${c.carers.map((x) => x.name).join(' & ') || 'no carer'} · `,
        h('span', { class: 'actual', 'data-testid': 'live-actual' }, actual));
    })) : h('p', { class: 'muted' }, 'No calls today.'));
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

  render(root, h('h1', {}, 'Live today'), status,
    h('section', { class: 'card', 'aria-labelledby': 'alerts-h' }, alertHead, alerts),
    counts, stamp, list);
  try { draw(await api('/live/today')); } catch (err) { status.show(describe(err), 'bad'); }
  await connect();
  onLeave(() => source && source.close());
}

// The call's record: the visit detail and what the carers recorded. (Issue 12 brings a full
// call record page; until it lands this is the existing visit detail and its logs.)
async function openRecord(visitId, clientName) {
  const body = h('div', { 'data-testid': 'call-record', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const close = h('button', { type: 'button', class: 'staff-secondary' }, 'Close');
  const dialog = openDialog(`Call: ${clientName}`, body, h('div', { class: 'actions' }, close));
  close.addEventListener('click', () => dialog.close());
  try {
    const [visit, logs] = await Promise.all([api(`/visits/${visitId}`), api(`/visits/${visitId}/logs`)]);
    const items = Array.isArray(logs) ? logs : (logs.items || logs.logs || []);
    render(body,
      h('p', {}, `${visit.date || ''} · window ${visit.window_start}–${visit.window_end} · ${visit.duration_minutes} min`),
      visit.address ? h('p', {}, `${visit.address}${visit.town ? `, ${visit.town}` : ''}`) : null,
      Array.isArray(visit.tasks) && visit.tasks.length ? h('p', {}, `Tasks: ${visit.tasks.map((t) => (typeof t === 'string' ? t : t.name || t.task)).join(', ')}`) : null,
      h('h3', {}, 'Recorded'),
      items.length ? h('ul', { class: 'staff-list' }, items.map((l) => h('li', {},
        h('strong', {}, (l.kind || '').replace('_', ' ')), ` ${clock(l.server_time || l.device_time) || ''}`,
        l.carer_name ? ` · ${l.carer_name}` : '', l.note ? ` · ${l.note}` : '', l.task ? ` · ${l.task}` : '')))
        : h('p', { class: 'muted' }, 'Nothing recorded yet.'));
    body.removeAttribute('aria-busy');
  } catch (err) { render(body, h('p', { class: 'bad' }, describe(err))); }
}
