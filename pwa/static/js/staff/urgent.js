// Urgent response, phone first (the out-of-hours planner is rarely at a desk): log a fall or
// an alarm for a client or a person who is not a client yet, see who can be there soonest and
// what it does to their run, ask them, follow the answer, and re-plan what it delays.

import { chartBox } from './charts.js';
import { loadLeaflet } from './map.js';
import { addDays, api, describe, field, h, notice, render, todayIso } from './util.js';

const NEEDS = [
  ['fall_no_injury', 'Fall, no injury'], ['fall_injury', 'Fall with injury (ambulance called)'],
  ['pendant_alarm', 'Pendant alarm, contacts cannot attend'], ['personal_care', 'Urgent personal care'],
  ['welfare_check', 'Welfare check'], ['short_notice_package', 'Short-notice package'], ['other', 'Other'],
];
const NEED_WORDS = Object.fromEntries(NEEDS);
const OFFER_WORDS = { pending: 'asked, waiting', accepted: 'accepted', declined: 'declined', expired: 'no answer in time', withdrawn: 'no longer needed' };
const STATUS_WORDS = { open: 'Nobody asked yet', offered: 'Waiting for an answer', accepted: 'Carer on the way', cancelled: 'Cancelled' };
const POLL_MS = 4000;

const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) : '–');

function lateWords(candidate) {
  if (!candidate.late_calls.length) return 'No calls made late.';
  return candidate.late_calls.map((c) => `${c.client_name} ${c.planned_start} → ${c.new_start} (${c.minutes_late} min late${c.hand_over ? ', needs another carer' : ''})`).join('; ');
}

