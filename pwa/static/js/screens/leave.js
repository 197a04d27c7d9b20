// Leave requests and their status (the Leave API; requests go through the outbox).

import { api, ApiError, OfflineError } from '../api.js';
import { enqueue, entries } from '../outbox.js';
import { addDays, dayLabel, errorBox, field, h, render, todayIso } from '../ui.js';

const KINDS = [['annual', 'Annual leave'], ['training', 'Training'], ['sick', 'Sickness']];
const STATUS = { requested: 'Waiting for a manager', approved: 'Approved', declined: 'Declined' };

export async function show(root) {
  const kind = h('select', { name: 'kind' }, KINDS.map(([v, t]) => h('option', { value: v }, t)));
  const start = h('input', { type: 'date', name: 'start_date', value: addDays(todayIso(), 14), required: true });
  const end = h('input', { type: 'date', name: 'end_date', value: addDays(todayIso(), 14), required: true });
  const reason = h('textarea', { name: 'reason', maxlength: 1000 });
  const message = h('div', { 'aria-live': 'assertive' });
  const list = h('div', {});
  const form = h('form', { class: 'card', novalidate: true },
    field('Kind of leave', kind), field('First day', start), field('Last day', end),
    field('Reason (optional)', reason), message, h('button', { type: 'submit', class: 'wide' }, 'Ask for leave'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!start.value || !end.value || end.value < start.value) {
      render(message, errorBox('The last day must be on or after the first day.'));
      return;
    }
    await enqueue({ kind: 'leave', path: '/leave', label: `Leave ${dayLabel(start.value)}–${dayLabel(end.value)}`,
      body: { kind: kind.value, start_date: start.value, end_date: end.value, reason: reason.value.trim() } });
    render(message, h('p', { class: 'ok', role: 'status' }, 'Request saved.'));
    await drawList();
  });

  async function drawList() {
    const waiting = (await entries()).filter((e) => e.kind === 'leave' && e.status === 'pending');
    let items = [];
    let problem = null;
    try {
      items = await api('/leave');
    } catch (err) {
      problem = err instanceof ApiError && err.status === 404
        ? 'Leave requests are not available on this server yet (the office has not switched them on).'
        : err instanceof OfflineError ? 'Offline: your earlier requests will show when you have signal.' : err.message;
    }
    render(list, h('h2', {}, 'My leave'),
      problem ? h('p', { class: 'muted' }, problem) : null,
      h('ul', { class: 'list', id: 'leave-list' },
        waiting.map((e) => h('li', { class: 'card' }, `${e.label} — waiting to sync`)),
        items.map((l) => h('li', { class: 'card' },
          h('strong', {}, `${KINDS.find(([v]) => v === l.kind)?.[1] || l.kind}: ${dayLabel(l.start_date)}–${dayLabel(l.end_date)}`),
          h('div', {}, h('span', { class: `badge ${l.status === 'approved' ? 'done' : l.status === 'declined' ? 'missed' : 'in_progress'}` },
            STATUS[l.status] || l.status))))),
      !waiting.length && !items.length && !problem ? h('p', { class: 'muted' }, 'No leave requested.') : null);
  }
  render(root, h('h1', {}, 'Leave'), form, list);
  await drawList();
}
