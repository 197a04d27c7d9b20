// Training (#/staff/training): the matrix of every carer against every course (expired, due in
// 30 days, valid, missing) where a cell opens the record to add or update, and training
// sessions, whose booking takes the carer off the rota then and releases their calls for cover.

import { addDays, api, dayLabel, describe, field, h, notice, openDialog, render, todayIso } from './util.js';
import { ensureRecordsCss } from './records_kit.js';

const WORD = { expired: 'Expired', due: 'Due', valid: 'Valid', missing: '–' };

function summary(counts) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0) || 1;
  return h('div', { class: 'matrix-summary', 'aria-label': 'Records by status' },
    h('div', { class: 'stacked-bar', role: 'img', 'aria-label': `${counts.expired} expired, ${counts.due} due, ${counts.valid} valid, ${counts.missing} missing` },
      ['expired', 'due', 'valid', 'missing'].map((k) => h('span', { class: `bar ${k}`, style: `width:${(100 * counts[k]) / total}%` }))),
    h('p', {}, ['expired', 'due', 'valid', 'missing'].map((k) => h('span', { class: `badge ${k}` }, `${counts[k]} ${k}`)), ' '));
}

export async function show(root) {
  ensureRecordsCss();
  const status = notice();
  const matrixBox = h('section', { 'aria-live': 'polite', 'data-testid': 'training-matrix' });
  const sessionsBox = h('section', { class: 'card', 'data-testid': 'training-sessions' });
  let data;

  async function load() {
    try { data = await api('/training/matrix'); } catch (err) { status.show(describe(err), 'bad'); return; }
    const heads = data.courses.map((c) => h('th', { scope: 'col', title: `${c.name}${c.equivalents ? ` (or ${c.equivalents})` : ''}`, class: `course ${c.kind}` }, c.name.replace(/ and .*| for .*/, '')));
    render(matrixBox, summary(data.counts), h('div', { class: 'table-wrap matrix-wrap' }, h('table', { class: 'staff-table matrix' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Carer'), heads)),
      h('tbody', {}, data.carers.map((row) => h('tr', { 'data-carer-id': row.carer_id }, h('th', { scope: 'row' }, row.carer_name),
        data.courses.map((c) => {
          const cell = row.cells[c.code];
          return h('td', { class: `cell ${cell.status}` }, h('button', { type: 'button', class: 'cell-button', 'data-course': c.code,
            'aria-label': `${row.carer_name}, ${c.name}: ${cell.status}${cell.expires_on ? ` (expires ${cell.expires_on})` : ''}`,
            onclick: () => edit(row, c, cell) }, cell.status === 'missing' ? WORD.missing : (cell.expires_on ? cell.expires_on.slice(2) : WORD[cell.status])));
        })))))));
  }

  async function edit(row, course, cell) {
    const obtained = h('input', { type: 'date', required: true, max: todayIso() });
    const expires = h('input', { type: 'date' });
    const evidence = h('input', { type: 'text', maxlength: 255, placeholder: 'e.g. certificate seen' });
    const form = h('form', {},
      h('p', {}, cell.status === 'missing' ? 'No record yet.' : `Now: ${WORD[cell.status]}${cell.expires_on ? `, expires ${cell.expires_on}` : ''}.`),
      field('Completed on', obtained), field('Expires on', expires, course.valid_months ? `Empty: ${course.valid_months} months after completion.` : 'Empty: does not expire.'),
      field('Evidence', evidence),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save record'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Close')));
    // Fill the form before it is shown: filled after, a slow answer overwrote what the person
    // had already typed (an expiry date typed at once was saved as the old one).
    if (cell.record_id) {
      try {
        const rec = (await api(`/training/records?carer_id=${row.carer_id}`)).find((r) => r.id === cell.record_id);
        if (rec) { obtained.value = rec.obtained_on || ''; expires.value = rec.expires_on || ''; evidence.value = rec.evidence; }
      } catch { /* the form opens empty; saving still checks the version */ }
    }
    const dialog = openDialog(`${row.carer_name}: ${course.name}`, form);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        if (cell.record_id) {
          await api(`/training/records/${cell.record_id}`, { method: 'PATCH', body: {
            version: cell.version, obtained_on: obtained.value, expires_on: expires.value || null, evidence: evidence.value } });
        } else {
          await api('/training/records', { method: 'POST', body: {
            carer_id: row.carer_id, course: course.code, obtained_on: obtained.value, expires_on: expires.value || null, evidence: evidence.value } });
        }
        dialog.close();
        status.show(`${row.carer_name}: ${course.name} saved.${course.skill ? ` Calls needing ${course.skill} follow this record.` : ''}`);
        await load();
      } catch (err) { status.show(describe(err), 'bad'); }
    });
  }

  async function loadSessions() {
    let carers = []; let sessions = [];
    try {
      [carers, sessions] = await Promise.all([api('/carers?limit=500&active=true').then((p) => p.items),
        api(`/training/sessions?start=${todayIso()}&end=${addDays(todayIso(), 90)}`)]);
    } catch (err) { status.show(describe(err), 'bad'); return; }
    const carer = h('select', { required: true, 'data-testid': 'session-carer' }, h('option', { value: '' }, 'Choose a carer'), carers.map((c) => h('option', { value: c.id }, c.name)));
    const course = h('select', { 'data-testid': 'session-course' }, data.courses.map((c) => h('option', { value: c.code }, c.name)));
    const date = h('input', { type: 'date', value: addDays(todayIso(), 1), min: todayIso(), required: true, 'data-testid': 'session-date' });
    const start = h('input', { type: 'time', value: '09:30', required: true, 'data-testid': 'session-start' });
    const end = h('input', { type: 'time', value: '13:00', required: true, 'data-testid': 'session-end' });
    const form = h('form', {}, h('div', { class: 'row' }, field('Carer', carer), field('Course', course), field('Date', date), field('From', start), field('Until', end),
      h('button', { type: 'submit', 'data-testid': 'book-session' }, 'Book training')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const s = await api('/training/sessions', { method: 'POST', body: {
          carer_id: Number(carer.value), course: course.value, date: date.value, start: start.value, end: end.value } });
        status.show(`${s.carer_name} booked on ${s.course_name} ${dayLabel(s.date)} ${s.start}–${s.end}: ${s.released_call_ids.length} calls released for cover.`);
        await loadSessions();
      } catch (err) { status.show(describe(err), 'bad'); }
    });
    render(sessionsBox, h('h2', {}, 'Training sessions'), h('p', { class: 'muted small' }, 'Booking takes the carer off the rota for those hours; their calls then need cover, as with sickness.'), form,
      sessions.length ? h('ul', { class: 'staff-list compact' }, sessions.map((s) => h('li', {}, h('strong', {}, `${dayLabel(s.date)} ${s.start}–${s.end}`), ` ${s.carer_name}: ${s.course_name}`,
        h('a', { href: `#/staff/sickness`, class: 'staff-link' }, 'Calls needing cover')))) : h('p', { class: 'muted' }, 'No sessions booked.'));
  }

  render(root, h('h1', {}, 'Training and qualifications'), status, matrixBox, sessionsBox);
  await load();
  await loadSessions();
  return null;
}
