// The day board: carers as rows, calls as blocks on a timeline with the travel before each,
// unallocated calls with the reason, and a run's route on the map. Moves are checked first
// (warnings shown) and only applied when the planner confirms.

import {
  addDays, api, dateInput, dayLabel, describe, field, h, hhmm, minutes, notice, openDialog, render, todayIso,
} from './util.js';
import { findCoverControl, optimiseControls } from './optimiser.js';
import { showRoute } from './map.js';
import { callsFromDefaultsControl } from './rolling.js';
import { whoCanTakeDialog } from './whocan.js';

const DAY_START = 6 * 60;
const DAY_END = 23 * 60;
const SPAN = DAY_END - DAY_START;
const pct = (m) => `${((Math.min(Math.max(m, DAY_START), DAY_END) - DAY_START) / SPAN) * 100}%`;
const width = (from, to) => `${((Math.min(to, DAY_END) - Math.max(from, DAY_START)) / SPAN) * 100}%`;

export async function show(root, { arg }) {
  let date = /^\d{4}-\d{2}-\d{2}$/.test(arg) ? arg : todayIso();
  let board = null;
  const status = notice();
  const grid = h('div', { class: 'board', 'data-testid': 'day-board' });
  const loose = h('section', { class: 'unallocated', 'aria-labelledby': 'unalloc-h' });
  const mapBox = h('section', { class: 'map-box', 'aria-label': 'Route map' },
    h('p', { class: 'muted small' }, 'Choose "Route" on a carer to see their run on the map.'));

  const toolbar = h('div', { class: 'staff-toolbar' });
  const reload = async () => {
    try {
      board = await api(`/planner/day?date=${date}`);
      draw();
    } catch (err) {
      status.show(describe(err), 'bad');
    }
  };
  function drawToolbar() {
    render(toolbar,
      h('button', { type: 'button', class: 'staff-secondary', onclick: () => go(addDays(date, -1)), 'aria-label': 'Previous day' }, '◀'),
      dateInput(date, 'Board date', go),
      h('button', { type: 'button', class: 'staff-secondary', onclick: () => go(addDays(date, 1)), 'aria-label': 'Next day' }, '▶'),
      h('strong', { class: 'board-date' }, dayLabel(date)),
      callsFromDefaultsControl({ date, reload }),
      h('button', { type: 'button', onclick: addCall }, 'Add a call'),
      optimiseControls({ date, reload }),
      findCoverControl({ date, reload }),
    );
  }
  function go(next) {
    if (!next) return;
    date = next;
    history.replaceState(null, '', `#/staff/day/${date}`);
    drawToolbar();
    reload();
  }

  function draw() {
    const hours = [];
    for (let m = DAY_START; m < DAY_END; m += 60) hours.push(h('span', { style: `left:${pct(m)}` }, hhmm(m).slice(0, 2)));
    const rows = board.carers.map((c) => {
      const track = h('div', { class: 'track' });
      for (const s of c.shifts) {
        track.append(h('div', { class: 'shift', style: `left:${pct(minutes(s.start))};width:${width(minutes(s.start), minutes(s.end))}` }));
      }
      c.calls.forEach((call, i) => {
        const start = minutes(call.planned_start);
        const gap = c.gaps[i];
        if (gap && gap.travel_minutes > 0) {
          const tight = gap.free_minutes !== null && gap.free_minutes < gap.travel_minutes;
          track.append(h('div', {
            class: `travel${tight ? ' tight' : ''}`, title: `${gap.travel_minutes} min travel${tight ? ' (too tight)' : ''}`,
            style: `left:${pct(start - gap.travel_minutes)};width:${width(start - gap.travel_minutes, start)}`,
          }));
        }
        track.append(h('button', {
          type: 'button', class: `call-block${call.locked ? ' locked' : ''}${call.carers_required > 1 ? ' double' : ''}${call.differs_from_published ? ' unpublished' : ''}`,
          style: `left:${pct(start)};width:${width(start, start + call.duration_minutes)}`,
          'data-testid': 'call-block', 'data-visit-id': call.visit_id,
          'aria-label': `${call.planned_start} ${call.client_name}, ${call.duration_minutes} minutes${call.locked ? ', pinned' : ''}${call.differs_from_published ? ', not published yet: the carer sees otherwise' : ''}`,
          title: call.differs_from_published ? 'Not published yet: the carer\'s phone shows otherwise' : null,
          onclick: () => callPanel(call, c),
        }, `${call.locked ? '📌 ' : ''}${call.planned_start} ${call.client_name}`));
      });
      return h('div', { class: `board-row${c.absent ? ' absent' : ''}`, 'data-carer-id': c.id },
        h('div', { class: 'who' },
          h('strong', {}, c.name),
          h('span', { class: 'muted small' }, c.absent ? 'Off (leave or sick)' : `${c.calls.length} calls`),
          h('button', { type: 'button', class: 'staff-link', onclick: () => showRoute(mapBox, `${c.name}: ${dayLabel(date)}`, c.calls, { lat: c.home_lat, lon: c.home_lon }) }, 'Route')),
        track);
    });
    render(grid,
      h('div', { class: 'board-row board-head', 'aria-hidden': 'true' }, h('div', { class: 'who' }), h('div', { class: 'track hours' }, hours)),
      rows.length ? rows : h('p', { class: 'muted' }, 'Nobody is working this day.'));
    render(loose,
      h('h2', { id: 'unalloc-h' }, `Unallocated calls (${board.unallocated.length})`),
      board.unallocated.length ? h('ul', { class: 'staff-list', 'data-testid': 'unallocated' }, board.unallocated.map((v) => h('li', { 'data-visit-id': v.id },
        h('span', {}, h('strong', {}, `${v.window_start}–${v.window_end} ${v.client_name}`), ` ${v.town}, ${v.duration_minutes} min`,
          v.carers_required > 1 ? ` · ${v.assignments.length}/${v.carers_required} carers` : '',
          v.required_skills.length ? ` · needs ${v.required_skills.join(', ')}` : ''),
        h('span', { class: 'reason' }, v.reason),
        v.differs_from_published ? h('span', { class: 'unpublished-tag' }, 'Not published yet') : null,
        h('span', { class: 'actions' },
          h('button', { type: 'button', 'data-testid': 'who-can-take-open', onclick: () => whoCanTakeDialog(v.id, (text) => { status.show(text); reload(); }) }, 'Who can take this?'),
          h('button', { type: 'button', class: 'staff-secondary', onclick: () => moveDialog(v.id, v.version, null, v.window_start) }, 'Assign…'),
          h('button', { type: 'button', class: 'staff-secondary', onclick: () => cancelDialog(v.id, v.version, v.client_name) }, 'Cancel call')),
      ))) : h('p', { class: 'muted' }, 'Every call has its carers.'));
  }

  function callPanel(call, carer) {
    const dialog = openDialog(`${call.planned_start} ${call.client_name}`,
      h('p', {}, `${call.address}, ${call.town} · window ${call.window_start}–${call.window_end} · ${call.duration_minutes} min`),
      call.required_skills.length ? h('p', {}, `Needs: ${call.required_skills.join(', ')}`) : null,
      call.co_carer_ids.length ? h('p', {}, 'Double-up with another carer') : null,
      h('p', {}, `Carer: ${carer.name}${call.locked ? ' (pinned)' : ''}`),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => { dialog.close(); moveDialog(call.visit_id, call.visit_version, carer.id, call.planned_start); } }, 'Move…'),
        h('button', { type: 'button', onclick: () => { dialog.close(); pin(call.visit_id, call.visit_version, !call.locked); } }, call.locked ? 'Unpin' : 'Pin'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => { dialog.close(); cancelDialog(call.visit_id, call.visit_version, call.client_name); } }, 'Cancel call'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Close')));
  }

  async function pin(visitId, version, locked) {
    try {
      await api(`/calls/${visitId}/pin`, { method: 'POST', body: { version, locked } });
      status.show(locked ? 'Call pinned: the optimiser will leave it.' : 'Call unpinned.');
    } catch (err) { status.show(describe(err), 'bad'); }
    reload();
  }

  function moveDialog(visitId, version, fromCarerId, start) {
    const carerSelect = h('select', {}, h('option', { value: '' }, fromCarerId ? '(keep the same carer)' : 'Choose a carer'),
      board.carers.filter((c) => c.id !== fromCarerId).map((c) => h('option', { value: c.id }, c.name + (c.absent ? ' (off)' : ''))));
    const timeInput = h('input', { type: 'time', value: start, required: true });
    const warnings = h('div', { class: 'warnings', 'aria-live': 'polite', 'data-testid': 'move-warnings' });
    const confirm = h('button', { type: 'button', disabled: true }, 'Confirm move');
    const body = () => ({
      version, start: timeInput.value || null, from_carer_id: fromCarerId,
      to_carer_id: carerSelect.value ? Number(carerSelect.value) : null,
    });
    const check = async () => {
      confirm.disabled = true;
      try {
        const preview = await api(`/calls/${visitId}/move/preview`, { method: 'POST', body: body() });
        render(warnings, preview.warnings.length
          ? h('ul', { class: 'warning-list' }, preview.warnings.map((w) => h('li', { 'data-code': w.code }, w.message)))
          : h('p', { class: 'ok' }, 'No warnings: this move breaks no rule.'));
        confirm.textContent = preview.warnings.length ? `Move anyway (${preview.warnings.length} warnings)` : 'Confirm move';
        confirm.disabled = false;
      } catch (err) { render(warnings, h('p', { class: 'bad', role: 'alert' }, describe(err))); }
    };
    carerSelect.addEventListener('change', check);
    timeInput.addEventListener('change', check);
    confirm.addEventListener('click', async () => {
      try {
        await api(`/calls/${visitId}/move`, { method: 'POST', body: body() });
        dialog.close();
        status.show('Call moved.');
        reload();
      } catch (err) { render(warnings, h('p', { class: 'bad', role: 'alert' }, describe(err))); }
    });
    const dialog = openDialog(fromCarerId ? 'Move call' : 'Assign call',
      field('Carer', carerSelect), field('Start', timeInput), warnings,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'staff-secondary', onclick: check }, 'Check'), confirm,
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Close')));
    if (fromCarerId) check();
  }

  function cancelDialog(visitId, version, name) {
    const reason = h('input', { type: 'text', maxlength: 255 });
    const out = h('p', { role: 'alert' });
    const dialog = openDialog(`Cancel ${name}'s call?`, field('Reason', reason),
      out,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: async () => {
          try {
            await api(`/calls/${visitId}/cancel`, { method: 'POST', body: { version, reason: reason.value } });
            dialog.close(); status.show('Call cancelled.'); reload();
          } catch (err) { out.textContent = describe(err); }
        } }, 'Cancel the call'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Keep it')));
  }

  async function addCall() {
    let clients = [];
    try { clients = (await api('/clients?limit=500&status=active')).items; } catch (err) { status.show(describe(err), 'bad'); return; }
    const client = h('select', { required: true }, clients.map((c) => h('option', { value: c.id }, `${c.name} (${c.town})`)));
    const start = h('input', { type: 'time', value: '09:00', required: true });
    const duration = h('input', { type: 'number', min: 5, max: 720, value: 30, required: true });
    const carers = h('input', { type: 'number', min: 1, max: 4, value: 1 });
    const out = h('p', { role: 'alert' });
    const dialog = openDialog(`Add a one-off call on ${dayLabel(date)}`,
      field('Client', client), field('Start', start), field('Minutes', duration), field('Carers needed', carers), out,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: async () => {
          try {
            await api('/calls', { method: 'POST', body: { client_id: Number(client.value), date, start: start.value,
              duration_minutes: Number(duration.value), carers_required: Number(carers.value) } });
            dialog.close(); status.show('Call added: it waits in the unallocated list.'); reload();
          } catch (err) { out.textContent = describe(err); }
        } }, 'Add call'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Close')));
  }

  render(root, h('h1', {}, 'Day board'), toolbar, status,
    h('div', { class: 'board-layout' }, h('div', { class: 'board-main' }, grid, loose), mapBox));
  drawToolbar();
  await reload();
  return null;
}
