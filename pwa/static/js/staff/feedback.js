// Complaints and compliments (#/staff/feedback): what is due first (acknowledge or respond, by
// when, overdue in red), every complaint and compliment, a form to record one, and each
// complaint worked to its outcome (acknowledged, investigation, response, satisfied, closed).

import { api, describe, field, h, notice, render, todayIso } from './util.js';

const FROM = { family: 'Family', client: 'Client', social_worker: 'Social worker', professional: 'Professional', other: 'Other' };

function day(iso) {
  return iso ? new Date(`${iso}T12:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—';
}

function workForm(f, status, reload) {
  const ack = h('input', { type: 'date', value: f.acknowledged_on || '' });
  const investigation = h('textarea', { rows: 2 }, f.investigation);
  const outcome = h('textarea', { rows: 2 }, f.outcome);
  const responded = h('input', { type: 'date', value: f.responded_on || '' });
  const satisfied = h('select', {}, [['', 'not known'], ['true', 'yes'], ['false', 'no']].map(([v, w]) => h('option', { value: v, selected: String(f.satisfied) === v }, w)));
  const close = h('input', { type: 'checkbox', checked: f.status === 'closed' });
  const form = h('form', { class: 'staff-form' }, h('div', { class: 'row' }, field('Acknowledged on', ack), field('Responded on', responded),
    field('Satisfied?', satisfied), field('Closed', close)), field('Investigation', investigation), field('Outcome', outcome),
  h('button', { type: 'submit' }, 'Save'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { version: f.version, acknowledged_on: ack.value || null, investigation: investigation.value, outcome: outcome.value,
      responded_on: responded.value || null, satisfied: satisfied.value === '' ? null : satisfied.value === 'true', status: close.checked ? 'closed' : 'open' };
    try { await api(`/feedback/${f.id}`, { method: 'PATCH', body }); status.show('Saved.'); await reload(); } catch (err) { status.show(describe(err), 'bad'); }
  });
  return form;
}

export async function show(root) {
  const status = notice();
  const dueBox = h('div', { 'data-testid': 'feedback-due' });
  const listBox = h('div', { 'data-testid': 'feedback-list' });
  const kind = h('select', {}, h('option', { value: 'complaint' }, 'Complaint'), h('option', { value: 'compliment' }, 'Compliment'));
  const raisedBy = h('input', { type: 'text', required: true, maxlength: 128 });
  const from = h('select', {}, Object.entries(FROM).map(([v, w]) => h('option', { value: v }, w)));
  const received = h('input', { type: 'date', value: todayIso() });
  const summary = h('textarea', { rows: 3, required: true });
  const form = h('form', { class: 'staff-form' }, h('div', { class: 'row' }, field('Kind', kind), field('Raised by', raisedBy), field('Who they are', from), field('Received', received)),
    field('What it is about', summary), h('button', { type: 'submit' }, 'Record'));

  async function load() {
    try {
      const [due, all] = await Promise.all([api('/feedback/due'), api('/feedback?limit=200')]);
      render(dueBox, h('h2', {}, 'Due'), due.length ? h('ul', { class: 'staff-list' }, due.map((f) => h('li', {},
        h('span', { class: `badge ${f.overdue ? 'missed' : 'late'}` }, `${f.next_due} by ${day(f.next_due_on)}${f.overdue ? ' (overdue)' : ''}`),
        ` ${f.raised_by}: ${f.summary}`))) : h('p', { class: 'muted' }, 'Nothing due.'));
      render(listBox, h('h2', {}, 'Complaints and compliments'), h('ul', { class: 'staff-list' }, all.items.map((f) => h('li', { 'data-testid': 'feedback-item' },
        h('span', { class: `badge ${f.kind === 'complaint' ? (f.status === 'open' ? 'missed' : 'done') : 'done'}` }, `${f.kind}${f.kind === 'complaint' ? `, ${f.status}` : ''}`),
        ` ${day(f.received_on)} · ${f.raised_by} (${FROM[f.raised_by_kind] || f.raised_by_kind})`,
        f.client_name ? ` · about ${f.client_name}` : '', f.carer_name ? ` · carer ${f.carer_name}` : '',
        h('p', {}, f.summary),
        f.kind === 'complaint' ? h('details', {}, h('summary', {}, 'Work this complaint'), workForm(f, status, load)) : null))));
    } catch (err) { status.show(describe(err), 'bad'); }
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api('/feedback', { method: 'POST', body: { kind: kind.value, raised_by: raisedBy.value, raised_by_kind: from.value, received_on: received.value, summary: summary.value } });
      status.show('Recorded.'); form.reset(); received.value = todayIso(); await load();
    } catch (err) { status.show(describe(err), 'bad'); }
  });
  render(root, h('h1', {}, 'Complaints and compliments'), status, dueBox, h('h2', {}, 'Record one'), form, listBox);
  await load();
  return null;
}
