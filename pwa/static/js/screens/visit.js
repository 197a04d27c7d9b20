// A call: what to know at the door (alerts, access notes, key safe code on the day), the tasks
// from the care plan, notes from earlier calls; and what to record: check in, tasks done or not
// (with a reason), notes, check out. Every record goes through the outbox, so it works offline.

import { api, ApiError, OfflineError } from '../api.js';
import { enqueue, entries, entriesForVisit } from '../outbox.js';
import { addDays, dayLabel, errorBox, field, h, mapsLink, render, statusBadge, todayIso } from '../ui.js';
import { lengthWarning, rejectionAdvice, rejectionText } from './sync_words.js';
import { doseSection, dosesState, unansweredDoses } from './doses.js';

const NIGHTS = { sleep_in: 'Sleep-in', waking_night: 'Waking night' };
const toMinutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const endsAfterMidnight = (d) => toMinutes(d.window_end) + d.duration_minutes > 24 * 60;
function untilClock(d) {
  const end = (toMinutes(d.planned_start || d.window_start) + d.duration_minutes) % (24 * 60);
  return `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
}

const REASONS = ['Declined by client', 'Medication declined', 'Not needed today', 'Client not at home',
  'Not enough time', 'Other'];

async function position() {
  if (!('geolocation' in navigator)) return {};
  try {
    const pos = await Promise.race([
      new Promise((resolve, reject) => navigator.geolocation.getCurrentPosition(resolve, reject,
        { timeout: 5000, maximumAge: 60000 })),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 6000)),
    ]);
    return { lat: Number(pos.coords.latitude.toFixed(6)), lon: Number(pos.coords.longitude.toFixed(6)) };
  } catch {
    return {}; // the carer said no, or no fix: check in without a location
  }
}

function state(detail, local) {
  const live = local.filter((e) => e.status === 'pending' || e.status === 'synced');
  const tasks = new Map(detail.recorded.tasks.map((t) => [t.task, { done: t.done, reason: t.reason, waiting: false }]));
  for (const e of live.filter((x) => x.kind === 'task')) {
    tasks.set(e.body.task, { done: e.body.done, reason: e.body.reason || '', waiting: e.status === 'pending' });
  }
  const checkIn = live.find((e) => e.kind === 'check_in');
  const checkOut = live.find((e) => e.kind === 'check_out');
  return {
    checkedIn: Boolean(detail.recorded.checked_in_at || checkIn),
    checkInWaiting: Boolean(checkIn && checkIn.status === 'pending'),
    checkedOut: Boolean(checkOut || detail.status === 'done'),
    checkOutWaiting: Boolean(checkOut && checkOut.status === 'pending'),
    tasks,
    notes: [...detail.recorded.notes, ...live.filter((e) => e.kind === 'note' && e.status === 'pending').map((e) => e.body.note)],
    conflicts: local.filter((e) => e.status === 'conflict'),
    checkInAt: detail.recorded.checked_in_at || (checkIn && checkIn.body.device_time) || null,
    checkOutAt: detail.recorded.checked_out_at || (checkOut && checkOut.body.device_time) || null,
  };
}

function taskRow(task, recorded, onRecord, openReasons) {
  const reason = h('select', { name: 'reason' }, REASONS.map((r) => h('option', { value: r }, r)));
  const other = h('input', { name: 'other', placeholder: 'What happened?' });
  // Which reason boxes are open survives a redraw (another record may land while one is open).
  const reasonBox = h('div', { hidden: !openReasons.has(task.name) },
    field(`Why was “${task.name}” not done?`, reason),
    field('More detail (optional)', other),
    h('button', {
      type: 'button', class: 'wide',
      onclick: () => { openReasons.delete(task.name); onRecord(task.name, false, [reason.value, other.value.trim()].filter(Boolean).join(': ')); },
    }, 'Save reason'));
  const done = recorded && recorded.done === true;
  const notDone = recorded && recorded.done === false;
  return h('li', { class: 'task', dataset: { task: task.name } },
    h('div', { class: 'row spread' }, h('strong', {}, task.name),
      recorded ? h('span', { class: `badge ${done ? 'done' : 'missed'}` },
        (done ? 'Done' : `Not done: ${recorded.reason}`) + (recorded.waiting ? ' (waiting to sync)' : '')) : null),
    task.details ? h('p', { class: 'muted small' }, task.details) : null,
    h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(done),
        'aria-label': `${task.name}: done`, onclick: () => { openReasons.delete(task.name); onRecord(task.name, true, ''); } }, 'Done'),
      h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(notDone),
        'aria-label': `${task.name}: not done`, onclick: () => { openReasons.add(task.name); reasonBox.hidden = false; reason.focus(); } }, 'Not done')),
    reasonBox);
}

export async function show(root, { visitId }) {
  render(root, h('p', { class: 'muted' }, 'Loading the call…'));
  let detail;
  try {
    detail = await api(`/visits/${visitId}`);
  } catch (err) {
    const text = err instanceof OfflineError ? 'Offline, and this call was not saved on the phone.'
      : err instanceof ApiError && err.status === 403 ? 'This call is not assigned to you (it may have been given to another carer).'
        : err.message;
    render(root, h('h1', {}, 'Call'), errorBox(text), h('a', { class: 'button secondary', href: '#/' }, 'Back to today'));
    return;
  }
  const live = h('div', { 'aria-live': 'polite', class: 'sr-status' });
  const openReasons = new Set();

  async function record(kind, path, body, label) {
    await enqueue({ kind, path: `/visits/${visitId}/${path}`, visitId, label: `${label} — ${detail.client_name}`,
      body: { device_time: new Date().toISOString(), ...body } });
    await draw();
  }

  async function draw() {
    const local = await entriesForVisit(visitId);
    const s = state(detail, local);
    const medication = dosesState(detail.medication || [], local);
    const waitingDoses = unansweredDoses(medication);
    const rejected = (await entries()).filter((e) => e.visit_id === visitId && e.status === 'rejected');
    // The server takes a check-in or check-out only on the call's own date, or the morning after
    // for a check-out (a call runs on past midnight) and for a check-in to a night.
    const morningAfter = addDays(detail.date, 1) === todayIso();
    const night = NIGHTS[detail.call_type];
    const notToday = detail.date !== todayIso() && !(morningAfter && (night || endsAfterMidnight(detail)));
    const notTodayOut = detail.date !== todayIso() && !morningAfter;
    const woken = detail.call_type === 'sleep_in' ? h('input', { type: 'number', min: 0, max: 720, step: 5, value: 0, id: 'woken-minutes', class: 'narrow' }) : null;
    const length = lengthWarning(s.checkInAt, s.checkOutAt, detail.duration_minutes);
    const taskList = h('ul', { class: 'list', id: 'tasks' }, detail.tasks.map((t) => taskRow(t, s.tasks.get(t.name),
      (name, done, reason) => record('task', 'tasks', { task: name, done, reason },
        done ? `Task done: ${name}` : `Task not done: ${name}`), openReasons)));
    const note = h('textarea', { name: 'note', maxlength: 4000 });
    const noteForm = h('form', {}, field('Add a note for this call', note),
      h('button', { type: 'submit', class: 'wide' }, 'Save note'));
    noteForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (note.value.trim()) record('note', 'notes', { note: note.value.trim() }, 'Note');
    });
    const checkIn = h('button', { type: 'button', class: 'wide', id: 'check-in', disabled: s.checkedIn || notToday,
      onclick: async () => { checkIn.disabled = true; record('check_in', 'check-in', await position(), 'Check in'); } },
    s.checkedIn ? `Checked in${s.checkInWaiting ? ' (waiting to sync)' : ''}` : 'Check in');
    const checkOut = h('button', { type: 'button', class: 'wide', id: 'check-out', disabled: !s.checkedIn || s.checkedOut || notTodayOut || waitingDoses.length > 0,
      onclick: async () => {
        checkOut.disabled = true;
        const extra = woken ? { woken_minutes: Math.max(0, Math.min(720, Number(woken.value) || 0)) } : {};
        record('check_out', 'check-out', { ...(await position()), ...extra }, 'Check out');
      } },
    s.checkedOut ? `Checked out${s.checkOutWaiting ? ' (waiting to sync)' : ''}` : 'Check out');

    render(root,
      h('h1', {}, detail.client_name),
      night ? h('p', { class: 'badge night', 'data-testid': 'night-kind' }, `${night} until ${untilClock(detail)} next morning`) : null,
      h('p', { class: 'row' }, h('strong', {}, `${dayLabel(detail.date)} ${detail.planned_start || detail.window_start}`),
        statusBadge(s.checkedOut ? 'done' : s.checkedIn && detail.status === 'planned' ? 'in_progress' : detail.status,
          s.checkInWaiting || s.checkOutWaiting)),
      h('p', {}, `${detail.address}, ${detail.town} ${detail.postcode}`),
      h('div', { class: 'row' }, mapsLink(detail.lat, detail.lon, 'Open in maps'),
        detail.phone ? h('a', { class: 'button secondary', href: `tel:${detail.phone}` }, `Call ${detail.phone}`) : null),
      detail.fromCache ? h('p', { class: 'muted small' }, 'Offline: showing the copy saved on this phone.') : null,
      s.conflicts.map((c) => h('div', { class: 'error', role: 'alert' }, h('strong', {}, 'Not accepted by the office: '),
        c.error, ' ', h('a', { href: '#/outbox' }, 'What to do'))),
      rejected.map((e) => h('div', { class: 'error', role: 'alert' }, h('strong', {}, `${e.label}: `),
        rejectionText(e), ' ', rejectionAdvice(e), ' ', h('a', { href: '#/outbox' }, 'See it'))),
      detail.alerts ? h('p', { class: 'alert' }, `⚠ ${detail.alerts}`) : null,
      detail.carers_required > 1 ? h('p', {}, h('span', { class: 'badge two' }, '2 carers'), ' ',
        detail.co_carers.length ? `with ${detail.co_carers.map((c) => c.name).join(', ')}` : 'second carer not yet named') : null,
      h('section', { class: 'card', 'aria-labelledby': 'access-h' },
        h('h2', { id: 'access-h' }, 'Getting in'),
        h('p', {}, detail.access_notes || 'No access notes.'),
        // A copy saved yesterday must not show yesterday's code today (the server already
        // withholds it on other days; this covers the offline copy).
        detail.key_safe_code && detail.date === todayIso()
          ? h('p', {}, 'Key safe code: ', h('span', { class: 'code', id: 'key-safe' }, detail.key_safe_code))
          : h('p', { class: 'muted' }, detail.key_safe_note || 'The key safe code is shown on the day of the call only.')),
      notToday && !s.checkedIn ? h('p', { class: 'muted', id: 'not-today' },
        `This call is on ${dayLabel(detail.date)}. You can check in and out only on the day of the call. `
        + "If that is today, check the date on your phone.") : null,
      checkIn,
      h('section', { class: 'card', 'aria-labelledby': 'tasks-h' },
        h('h2', { id: 'tasks-h' }, 'Tasks'),
        detail.care_plan_summary ? h('p', { class: 'muted small' }, detail.care_plan_summary) : null,
        detail.tasks.length ? taskList : h('p', {}, 'No tasks listed in the care plan.')),
      medication.length ? doseSection(medication, (body, label) => record('dose', 'doses', body, label), s.checkedOut) : null,
      h('section', { class: 'card', 'aria-labelledby': 'notes-h' },
        h('h2', { id: 'notes-h' }, 'Notes'),
        s.notes.length ? h('ul', {}, s.notes.map((n) => h('li', {}, n))) : null,
        noteForm),
      woken && !s.checkedOut ? field('Minutes woken up and working in the night (0 if none)', woken) : null,
      checkOut,
      waitingDoses.length && !s.checkedOut ? h('p', { class: 'muted', id: 'doses-first' },
        `Record each medicine before checking out: ${waitingDoses.join(', ')}.`) : null,
      length ? h('p', { class: 'alert', id: 'call-length' }, length) : null,
      h('a', { class: 'button secondary wide', href: `#/incident/${visitId}` }, 'Report an incident'),
      h('section', { class: 'card', 'aria-labelledby': 'prev-h' },
        h('h2', { id: 'prev-h' }, 'Notes from earlier calls'),
        detail.previous_notes.length ? h('ul', {}, detail.previous_notes.map((n) => h('li', {},
          h('strong', {}, `${dayLabel(n.date)}, ${n.carer_name}: `), n.note))) : h('p', { class: 'muted' }, 'None yet.')),
      live);
  }
  await draw();
}