/** The form to log a request; resolves with the new request's id. */
function logForm(status, onLogged) {
  const who = h('select', { name: 'who' }, h('option', { value: 'client' }, 'A client'), h('option', { value: 'new' }, 'Not a client yet'));
  const search = h('input', { type: 'search', placeholder: 'Type a name', autocomplete: 'off' });
  const clientSelect = h('select', { name: 'client_id' }, h('option', { value: '' }, 'Choose after searching'));
  const personName = h('input', { name: 'person_name' });
  const address = h('input', { name: 'address' });
  const town = h('input', { name: 'town' });
  const access = h('textarea', { name: 'access_details', rows: '2' });
  const pin = h('p', { class: 'muted small', 'data-testid': 'urgent-pin' }, 'Tap the map where the person is.');
  const mapBox = h('div', { class: 'staff-map urgent-map' });
  const need = h('select', { name: 'need' }, NEEDS.map(([v, l]) => h('option', { value: v }, l)));
  const what = h('textarea', { name: 'what_happened', rows: '3', required: true });
  const carers = h('select', { name: 'carers_required' }, h('option', { value: '1' }, '1 carer'), h('option', { value: '2' }, '2 carers'));
  const skills = h('input', { name: 'required_skills', placeholder: 'e.g. hoist' });
  const minutes = h('input', { type: 'number', name: 'duration_minutes', value: '45', min: '5' });
  const within = h('input', { type: 'number', name: 'respond_within_minutes', value: '60', min: '5' });
  let lat = null;
  let lon = null;
  const newPerson = h('div', { hidden: true }, field('Name', personName), field('Address', address), field('Town', town),
    field('Key safe or access', access), pin, mapBox);
  const existing = h('div', {}, field('Search clients', search), field('Client', clientSelect));

  search.addEventListener('input', async () => {
    if (search.value.trim().length < 2) return;
    try {
      const page = await api(`/clients?q=${encodeURIComponent(search.value.trim())}&limit=20`);
      render(clientSelect, page.items.map((c) => h('option', { value: c.id }, `${c.name}, ${c.town || c.address}`)));
    } catch (err) { status.show(describe(err), 'bad'); }
  });
  who.addEventListener('change', async () => {
    const isNew = who.value === 'new';
    newPerson.hidden = !isNew;
    existing.hidden = isNew;
    if (isNew && !mapBox.dataset.ready) {
      mapBox.dataset.ready = '1';
      try {
        const L = await loadLeaflet();
        const map = L.map(mapBox).setView([51.43, -2.85], 11);
        const settings = await api('/planner/settings');
        L.tileLayer(settings.tile_url, { maxZoom: 18, attribution: '&copy; OpenStreetMap contributors' }).addTo(map);
        let marker = null;
        map.on('click', (e) => {
          lat = Number(e.latlng.lat.toFixed(5)); lon = Number(e.latlng.lng.toFixed(5));
          marker = marker ? marker.setLatLng(e.latlng) : L.marker(e.latlng).addTo(map);
          pin.textContent = `Pin at ${lat}, ${lon}`;
        });
      } catch (err) { pin.textContent = `The map is not available (${err.message}).`; }
    }
  });

  const form = h('form', { class: 'card urgent-form', 'data-testid': 'urgent-form', novalidate: true },
    h('h2', {}, 'Log an urgent request'), field('Who', who), existing, newPerson,
    field('What is needed', need), field('What happened', what),
    h('div', { class: 'staff-toolbar' }, field('Carers needed', carers), field('Minutes at the call', minutes), field('Be there within (min)', within)),
    field('Skills needed', skills, 'Comma separated; leave empty for none'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Log and find carers')));
  form.onsubmit = async (event) => {
    event.preventDefault();
    const body = {
      need: need.value, what_happened: what.value, carers_required: Number(carers.value),
      duration_minutes: Number(minutes.value), respond_within_minutes: Number(within.value),
      required_skills: skills.value.split(',').map((s) => s.trim()).filter(Boolean),
    };
    if (who.value === 'client') body.client_id = clientSelect.value ? Number(clientSelect.value) : null;
    else Object.assign(body, { person_name: personName.value, address: address.value, town: town.value, access_details: access.value, lat, lon });
    if (who.value === 'client' && !body.client_id) { status.show('Choose the client first.', 'bad'); return; }
    try {
      const made = await api('/urgent', { method: 'POST', body });
      status.show(`Logged: ${made.person_name}.`);
      onLogged(made.id);
    } catch (err) { status.show(describe(err), 'bad'); }
  };
  return form;
}

async function requestView(box, id, status, onLeave) {
  let timer = null;
  const stop = () => { if (timer) clearTimeout(timer); timer = null; };
  onLeave(stop);

  async function draw() {
    stop();
    let req;
    let ranked = null;
    try {
      req = await api(`/urgent/${id}`);
      if (req.status === 'open' || req.status === 'offered') ranked = await api(`/urgent/${id}/candidates`);
    } catch (err) { status.show(describe(err), 'bad'); return; }
    const ask = async (carer) => {
      try {
        await api(`/urgent/${id}/offers`, { method: 'POST', body: { carer_id: carer.carer_id } });
        status.show(`${carer.name} has been asked (urgent message to their phone).`);
        draw();
      } catch (err) { status.show(describe(err), 'bad'); }
    };
    const replan = async () => {
      try {
        const out = await api(`/urgent/${id}/cover`, { method: 'POST', body: {} });
        status.show(out.released_call_ids.length
          ? `${out.released_call_ids.length} delayed call(s) taken off the carer; Find cover is running: review and apply it on the Day board, then publish.`
          : 'No call is delayed past what the agency allows: nothing to re-plan.');
      } catch (err) { status.show(describe(err), 'bad'); }
    };
    const cancel = async () => {
      try { await api(`/urgent/${id}/cancel`, { method: 'POST', body: { reason: 'no longer needed' } }); draw(); } catch (err) { status.show(describe(err), 'bad'); }
    };
    render(box,
      h('article', { class: 'card', 'data-testid': 'urgent-request', 'data-status': req.status },
        h('h2', {}, `${NEED_WORDS[req.need] || req.need}: ${req.person_name}`),
        h('p', {}, `${req.address}, ${req.town}`),
        h('p', {}, req.what_happened),
        h('p', { class: 'urgent-status' }, h('strong', {}, STATUS_WORDS[req.status] || req.status),
          ` · received ${clock(req.received_at)} · asked ${clock(req.dispatched_at)} · accepted ${clock(req.accepted_at)}`
          + ` · arrived ${clock(req.arrived_at)} · done ${clock(req.completed_at)}`),
        req.offers.length ? h('ol', { class: 'staff-list', 'data-testid': 'urgent-offers' }, req.offers.map((o) => h('li', { 'data-offer-status': o.status },
          h('strong', {}, o.carer_name), ` – ${OFFER_WORDS[o.status] || o.status}`, o.decline_reason ? ` (“${o.decline_reason}”)` : '',
          o.asked_by_office ? '' : ' · asked automatically'))) : null,
        req.status === 'accepted' ? h('div', { class: 'actions' },
          h('p', {}, req.calls_made_late ? `This makes ${req.calls_made_late} planned call(s) late by ${req.minutes_made_late} min in all.` : 'No planned call is made late.'),
          h('button', { type: 'button', onclick: replan }, 'Re-plan delayed calls')) : null,
        ['open', 'offered'].includes(req.status) ? h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'staff-secondary', onclick: cancel }, 'Cancel request')) : null),
      ranked ? h('section', { class: 'card', 'aria-labelledby': 'who-h' },
        h('h2', { id: 'who-h' }, `Who can be there soonest (as at ${ranked.now})`),
        ranked.candidates.length ? h('ol', { class: 'staff-list', 'data-testid': 'urgent-candidates' }, ranked.candidates.map((c) => h('li', { 'data-carer-id': c.carer_id },
          h('strong', {}, c.name), ` – at the door about ${c.eta} (${c.eta_minutes} min), ${c.from_where}.`,
          c.out_of_hours ? h('span', { class: 'badge' }, 'out of hours') : null,
          h('p', { class: 'small' }, lateWords(c)),
          h('button', { type: 'button', onclick: () => ask(c) }, `Ask ${c.name}`)))) : h('p', { class: 'flag' }, 'Nobody can go: see why below.'),
        ranked.cannot_go.length ? h('details', {}, h('summary', {}, `Cannot go (${ranked.cannot_go.length})`),
          h('ul', {}, ranked.cannot_go.map((c) => h('li', {}, `${c.name}: ${c.reason}`)))) : null) : null);
    if (['open', 'offered'].includes(req.status) || (req.status === 'accepted' && !req.completed_at)) {
      timer = setTimeout(() => { if (box.isConnected) draw(); }, POLL_MS);
    }
  }
  await draw();
}

