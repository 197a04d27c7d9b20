// What the supervision screens share: the planner's words for kinds, statuses and outcomes,
// dates as people read them, and the Book and Record dialogs (used by the Supervision list and
// the carer's page). A row with no id is the next one the agency's intervals make due: booking or
// recording it creates the record; a row with an id is changed with its version.

import { getAuth } from '/js/api.js';
import { api, describe, field, h, openDialog, todayIso } from './util.js';

export const STATUS_WORDS = { overdue: 'Overdue', due: 'Due', booked: 'Booked', upcoming: 'Later', done: 'Done' };
export const OUTCOME_WORDS = { '': 'Not recorded', satisfactory: 'Satisfactory', improvement_needed: 'Improvement needed', unsatisfactory: 'Unsatisfactory' };

export function day(iso) {
  return iso ? new Date(`${iso}T12:00`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }) : '—';
}

/** '18 Sept 2026': for table columns. */
export function shortDay(iso) {
  return iso ? new Date(`${iso}T12:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—';
}

export function callWords(call) {
  return `${day(call.date)} ${call.start} at ${call.client_name}`;
}

/** When and where: the booked call (a spot check) or the booked day. */
export function bookedWords(item) {
  if (item.call) return callWords(item.call);
  return item.booked_on ? day(item.booked_on) : '';
}

let observersCache = null;
/** The seniors to choose from; the one already named, else the person signed in (usually the observer). */
async function observerSelect(named) {
  observersCache = observersCache || await api('/supervisions/observers');
  const auth = await getAuth();
  const selected = named ?? (auth && auth.user ? auth.user.id : null);
  return h('select', { 'data-field': 'observer_id', required: true },
    h('option', { value: '' }, 'Choose the observer'),
    observersCache.map((o) => h('option', { value: o.id, selected: o.id === selected }, `${o.name} (${o.role})`)));
}

async function save(item, body) {
  if (item.id === null) return api('/supervisions', { method: 'POST', body: { carer_id: item.carer_id, kind: item.kind, due_on: item.due_on, ...body } });
  return api(`/supervisions/${item.id}`, { method: 'PATCH', body: { version: item.version, ...body } });
}

function dialogForm(title, fields, submitLabel, onSubmit) {
  const error = h('p', { class: 'staff-notice', role: 'alert' });
  const form = h('form', { class: 'staff-form' }, fields, error,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, submitLabel),
      h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Close')));
  const dialog = openDialog(title, form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await onSubmit(); dialog.close(); } catch (err) { error.textContent = describe(err); error.dataset.kind = 'bad'; }
  });
  return dialog;
}

/** Book a day and an observer; a spot check on one of the carer's coming calls. Resolves with a message once saved. */
export async function bookDialog(item) {
  const observer = await observerSelect(item.observer_id);
  let fields; let body;
  if (item.kind === 'spot_check') {
    const calls = await api(`/supervisions/calls?carer_id=${item.carer_id}`);
    const call = h('select', { 'data-field': 'visit_id', required: true }, h('option', { value: '' }, calls.length ? 'Choose a call' : 'No coming calls'),
      calls.map((c) => h('option', { value: c.visit_id, selected: item.call && item.call.visit_id === c.visit_id }, callWords(c))));
    fields = [field(`Call of ${item.carer_name} to observe`, call), field('Observer', observer)];
    body = () => ({ visit_id: Number(call.value), observer_id: Number(observer.value) });
  } else {
    const date = h('input', { type: 'date', 'data-field': 'booked_on', required: true, value: item.booked_on || todayIso() });
    fields = [field('On', date), field(item.kind === 'appraisal' ? 'Appraiser' : 'Supervisor', observer)];
    body = () => ({ booked_on: date.value, observer_id: Number(observer.value) });
  }
  return new Promise((resolve) => {
    const dialog = dialogForm(`Book ${item.kind_words.toLowerCase()}: ${item.carer_name}`, fields, 'Book', async () => {
      await save(item, body());
      resolve(`${item.kind_words} for ${item.carer_name} booked.`);
    });
    dialog.addEventListener('close', () => resolve(null));
  });
}

/** Record one held: when, the observer, outcome, notes and actions agreed. */
export async function recordDialog(item) {
  const observer = await observerSelect(item.observer_id);
  const past = item.booked_on && item.booked_on <= todayIso() ? item.booked_on : todayIso();
  const held = h('input', { type: 'date', 'data-field': 'held_on', required: true, max: todayIso(), value: item.held_on || past });
  const outcome = h('select', { 'data-field': 'outcome', required: true },
    Object.entries(OUTCOME_WORDS).filter(([v]) => v).map(([v, w]) => h('option', { value: v, selected: item.outcome === v }, w)));
  const notes = h('textarea', { 'data-field': 'notes', rows: 4, maxlength: 8000 }, item.notes || '');
  const actions = h('textarea', { 'data-field': 'actions', rows: 2, maxlength: 8000, placeholder: 'e.g. medication refresher by the end of the month' }, item.actions || '');
  const fields = [h('div', { class: 'row' }, field('Held on', held), field('Observer', observer), field('Outcome', outcome)),
    item.call ? h('p', { class: 'muted' }, `Observed call: ${callWords(item.call)}`) : null,
    field('Notes', notes), field('Actions agreed', actions)];
  return new Promise((resolve) => {
    const dialog = dialogForm(`${item.held_on ? 'Change' : 'Record'} ${item.kind_words.toLowerCase()}: ${item.carer_name}`, fields, 'Save record', async () => {
      await save(item, { held_on: held.value, observer_id: Number(observer.value), outcome: outcome.value, notes: notes.value, actions: actions.value });
      resolve(`${item.kind_words} for ${item.carer_name} recorded.`);
    });
    dialog.addEventListener('close', () => resolve(null));
  });
}
