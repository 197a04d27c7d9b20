// The day board: the day's totals, carers as rows, calls as blocks on a timeline (client and
// time on each, initials when a block is narrow) with the travel before each, a legend, a zoom
// (hours shown) and a compact mode, unallocated calls with the reason (asked for once the
// board is drawn), and a run's route on the map beside the board. Moves, by the Move dialog or
// by dragging a block to another carer or time, are checked first (warnings shown) and only
// applied when the planner confirms.

import {
  addDays, api, dateInput, dayLabel, describe, field, h, hhmm, minutes, notice, openDialog, render, todayIso,
} from './util.js';
import { findCoverControl, jobBanner, optimiseControls } from './optimiser.js';
import { showRoute } from './map.js';
import { callsFromDefaultsControl } from './rolling.js';
import { whoCanTakeDialog } from './whocan.js';
import { enableDrag } from './board_drag.js';
import { spotCheckNote } from './spot_check_note.js';

const DAY_START = 6 * 60;
const DAY_END = 23 * 60;
const NIGHTS = { sleep_in: 'Sleep-in', waking_night: 'Waking night' };
const SPAN = DAY_END - DAY_START;
const pct = (m) => `${((Math.min(Math.max(m, DAY_START), DAY_END) - DAY_START) / SPAN) * 100}%`;
const width = (from, to) => `${((Math.min(to, DAY_END) - Math.max(from, DAY_START)) / SPAN) * 100}%`;
const ZOOMS = [17, 12, 8, 4]; // hours visible across the board
const NARROW_PX = 70; // a block narrower than this shows the client's initials
const initials = (name) => name.split(/\s+/).filter(Boolean).map((w) => w[0].toUpperCase()).join('');
const prefs = { get: (k, d) => localStorage.getItem(`board.${k}`) ?? d, set: (k, v) => localStorage.setItem(`board.${k}`, v) };

function legend() {
  const item = (cls, text) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  return h('ul', { class: 'board-legend', 'data-testid': 'board-legend', 'aria-label': 'Legend' },
    item('sw-call', 'Call'), item('sw-double', 'Double-up'), item('sw-travel', 'Travel'),
    item('sw-tight', 'Travel too tight'), item('sw-shift', 'Shift'), item('sw-pinned', 'Pinned'),
    item('sw-late', 'Late'), item('sw-differs', 'Differs from published'));
}

