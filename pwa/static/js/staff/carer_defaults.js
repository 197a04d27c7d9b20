// Staff defaults on a carer's record (issue 11 point 4): their contracted hours and their default
// rota (the weekly pattern, one or more spans a day for split shifts), each changed from a date
// ("from Monday 22.5 h instead of 30 h") with the history kept, and the exceptions to the rota
// (days off or other hours).
// Each part saves against the carer's version; `record` shares it with the rest of the page:
// { carer() -> the record as the page holds it, saved(carer or {version}) -> keep the new version }.

import { api, describe, h, notice, render, todayIso } from './util.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const hoursText = (minutes) => `${Math.round(minutes / 6) / 10} h`;
const nice = (iso) => (iso ? new Date(`${iso}T12:00:00`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }) : '');

/** The staff-defaults cards for a saved carer; returns the element to place on the page. */
export function staffDefaults(record) {
  const box = h('div', { 'data-testid': 'staff-defaults' });
  const status = notice();
  status.setAttribute('data-testid', 'defaults-status');
  const hours = h('section', { class: 'card', 'data-testid': 'contract-hours' });
  const rota = h('section', { class: 'card', 'data-testid': 'default-rota' });
  const exceptions = h('section', { class: 'card', 'data-testid': 'availability-exceptions' });
  const id = record.carer().id;
  const fail = (err) => status.show(describe(err), 'bad');

  async function loadHours() {
    let data;
    try { data = await api(`/carers/${id}/hours`); } catch (err) { fail(err); return; }
    const hoursIn = h('input', { type: 'number', min: 0, max: 80, step: '0.5', required: true, 'aria-label': 'New contracted hours a week', class: 'narrow' });
    const fromIn = h('input', { type: 'date', required: true, value: nextMonday(), 'aria-label': 'From' });
    const noteIn = h('input', { type: 'text', maxlength: 255, placeholder: 'Why (optional)', 'aria-label': 'Reason for the change' });
    const form = h('form', { class: 'staff-toolbar', 'data-testid': 'hours-change-form' },
      h('label', {}, 'New hours a week ', hoursIn), h('label', {}, 'from ', fromIn), noteIn, h('button', { type: 'submit' }, 'Save change of hours'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const out = await api(`/carers/${id}/hours`, { method: 'POST', body: {
          version: record.carer().version, effective_from: fromIn.value, contracted_minutes: Math.round(Number(hoursIn.value) * 60), note: noteIn.value } });
        record.saved({ version: out.version, contracted_minutes: out.in_force.contracted_minutes });
        status.show(`Change of hours saved: ${hoursText(Math.round(Number(hoursIn.value) * 60))} a week from ${nice(fromIn.value)}.`);
        loadHours();
      } catch (err) { fail(err); }
    });
    const withdraw = async (change) => {
      try {
        const out = await api(`/carers/${id}/hours/${change.id}/withdraw`, { method: 'POST', body: { version: record.carer().version } });
        record.saved({ version: out.version });
        status.show(`Change from ${nice(change.effective_from)} withdrawn.`);
        loadHours();
      } catch (err) { fail(err); }
    };
    const line = (c) => `${hoursText(c.contracted_minutes)} a week ${c.effective_from ? `from ${nice(c.effective_from)}` : 'on starting'}${c.note && c.id ? ` (${c.note})` : ''}${c.recorded_by ? `, recorded by ${c.recorded_by}` : ''}`;
    render(hours, h('h2', {}, 'Contracted hours and changes of hours'),
      h('p', { 'data-testid': 'hours-in-force' }, h('strong', {}, `${hoursText(data.in_force.contracted_minutes)} a week now`),
        data.in_force.effective_from ? ` (since ${nice(data.in_force.effective_from)})` : ''),
      data.scheduled.length ? h('ul', { class: 'staff-list compact', 'data-testid': 'hours-scheduled' }, data.scheduled.map((c) => h('li', {},
        h('span', { class: 'badge due' }, 'scheduled'), ` ${line(c)} `,
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => withdraw(c) }, 'Withdraw')))) : null,
      data.history.length ? h('details', {}, h('summary', {}, `Earlier hours (${data.history.length})`),
        h('ul', { class: 'staff-list compact', 'data-testid': 'hours-history' }, data.history.map((c) => h('li', {}, line(c))))) : null,
      form);
  }

  async function loadRota() {
    let data;
    try { data = await api(`/carers/${id}/default-rota`); } catch (err) { fail(err); return; }
    // Edit from the latest week known (a scheduled change, else the one in force).
    const latest = data.scheduled[data.scheduled.length - 1] || data.in_force || { availability: [] };
    const spans = DAYS.map((_, d) => latest.availability.filter((a) => a.weekday === d).map((a) => ({ start: a.start, end: a.end })));
    const body = h('tbody');
    const draw = () => render(body, DAYS.map((day, d) => h('tr', { 'data-weekday': d },
      h('th', { scope: 'row' }, day),
      h('td', {}, spans[d].length ? spans[d].map((s, i) => h('span', { class: 'span-edit' },
        h('input', { type: 'time', value: s.start, 'aria-label': `${day} span ${i + 1} from`, oninput: (e) => { s.start = e.target.value; } }), '–',
        h('input', { type: 'time', value: s.end, 'aria-label': `${day} span ${i + 1} until`, oninput: (e) => { s.end = e.target.value; } }),
        h('button', { type: 'button', class: 'staff-secondary', 'aria-label': `Remove ${day} span ${i + 1}`, onclick: () => { spans[d].splice(i, 1); draw(); } }, '×')))
        : h('span', { class: 'muted' }, 'Not working')),
      h('td', {}, h('button', { type: 'button', class: 'staff-secondary', onclick: () => {
        const last = spans[d][spans[d].length - 1];
        spans[d].push(last ? { start: last.end < '16:00' ? '16:00' : last.end, end: '22:00' } : { start: '07:00', end: '14:00' });
        draw();
      } }, spans[d].length ? 'Add a split' : 'Add hours')))));
    draw();
    const fromIn = h('input', { type: 'date', required: true, min: data.today, value: nextMonday(), 'aria-label': 'Default rota from' });
    const save = async () => {
      const availability = spans.flatMap((list, weekday) => list.map((s) => ({ weekday, start: s.start, end: s.end })));
      try {
        const out = await api(`/carers/${id}/default-rota`, { method: 'POST', body: { version: record.carer().version, effective_from: fromIn.value, availability } });
        record.saved({ version: out.version, availability: out.in_force ? out.in_force.availability : [] });
        status.show(`Default rota saved from ${nice(fromIn.value)}.`);
        loadRota();
      } catch (err) { fail(err); }
    };
    const withdraw = async (v) => {
      try {
        const out = await api(`/carers/${id}/default-rota/withdraw`, { method: 'POST', body: { version: record.carer().version, effective_from: v.effective_from } });
        record.saved({ version: out.version });
        status.show(`Change of default rota from ${nice(v.effective_from)} withdrawn.`);
        loadRota();
      } catch (err) { fail(err); }
    };
    const summary = (v) => DAYS.map((day, d) => {
      const list = v.availability.filter((a) => a.weekday === d);
      return list.length ? `${day.slice(0, 3)} ${list.map((a) => `${a.start}–${a.end}`).join(' & ')}` : null;
    }).filter(Boolean).join(' · ') || 'not working';
    render(rota, h('h2', {}, 'Default rota (standing availability)'),
      h('p', { 'data-testid': 'rota-in-force' }, h('strong', {}, 'Now: '), data.in_force ? summary(data.in_force) : 'none recorded',
        data.in_force && data.in_force.effective_from ? ` (since ${nice(data.in_force.effective_from)})` : ''),
      data.scheduled.length ? h('ul', { class: 'staff-list compact', 'data-testid': 'rota-scheduled' }, data.scheduled.map((v) => h('li', {},
        h('span', { class: 'badge due' }, 'scheduled'), ` From ${nice(v.effective_from)}: ${summary(v)} `,
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => withdraw(v) }, 'Withdraw')))) : null,
      data.history.length ? h('details', {}, h('summary', {}, `Earlier default rotas (${data.history.length})`),
        h('ul', { class: 'staff-list compact' }, data.history.map((v) => h('li', {}, `${v.effective_from ? `From ${nice(v.effective_from)}` : 'On starting'}: ${summary(v)}`)))) : null,
      h('p', { class: 'muted small' }, 'The hours this carer can be given calls each week. A split shift is two spans on one day. The change applies from the date you choose; the weeks before keep the rota they had.'),
      h('table', { class: 'staff-table pattern-table' }, body),
      h('div', { class: 'actions staff-toolbar' }, h('label', {}, 'From ', fromIn), h('button', { type: 'button', onclick: save }, 'Save default rota')));
  }

  async function loadExceptions() {
    let data;
    try { data = await api(`/carers/${id}/availability-exceptions`); } catch (err) { fail(err); return; }
    const fromIn = h('input', { type: 'date', required: true, value: todayIso(), 'aria-label': 'Exception from' });
    const toIn = h('input', { type: 'date', 'aria-label': 'Exception until (leave empty for one day)' });
    const kind = h('select', { 'aria-label': 'Availability then' }, h('option', { value: 'off' }, 'Not available'), h('option', { value: 'other' }, 'Other hours'));
    const startIn = h('input', { type: 'time', value: '09:00', 'aria-label': 'Available from', disabled: true });
    const endIn = h('input', { type: 'time', value: '13:00', 'aria-label': 'Available until', disabled: true });
    kind.addEventListener('change', () => { startIn.disabled = endIn.disabled = kind.value !== 'other'; });
    const reason = h('input', { type: 'text', maxlength: 255, placeholder: 'Reason (optional)', 'aria-label': 'Reason' });
    const form = h('form', { class: 'staff-toolbar', 'data-testid': 'exception-form' },
      h('label', {}, 'From ', fromIn), h('label', {}, 'until ', toIn), kind, startIn, endIn, reason, h('button', { type: 'submit' }, 'Save exception'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const other = kind.value === 'other';
      try {
        const out = await api(`/carers/${id}/availability-exceptions`, { method: 'POST', body: {
          version: record.carer().version, date_from: fromIn.value, date_to: toIn.value || null, available: other,
          start: other ? startIn.value : null, end: other ? endIn.value : null, reason: reason.value } });
        record.saved({ version: out.version });
        status.show('Exception saved.');
        loadExceptions();
      } catch (err) { fail(err); }
    });
    const remove = async (x) => {
      try {
        const out = await api(`/carers/${id}/availability-exceptions/remove`, { method: 'POST', body: { version: record.carer().version, date_from: x.date_from, date_to: x.date_to } });
        record.saved({ version: out.version });
        status.show('Exception removed: the default rota applies again.');
        loadExceptions();
      } catch (err) { fail(err); }
    };
    const when = (x) => (x.date_from === x.date_to ? nice(x.date_from) : `${nice(x.date_from)} to ${nice(x.date_to)}`);
    render(exceptions, h('h2', {}, 'Exceptions to the default rota'),
      data.exceptions.length ? h('ul', { class: 'staff-list compact', 'data-testid': 'exception-list' }, data.exceptions.map((x) => h('li', {},
        `${when(x)}: ${x.available ? `available ${x.start}–${x.end} only` : 'not available'}${x.reason ? ` (${x.reason})` : ''} `,
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => remove(x) }, 'Remove')))) : h('p', { class: 'muted' }, 'None from today.'),
      form);
  }

  render(box, h('h2', { class: 'section-title' }, 'Staff default rota, including change of hours'), status, hours, rota, exceptions);
  loadHours();
  loadRota();
  loadExceptions();
  return box;
}

function nextMonday() {
  const d = new Date();
  d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
