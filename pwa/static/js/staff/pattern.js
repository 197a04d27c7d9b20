// A client's standing weekly pattern (client defaults) as a week grid, changed from a chosen
// date: this week's calls stay as they are when the change starts next Monday. Before saving,
// the planner sees the calls the change adds and removes over the next 4 weeks.

import { addDays, api, dayLabel, describe, field, h, mondayOf, notice, render, todayIso } from './util.js';
import { ensureRecordsCss } from './records_kit.js';
import { rulesEditor } from './pattern_rules.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const TYPES = [['morning', 'Morning', '08:00', 45], ['lunch', 'Lunch', '12:30', 30], ['tea', 'Tea', '17:00', 30],
  ['bed', 'Bed', '20:00', 30], ['night', 'Night', '23:00', 30], ['sleep_in', 'Sleep-in', '22:00', 540],
  ['waking_night', 'Waking night', '22:00', 540], ['other', 'Other', '10:00', 30]];
const list = (text) => text.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
// Call, Time, Minutes, Carers and the seven days; a call's skills, tasks and remove button go on a
// line of their own under it, so the table fits a tablet's width (1180 px, or 820 px upright).
const COLUMNS = 11;

// One call of the week: its row, under it its skills and tasks, then the panel of its double-up's
// parts and its link.
function callRow(call, onChange, onRemove) {
  const type = h('select', { 'aria-label': 'Call', 'data-part': 'type' }, TYPES.map(([v, label]) => h('option', { value: v, selected: v === call.call_type }, label)));
  const start = h('input', { type: 'time', value: call.start, 'aria-label': 'Time', required: true, 'data-part': 'start' });
  const minutes = h('input', { type: 'number', min: 5, max: 720, step: 5, value: call.duration_minutes, 'aria-label': 'Minutes', 'data-part': 'minutes', class: 'narrow' });
  const carers = h('select', { 'aria-label': 'Carers', 'data-part': 'carers' }, [1, 2, 3].map((n) => h('option', { value: n, selected: n === call.carers_required }, String(n))));
  const days = DAYS.map((d, i) => h('input', { type: 'checkbox', checked: call.weekdays.includes(i), 'aria-label': d, 'data-day': i }));
  const skills = h('input', { type: 'text', value: call.required_skills.join(', '), 'aria-label': 'Skills', placeholder: 'e.g. hoist', 'data-part': 'skills' });
  const tasks = h('input', { type: 'text', value: call.tasks.join('; '), 'aria-label': 'Tasks', placeholder: 'Wash; Breakfast', 'data-part': 'tasks' });
  type.addEventListener('change', () => {
    const preset = TYPES.find(([v]) => v === type.value);
    if (preset && !start.dataset.touched) start.value = preset[2];
  });
  start.addEventListener('input', () => { start.dataset.touched = '1'; });
  const rules = rulesEditor(call, COLUMNS, onChange);
  carers.addEventListener('change', () => rules.showParts(Number(carers.value)));
  const row = h('tr', { class: 'pattern-row' }, h('td', {}, type), h('td', {}, start), h('td', {}, minutes), h('td', {}, carers),
    days.map((box) => h('td', { class: 'day-box' }, box)));
  const more = h('tr', { class: 'pattern-more-row' }, h('td', { colspan: COLUMNS }, h('div', { class: 'pattern-more' },
    h('label', { class: 'pattern-field pattern-skills' }, 'Skills', skills),
    h('label', { class: 'pattern-field pattern-tasks' }, 'Tasks', tasks),
    h('button', { type: 'button', class: 'staff-secondary', 'aria-label': 'Remove this call', onclick: () => { row.remove(); more.remove(); rules.remove(); onRemove(); } }, '✕'))));
  for (const part of [row, more]) {
    part.addEventListener('input', onChange);
    part.addEventListener('change', onChange);
  }
  row.more = more;
  row.rules = rules;
  row.value = () => ({
    call_type: type.value, start: start.value, duration_minutes: Number(minutes.value), carers_required: Number(carers.value),
    weekdays: days.filter((b) => b.checked).map((b) => Number(b.dataset.day)), required_skills: list(skills.value), tasks: list(tasks.value),
    ...rules.value(),
  });
  return row;
}

/** Show the API's refusal next to the fields it names (`calls[i]....`, i counting the calls sent);
 * true when every error found its field. */
function showFieldErrors(sent, err) {
  const extra = err && err.status === 400 && err.body && Array.isArray(err.body.extra) ? err.body.extra : [];
  const byRow = new Map(sent.map((row) => [row, []]));
  let placed = 0;
  for (const e of extra) {
    const m = /^calls\[(\d+)\]\.(.+)$/.exec(e.key || '');
    if (m && sent[Number(m[1])] && /^(parts|link_to_previous)/.test(m[2])) byRow.get(sent[Number(m[1])]).push({ key: m[2], message: e.message });
  }
  for (const [row, errors] of byRow) placed += row.rules.showErrors(errors);
  return extra.length > 0 && placed === extra.length;
}

function weekGrid(calls) {
  return h('div', { class: 'week-grid', 'aria-label': 'The week at a glance', 'data-testid': 'week-grid' },
    DAYS.map((d, i) => h('div', { class: 'week-day' }, h('strong', {}, d),
      calls.filter((c) => c.weekdays.includes(i)).sort((a, b) => a.start.localeCompare(b.start)).map((c) =>
        h('span', { class: `week-call ${c.call_type}` }, `${c.start} ${c.duration_minutes}′${c.carers_required > 1 ? ` ×${c.carers_required}` : ''}`)))));
}

