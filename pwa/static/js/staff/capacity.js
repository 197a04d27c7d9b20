// "Can we take this package?": the planner enters a new client's weekly calls and where they
// live; the optimiser inserts them into next week's runs (nothing is stored) and the answer
// shows which carers would take which calls, the travel added and what could not be placed.

import { api, describe, h, render } from './util.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const SLOTS = [['morning', '08:00', 45], ['lunch', '12:30', 30], ['tea', '17:00', 30], ['bed', '20:30', 30]];

function callRow(slot, start, duration) {
  const row = h('fieldset', { class: 'package-call', 'data-slot': slot },
    h('legend', {}, `${slot[0].toUpperCase()}${slot.slice(1)} call`),
    h('label', { class: 'report-filter' }, h('span', {}, 'Start'), h('input', { type: 'time', name: 'start', value: start })),
    h('label', { class: 'report-filter' }, h('span', {}, 'Minutes'),
      h('input', { type: 'number', name: 'duration', min: '5', max: '720', step: '5', value: String(duration) })),
    h('label', { class: 'report-filter' }, h('span', {}, 'Carers'),
      h('select', { name: 'carers' }, [1, 2].map((n) => h('option', { value: String(n) }, String(n))))),
    h('label', { class: 'report-filter' }, h('span', {}, 'Skills (comma separated)'), h('input', { type: 'text', name: 'skills', value: '' })),
    h('div', { class: 'package-days', role: 'group', 'aria-label': `Days of the ${slot} call` },
      DAYS.map((d, i) => h('label', { class: 'package-day' },
        h('input', { type: 'checkbox', name: 'day', value: String(i), checked: slot === 'morning' || slot === 'bed' ? true : null }), d))));
  return row;
}

function answerView(answer) {
  const verdict = answer.fits
    ? `Yes: the current staff can take all ${answer.placed} calls.`
    : `Not all of it: ${answer.not_placed} of ${answer.placed + answer.not_placed} calls could not be placed.`;
  return h('div', { class: 'package-answer', 'data-testid': 'package-answer', 'data-fits': answer.fits ? 'yes' : 'no' },
    h('p', { class: `report-figure ${answer.fits ? 'ok' : 'bad'}`, role: 'status' }, h('strong', {}, verdict),
      ` Week from ${answer.week_start}; adds ${answer.added_travel_minutes} min and ${answer.added_travel_miles} miles of travel (worked out in ${answer.seconds} s).`),
    h('h3', {}, 'Who would take it'),
    answer.carers.length
      ? h('ul', { class: 'staff-list', 'data-testid': 'package-carers' },
        answer.carers.map((c) => h('li', {}, h('strong', {}, c.name), ` — ${c.calls} call${c.calls === 1 ? '' : 's'}, ${c.minutes} min`)))
      : h('p', { class: 'muted' }, 'Nobody.'),
    h('div', { class: 'report-scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Day', 'Asked for', 'Minutes', 'Carers', 'Planned start', 'Who', 'Why not'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, answer.calls.map((c) => h('tr', { 'data-flag': c.placed ? null : 'bad' },
        h('td', {}, `${DAYS[c.weekday]} ${c.date}`), h('td', {}, c.start), h('td', {}, String(c.duration_minutes)),
        h('td', {}, String(c.carers_required)), h('td', {}, c.planned_start || ''),
        h('td', {}, c.carers.map((x) => x.name).join(' & ')), h('td', {}, c.reason)))))));
}

/** The package form and its answer, for the capacity report's page. */
export function packageForm(towns) {
  const out = h('div', { 'aria-live': 'polite' });
  const rows = SLOTS.map(([slot, start, duration]) => callRow(slot, start, duration));
  const town = h('select', { name: 'town', 'aria-label': 'Area (town)' }, towns.map((t) => h('option', { value: t }, t)));
  const lat = h('input', { type: 'number', name: 'lat', step: 'any', 'aria-label': 'Latitude (optional)' });
  const lon = h('input', { type: 'number', name: 'lon', step: 'any', 'aria-label': 'Longitude (optional)' });
  const form = h('form', { class: 'package-form', 'aria-label': 'New package' },
    h('label', { class: 'report-filter' }, h('span', {}, 'Address'), h('input', { type: 'text', name: 'address', maxlength: '255' })),
    h('div', { class: 'report-filters' },
      h('label', { class: 'report-filter' }, h('span', {}, 'Area'), town),
      h('label', { class: 'report-filter' }, h('span', {}, 'Latitude (optional)'), lat),
      h('label', { class: 'report-filter' }, h('span', {}, 'Longitude (optional)'), lon)),
    rows,
    h('button', { type: 'submit' }, 'Can we take it?'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const calls = [];
    for (const row of rows) {
      const q = (name) => row.querySelector(`[name="${name}"]`);
      const skills = q('skills').value.split(',').map((s) => s.trim()).filter(Boolean);
      for (const box of row.querySelectorAll('input[name="day"]:checked')) {
        calls.push({ weekday: Number(box.value), start: q('start').value, duration_minutes: Number(q('duration').value),
          carers_required: Number(q('carers').value), skills });
      }
    }
    if (!calls.length) { render(out, h('p', { class: 'muted' }, 'Tick at least one day for a call.')); return; }
    const body = { calls, address: form.elements.address.value };
    if (lat.value && lon.value) { body.lat = Number(lat.value); body.lon = Number(lon.value); } else body.town = town.value;
    render(out, h('p', { class: 'muted', role: 'status' }, 'Fitting the package into next week’s runs…'));
    try {
      render(out, answerView(await api('/reports/capacity/package-check', { method: 'POST', body })));
    } catch (err) {
      render(out, h('p', { class: 'staff-notice', 'data-kind': 'bad', role: 'status' }, describe(err)));
    }
  });
  return h('section', { class: 'report-table', 'data-testid': 'package-check' },
    h('h2', {}, 'Can we take this package?'),
    h('p', { class: 'muted small' }, 'The new client’s weekly calls are fitted into next week’s runs by the optimiser, leaving every existing call with its carers. Nothing is saved.'),
    form, out);
}