export async function show(root, { arg, onLeave }) {
  let date = /^\d{4}-\d{2}-\d{2}$/.test(arg) ? arg : todayIso();
  let board = null;
  let zoom = Number(prefs.get('zoom', '8'));
  let compact = prefs.get('compact', '0') === '1';
  let scrolled = false;
  const status = notice();
  const totals = h('dl', { class: 'day-totals', 'data-testid': 'day-totals', 'aria-label': 'Day totals' });
  const grid = h('div', { class: 'board', 'data-testid': 'day-board' });
  const loose = h('section', { class: 'unallocated', 'aria-labelledby': 'unalloc-h' });
  const mapBox = h('section', { class: 'map-box', 'aria-label': 'Route map' },
    h('p', { class: 'muted small' }, 'Choose "Route" on a carer to see their run on the map.'));

  const toolbar = h('div', { class: 'staff-toolbar' });
  const view = h('div', { class: 'staff-toolbar board-view' });
  const banner = jobBanner({ reload: () => reload() });
  onLeave(banner.stop);
  const reload = async () => {
    try {
      board = await api(`/planner/day?date=${date}`);
      draw();
      explainUnallocated(board.date);
    } catch (err) {
      status.show(describe(err), 'bad');
    }
  };
  // The reasons take a reading of the whole day (the solver's explainer): asked for after the
  // board is on screen, so the board itself loads fast.
  async function explainUnallocated(day) {
    if (!board.unallocated.length) return;
    try {
      const reasons = new Map((await api(`/calls/uncovered?date=${day}`)).map((c) => [c.id, c.reason]));
      if (board.date !== day) return;
      for (const li of loose.querySelectorAll('li[data-visit-id]')) {
        const reason = li.querySelector('.reason');
        reason.textContent = reasons.get(Number(li.dataset.visitId)) || 'already covered: reload the board';
        reason.removeAttribute('aria-busy');
      }
    } catch (err) { status.show(describe(err), 'bad'); }
  }
  function drawView() {
    const zoomSelect = h('select', { 'aria-label': 'Hours shown', 'data-testid': 'board-zoom' },
      ZOOMS.map((n) => h('option', { value: n, selected: n === zoom }, n === 17 ? 'Whole day (06–23)' : `${n} hours`)));
    zoomSelect.addEventListener('change', () => { zoom = Number(zoomSelect.value); prefs.set('zoom', zoom); applyZoom(); draw(); });
    const compactToggle = h('button', {
      type: 'button', class: 'staff-secondary', 'aria-pressed': String(compact), 'data-testid': 'board-compact',
      onclick: () => { compact = !compact; prefs.set('compact', compact ? '1' : '0'); drawView(); draw(); },
    }, 'Compact');
    render(view, h('label', { class: 'inline' }, 'Hours shown ', zoomSelect), compactToggle, legend());
  }
  function trackWidthPx() {
    const row = grid.querySelector('.board-row .track');
    return row ? row.getBoundingClientRect().width : 0;
  }
  function applyZoom() {
    // The visible part of the timeline (the board minus the names column) shows `zoom` hours.
    const visible = Math.max(300, grid.clientWidth - 150);
    grid.style.setProperty('--hour-px', `${Math.floor(visible / zoom)}px`);
    grid.classList.toggle('compact', compact);
  }
  function timeAt(track, clientX) {
    const box = track.getBoundingClientRect();
    return DAY_START + ((clientX - box.left) / box.width) * SPAN;
  }
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

  function drawTotals() {
    const t = board.totals;
    const item = (label, value, key, bad) => h('div', { class: `total${bad ? ' bad' : ''}`, 'data-total': key },
      h('dt', {}, label), h('dd', {}, value));
    render(totals,
      item('Calls', t.calls, 'calls'),
      item('Care hours', t.care_hours.toLocaleString('en-GB'), 'care_hours'),
      item('Travel hours', t.travel_hours.toLocaleString('en-GB'), 'travel_hours'),
      item('Unallocated', t.unallocated, 'unallocated', t.unallocated > 0));
  }

  function block(call, carer) {
    const start = minutes(call.planned_start);
    const px = (call.duration_minutes / 60) * (parseFloat(grid.style.getPropertyValue('--hour-px')) || 80);
    const name = compact || px < NARROW_PX ? initials(call.client_name) : call.client_name;
    const double = (call.carers_required || 1) > 1;
    const night = NIGHTS[call.call_type];
    const runsOn = start + call.duration_minutes > DAY_END;  // off the board's right edge: say until when
    const until = hhmm((start + call.duration_minutes) % (24 * 60));
    const flags = [night && `${night.toLowerCase()} until ${until}`, call.locked && 'pinned', double && 'double-up', call.late && 'late',
      call.differs_from_published && 'not published yet: the carer sees otherwise'].filter(Boolean);
    return h('button', {
      type: 'button',
      class: `call-block${call.locked ? ' locked' : ''}${double ? ' double' : ''}${call.late ? ' late' : ''}${call.differs_from_published ? ' unpublished' : ''}${night ? ' night' : ''}${runsOn ? ' runs-on' : ''}`,
      style: `left:${pct(start)};width:${width(start, start + call.duration_minutes)}`,
      'data-testid': 'call-block', 'data-visit-id': call.visit_id,
      title: `${call.planned_start} ${call.client_name}, ${call.duration_minutes} min${flags.length ? ` (${flags.join(', ')})` : ''}`,
      'aria-label': `${call.planned_start} ${call.client_name}, ${call.duration_minutes} minutes${flags.length ? `, ${flags.join(', ')}` : ''}`,
      onclick: () => callPanel(call, carer),
    }, h('span', { class: 'call-time' }, call.planned_start), compact ? ' ' : null, h('span', { class: 'call-name' }, name),
    night ? h('span', { class: 'call-kind' }, ` ${night} → ${until}`) : runsOn ? h('span', { class: 'call-kind' }, ` → ${until}`) : null);
  }

  function draw() {
    applyZoom();
    drawTotals();
    const hours = [];
    for (let m = DAY_START; m < DAY_END; m += 60) hours.push(h('span', { style: `left:${pct(m)}` }, hhmm(m).slice(0, 2)));
    const rows = board.carers.map((c) => {
      const track = h('div', { class: 'track' });
      for (const s of c.shifts) {
        track.append(h('div', { class: 'shift', style: `left:${pct(minutes(s.start))};width:${width(minutes(s.start), minutes(s.end))}` }));
      }
      c.calls.forEach((call) => {
        const start = minutes(call.planned_start);
        const trip = call.travel_minutes || 0;
        if (trip > 0) {
          const free = call.free_minutes ?? null;
          const tight = free !== null && free < trip;
          track.append(h('div', {
            class: `travel${tight ? ' tight' : ''}`, title: `${trip} min travel${tight ? ' (too tight)' : ''}`,
            style: `left:${pct(start - trip)};width:${width(start - trip, start)}`,
          }));
        }
        track.append(block(call, c));
      });
      return h('div', { class: `board-row${c.absent ? ' absent' : ''}`, 'data-carer-id': c.id },
        h('div', { class: 'who' },
          h('strong', {}, c.name),
          compact ? null : h('span', { class: 'muted small' }, c.absent ? 'Off (leave or sick)' : `${c.calls.length} calls`),
          h('button', { type: 'button', class: 'staff-link', 'aria-label': `Route of ${c.name}`, onclick: () => showRoute(mapBox, `${c.name}: ${dayLabel(date)}`, c.calls, { lat: c.home_lat, lon: c.home_lon }) }, 'Route')),
        track);
    });
    render(grid,
      h('div', { class: 'board-row board-head', 'aria-hidden': 'true' }, h('div', { class: 'who' }), h('div', { class: 'track hours' }, hours)),
      rows.length ? rows : h('p', { class: 'muted' }, 'Nobody is working this day.'));
    // At a close zoom, open on the morning (07:00) the first time; the planner scrolls along the day.
    if (!scrolled && zoom < 17) { grid.scrollLeft = (60 / SPAN) * trackWidthPx(); scrolled = true; }
    render(loose,
      h('h2', { id: 'unalloc-h' }, `Unallocated calls (${board.unallocated.length})`),
      board.unallocated.length ? h('ul', { class: 'staff-list', 'data-testid': 'unallocated' }, board.unallocated.map((v) => h('li', { 'data-visit-id': v.id },
        h('span', {}, h('strong', {}, `${v.window_start}–${v.window_end} ${v.client_name}`), ` ${v.town}, ${v.duration_minutes} min`,
          v.carers_required > 1 ? ` · ${v.assignments.length}/${v.carers_required} carers` : '',
          v.required_skills.length ? ` · needs ${v.required_skills.join(', ')}` : ''),
        h('span', { class: 'reason', 'aria-busy': 'true' }, v.reason || 'Working out why…'),
        v.differs_from_published ? h('span', { class: 'unpublished-tag' }, 'Not published yet') : null,
        h('span', { class: 'actions' },
          h('button', { type: 'button', 'data-testid': 'who-can-take-open', onclick: () => whoCanTakeDialog(v.id, (text) => { status.show(text); reload(); }) }, 'Who can take this?'),
          h('button', { type: 'button', class: 'staff-secondary', onclick: () => moveDialog(v.id, v.version, null, v.assignments.length ? '' : v.window_start) }, 'Assign…'),
          h('button', { type: 'button', class: 'staff-secondary', onclick: () => cancelDialog(v.id, v.version, v.client_name) }, 'Cancel call')),
      ))) : h('p', { class: 'muted' }, 'Every call has its carers.'));
  }

  enableDrag(grid, {
    timeAt,
    onDrop: ({ visitId, fromCarerId, toCarerId, start }) => {
      const carer = board.carers.find((c) => c.id === fromCarerId);
      const call = carer && carer.calls.find((x) => x.visit_id === visitId);
      if (!call) return;
      moveDialog(visitId, call.visit_version, fromCarerId, hhmm(start), toCarerId === fromCarerId ? null : toCarerId);
    },
  });

  function callPanel(call, carer) {
    // The board leaves out empty lists (lean call blocks): no skills, no co-carer.
    const skills = call.required_skills || [];
    const coCarers = call.co_carer_ids || [];
    const dialog = openDialog(`${call.planned_start} ${call.client_name}`,
      h('p', {}, `${call.address}, ${call.town} · window ${call.window_start}–${call.window_end} · ${call.duration_minutes} min`),
      skills.length ? h('p', {}, `Needs: ${skills.join(', ')}`) : null,
      coCarers.length ? h('p', {}, 'Double-up with another carer') : null,
      h('p', {}, `Carer: ${carer.name}${call.locked ? ' (pinned)' : ''}`),
      spotCheckNote(call.visit_id),
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

  function moveDialog(visitId, version, fromCarerId, start, toCarerId = null) {
    const carerSelect = h('select', { 'data-testid': 'move-carer' }, h('option', { value: '' }, fromCarerId ? '(keep the same carer)' : 'Choose a carer'),
      board.carers.filter((c) => c.id !== fromCarerId).map((c) => h('option', { value: c.id, selected: c.id === toCarerId }, c.name + (c.absent ? ' (off)' : ''))));
    const timeInput = h('input', { type: 'time', value: start, required: true, 'data-testid': 'move-start' });
    const warnings = h('div', { class: 'warnings', 'aria-live': 'polite', 'data-testid': 'move-warnings' });
    const confirm = h('button', { type: 'button', disabled: true, 'data-testid': 'move-confirm' }, 'Confirm move');
    const body = () => ({
      version, start: timeInput.value || null, from_carer_id: fromCarerId,
      to_carer_id: carerSelect.value ? Number(carerSelect.value) : null,
    });
    const check = async () => {
      confirm.disabled = true;
      try {
        const preview = await api(`/calls/${visitId}/move/preview`, { method: 'POST', body: body() });
        // Joining a double-up with no time given: the server says when this carer's part starts.
        if (!timeInput.value) timeInput.value = preview.start;
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
    const kind = h('select', {}, [['other', 'Call'], ['sleep_in', 'Sleep-in'], ['waking_night', 'Waking night']]
      .map(([v, l]) => h('option', { value: v }, l)));
    kind.addEventListener('change', () => {  // a night: 22:00 for nine hours, as most are booked
      if (kind.value !== 'other') { start.value = '22:00'; duration.value = 540; }
    });
    const out = h('p', { role: 'alert' });
    const dialog = openDialog(`Add a one-off call on ${dayLabel(date)}`,
      field('Client', client), field('Kind', kind), field('Start', start), field('Minutes', duration), field('Carers needed', carers), out,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: async () => {
          try {
            await api('/calls', { method: 'POST', body: { client_id: Number(client.value), date, start: start.value,
              duration_minutes: Number(duration.value), carers_required: Number(carers.value), call_type: kind.value } });
            dialog.close(); status.show('Call added: it waits in the unallocated list.'); reload();
          } catch (err) { out.textContent = describe(err); }
        } }, 'Add call'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Close')));
  }

  render(root, h('h1', {}, 'Day board'), toolbar, banner.element, totals, view, status,
    h('div', { class: 'board-layout' }, h('div', { class: 'board-main' }, grid, loose), mapBox));
  drawToolbar();
  drawView();
  await reload();
  return null;
}
