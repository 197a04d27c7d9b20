// End of shift ("phoning in"): confirm the day with the miles driven.

import { api } from '../api.js';
import { enqueue, entries } from '../outbox.js';
import { dayLabel, errorBox, field, h, render, todayIso } from '../ui.js';

export async function show(root) {
  const date = h('input', { type: 'date', name: 'date', value: todayIso(), required: true });
  const mileage = h('input', { type: 'number', name: 'mileage', min: 0, max: 1000, step: 0.1, inputmode: 'decimal', required: true });
  const notes = h('textarea', { name: 'notes', maxlength: 2000 });
  const message = h('div', { 'aria-live': 'assertive' });
  const list = h('div', {});
  const form = h('form', { class: 'card', novalidate: true },
    field('Shift date', date), field('Miles driven on this shift', mileage, 'Between calls, not from home to your first call.'),
    field('Anything the office should know (optional)', notes), message,
    h('button', { type: 'submit', class: 'wide' }, 'End my shift'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const miles = Number(mileage.value);
    if (mileage.value === '' || Number.isNaN(miles) || miles < 0 || miles > 1000) {
      render(message, errorBox('Enter the miles driven (0 to 1000).'));
      mileage.focus();
      return;
    }
    await enqueue({ kind: 'shift_end', path: '/me/shift-reports', label: `End of shift ${dayLabel(date.value)} (${miles} miles)`,
      body: { date: date.value, mileage: miles, notes: notes.value.trim() } });
    render(message, h('p', { class: 'ok', role: 'status' }, 'Shift ended. Thank you!'));
    await drawList();
  });
  async function drawList() {
    const waiting = (await entries()).filter((e) => e.kind === 'shift_end' && e.status === 'pending');
    let reports = [];
    try { reports = await api('/me/shift-reports'); } catch { /* offline */ }
    render(list, h('h2', {}, 'Recent shifts'), h('ul', { class: 'list' },
      waiting.map((e) => h('li', { class: 'card' }, `${e.label} — waiting to sync`)),
      reports.map((r) => h('li', { class: 'card' }, `${dayLabel(r.date)}: ${r.mileage} miles`))));
  }
  render(root, h('h1', {}, 'End of shift'), form, list);
  await drawList();
}