/** Tonight's out-of-hours team (planner and carers), beside the weekly on-call people. */
async function tonight(box) {
  try {
    const team = await api(`/out-of-hours?start=${todayIso()}&end=${todayIso()}`);
    const words = (role) => team.filter((t) => t.role === role).map((t) => t.name).join(', ') || 'nobody yet';
    render(box, h('h2', {}, 'Out of hours tonight'),
      h('p', { 'data-testid': 'out-of-hours-tonight' }, `Planner: ${words('planner')}. Carers: ${words('carer')}.`));
  } catch (err) { render(box, h('p', { class: 'muted' }, describe(err))); }
}

/** How fast urgent requests were answered over the last 30 days, with a chart by hour. */
async function responseTimes(box, onLeave) {
  const end = todayIso();
  const start = addDays(end, -30);
  let report;
  try { report = await api(`/urgent/report?start=${start}&end=${end}`); } catch (err) { render(box, h('p', { class: 'muted' }, describe(err))); return; }
  const fmt = (v) => (v === null || v === undefined ? '–' : `${v} min`);
  const chart = report.by_hour.length ? chartBox({
    key: 'urgent-by-hour', title: 'Median minutes to the door, by hour the request came in', kind: 'bar',
    labels: report.by_hour.map((r) => `${String(r.hour).padStart(2, '0')}:00`),
    series: [{ name: 'median', values: report.by_hour.map((r) => r.median_minutes) },
      { name: '90th percentile', values: report.by_hour.map((r) => r.p90_minutes), kind: 'line' }],
    unit: 'minutes' }) : null;
  if (chart) onLeave(chart.destroy);
  render(box, h('h2', {}, 'Response times, last 30 days'),
    h('p', { 'data-testid': 'urgent-summary' }, `${report.answered} of ${report.received} requests reached: median ${fmt(report.median_minutes)}, `
      + `90% within ${fmt(report.p90_minutes)}, ${report.within_target_pct ?? '–'}% within the ${report.target_minutes}-minute target. `
      + `Planned calls made late: ${report.planned_calls_made_late} (${report.planned_minutes_made_late} min in all).`),
    chart ? chart.element : null,
    report.by_area.length ? h('table', { class: 'staff-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Area'), h('th', {}, 'Reached'),
      h('th', {}, 'Median'), h('th', {}, '90th percentile'), h('th', {}, 'Within target'))),
    h('tbody', {}, report.by_area.map((a) => h('tr', {}, h('td', {}, a.area), h('td', {}, a.answered), h('td', {}, fmt(a.median_minutes)),
      h('td', {}, fmt(a.p90_minutes)), h('td', {}, `${a.within_target_pct ?? '–'}%`))))) : null);
}

export async function show(root, { arg, onLeave }) {
  const status = notice();
  const list = h('section', { 'aria-labelledby': 'today-h' });
  const detail = h('div', {});
  const open = (id) => { location.hash = `#/staff/urgent/${id}`; };

  async function loadList() {
    try {
      const requests = await api(`/urgent?start=${todayIso()}`);
      render(list, h('h2', { id: 'today-h' }, `Today (${requests.length})`),
        requests.length ? h('ul', { class: 'staff-list', 'data-testid': 'urgent-list' }, requests.map((r) => h('li', {},
          h('a', { href: `#/staff/urgent/${r.id}` }, `${clock(r.received_at)} ${NEED_WORDS[r.need] || r.need}: ${r.person_name}`),
          ` – ${STATUS_WORDS[r.status] || r.status}`))) : h('p', { class: 'muted' }, 'No urgent requests today.'));
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  const team = h('section', { class: 'card' });
  const figures = h('section', { class: 'card' });
  render(root, h('h1', {}, 'Urgent response'), status, detail, list, team, figures);
  if (arg && /^\d+$/.test(arg)) {
    await requestView(detail, Number(arg), status, onLeave);
  } else {
    render(detail, logForm(status, open));
  }
  await Promise.all([loadList(), tonight(team), responseTimes(figures, onLeave)]);
  return null;
}
