// Sickness and cover: mark a carer sick for dates; their calls become uncovered and are
// listed here with the reason, ready for "Find cover".

import { api, addDays, dateInput, dayLabel, describe, field, h, notice, render, todayIso } from './util.js';
import { findCoverControl } from './optimiser.js';
import { whoCanTakeDialog } from './whocan.js';

export async function show(root) {
  let date = todayIso();
  const status = notice();
  const list = h('section', { 'aria-labelledby': 'uncovered-h', 'data-testid': 'uncovered' });
  let carers = [];
  try { carers = (await api('/carers?limit=500&active=true')).items; } catch (err) { status.show(describe(err), 'bad'); }

  const carer = h('select', { required: true, 'data-testid': 'sick-carer' },
    h('option', { value: '' }, 'Choose a carer'), carers.map((c) => h('option', { value: c.id }, c.name)));
  const from = h('input', { type: 'date', value: date, required: true, 'data-testid': 'sick-from' });
  const to = h('input', { type: 'date', value: date, required: true, 'data-testid': 'sick-to' });
  const reason = h('input', { type: 'text', maxlength: 1000, placeholder: 'e.g. flu' });
  const form = h('form', { class: 'staff-form card' },
    h('h2', {}, 'Mark a carer sick'),
    h('div', { class: 'row' }, field('Carer', carer), field('From', from), field('To', to), field('Reason', reason)),
    h('button', { type: 'submit' }, 'Mark sick'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!carer.value) { status.show('Choose the carer who is off sick.', 'bad'); return; }
    try {
      const leave = await api('/leave', { method: 'POST', body: {
        kind: 'sick', carer_id: Number(carer.value), start_date: from.value, end_date: to.value, reason: reason.value,
      } });
      status.show(`${leave.carer_name} is off sick ${dayLabel(leave.start_date)}–${dayLabel(leave.end_date)}: `
        + `${leave.released_call_ids.length} calls need cover.`);
      date = from.value;
      await load();
    } catch (err) { status.show(describe(err), 'bad'); }
  });

  async function load() {
    let calls = [];
    try { calls = await api(`/calls/uncovered?date=${date}`); } catch (err) { status.show(describe(err), 'bad'); }
    render(list,
      h('div', { class: 'staff-toolbar' },
        h('h2', { id: 'uncovered-h' }, `Calls needing cover on ${dayLabel(date)} (${calls.length})`),
        h('button', { type: 'button', class: 'staff-secondary', 'aria-label': 'Previous day', onclick: () => { date = addDays(date, -1); load(); } }, '◀'),
        dateInput(date, 'Date of the uncovered calls', (d) => { if (d) { date = d; load(); } }),
        h('button', { type: 'button', class: 'staff-secondary', 'aria-label': 'Next day', onclick: () => { date = addDays(date, 1); load(); } }, '▶'),
        findCoverControl({ date, carerId: carer.value ? Number(carer.value) : null, reload: load }),
        h('a', { href: `#/staff/day/${date}`, class: 'staff-link' }, 'Open the day board')),
      calls.length ? h('ul', { class: 'staff-list' }, calls.map((c) => h('li', { 'data-visit-id': c.id },
        h('strong', {}, `${c.window_start}–${c.window_end} ${c.client_name}`),
        h('span', {}, ` ${c.town} · ${c.duration_minutes} min${c.carers_required > 1 ? ` · ${c.assignments.length}/${c.carers_required} carers` : ''}`),
        h('span', { class: 'reason' }, c.reason),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => whoCanTakeDialog(c.id, (text) => { status.show(text); load(); }) }, 'Who can take this?')))) : h('p', { class: 'muted' }, 'No calls need cover that day.'));
  }

  render(root, h('h1', {}, 'Sickness and cover'), status, form, list);
  await load();
  return null;
}