function changeTable(title, lines, kind) {
  if (!lines.length) return h('p', { class: 'muted' }, `${title}: none.`);
  return h('details', { open: true, 'data-testid': `preview-${kind}` }, h('summary', {}, `${title}: ${lines.length}`),
    h('ul', { class: 'staff-list compact' }, lines.map((l) => h('li', { class: kind },
      `${dayLabel(l.date)} ${l.start}, ${l.duration_minutes} min, ${l.call_type}${l.carers_required > 1 ? `, ${l.carers_required} carers` : ''}${l.required_skills.length ? ` (${l.required_skills.join(', ')})` : ''}`))));
}

export async function show(root, { clientId }) {
  ensureRecordsCss();
  const status = notice();
  let from = addDays(mondayOf(todayIso()), 7);
  let pattern;
  const body = h('tbody');
  const grid = h('div');
  const previewBox = h('section', { class: 'card', 'aria-live': 'polite', 'data-testid': 'pattern-preview' });
  const fromIn = h('input', { type: 'date', value: from, min: todayIso(), 'data-testid': 'pattern-from' });
  const saveBtn = h('button', { type: 'button', disabled: true, 'data-testid': 'save-pattern' }, 'Save');
  const rows = () => [...body.querySelectorAll('tr.pattern-row')];
  const sent = () => rows().filter((r) => r.value().weekdays.length); // the rows sent, in the order of `calls[i]`
  const calls = () => sent().map((r) => r.value());
  const dirty = () => {
    saveBtn.disabled = true;
    render(grid, weekGrid(calls()));
    render(previewBox, h('p', { class: 'muted' }, 'Preview the change to see the calls it adds and removes, then save.'));
  };
  const addRow = (call) => { const row = callRow(call, dirty, dirty); body.append(row, row.more, row.rules.element); };
  const refused = (err) => {
    const placed = showFieldErrors(sent(), err);
    status.show(placed ? 'Not saved: see the fields marked below.' : describe(err), 'bad');
  };

  async function load() {
    try { pattern = await api(`/clients/${clientId}/pattern?on=${from}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    body.replaceChildren();
    pattern.calls.forEach(addRow);
    table.dataset.from = from; // the date the rows shown are in force from
    saveBtn.textContent = `Save from ${dayLabel(from)}`;
    heading.textContent = `${pattern.client_name}: weekly pattern`;
    later.textContent = pattern.later_changes.length
      ? `A change already saved starts ${pattern.later_changes.map(dayLabel).join(', ')}; saving from ${dayLabel(from)} replaces it.` : '';
    dirty();
  }

  async function preview() {
    let change;
    showFieldErrors(sent(), null);
    try {
      change = await api(`/clients/${clientId}/pattern/preview`, { method: 'POST', body: { version: pattern.version, from_date: from, calls: calls() } });
    } catch (err) { refused(err); return; }
    status.show('');
    render(previewBox, h('h2', {}, `Calls ${dayLabel(change.from_date)} – ${dayLabel(change.until)}`),
      h('p', {}, `${change.added.length} added, ${change.removed.length} removed, ${change.unchanged} unchanged.`),
      changeTable('Added', change.added, 'added'), changeTable('Removed', change.removed, 'removed'));
    saveBtn.disabled = false;
  }

  async function save() {
    try {
      const saved = await api(`/clients/${clientId}/pattern`, { method: 'PUT', body: { version: pattern.version, from_date: from, calls: calls() } });
      pattern = saved.pattern;
      status.show(`Saved from ${dayLabel(from)}: ${saved.change.added.length} calls added and ${saved.change.removed.length} removed over 4 weeks.`);
      await load();
    } catch (err) { refused(err); }
  }

  fromIn.addEventListener('change', () => { if (fromIn.value) { from = fromIn.value; load(); } });
  saveBtn.addEventListener('click', save);
  const heading = h('h1', {}, 'Weekly pattern');
  const table = h('table', { class: 'staff-table pattern-table', 'data-testid': 'pattern-table' },
    h('thead', {}, h('tr', {}, ['Call', 'Time', 'Minutes', 'Carers', ...DAYS].map((t) => h('th', { scope: 'col' }, t)))),
    body);
  const later = h('p', { class: 'reason', 'aria-live': 'polite' });
  render(root,
    h('p', {}, h('a', { href: `#/staff/clients/${clientId}`, class: 'staff-link' }, '← Client record')),
    heading, status,
    h('div', { class: 'staff-toolbar' }, field('Change from', fromIn, 'This week stays as it is when the change starts later.'), later),
    h('div', { class: 'table-wrap' }, table),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'staff-secondary', 'data-testid': 'add-pattern-call', onclick: () => {
        const [t, , start, minutes] = TYPES[0];
        addRow({ call_type: t, start, duration_minutes: minutes, carers_required: 1, weekdays: [0, 1, 2, 3, 4, 5, 6], required_skills: [], tasks: [] });
        dirty();
      } }, 'Add a call'),
      h('button', { type: 'button', 'data-testid': 'preview-pattern', onclick: preview }, 'Preview the next 4 weeks'),
      saveBtn),
    grid, previewBox);
  await load();
  return null;
}
