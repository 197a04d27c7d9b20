// A day's run: the calls in order, with times, client, address and map, travel between calls,
// alerts and the 2-carer badge. Read through the service worker, so it works offline.

import { api, OfflineError } from '../api.js';
import { entries } from '../outbox.js';
import { addDays, dayLabel, errorBox, h, mapsLink, render, statusBadge, todayIso } from '../ui.js';
import { urgentSection } from './urgent_cards.js';

const NIGHTS = { sleep_in: 'Sleep-in', waking_night: 'Waking night' };

function endClock(call) {
  const [h0, m0] = call.planned_start.split(':').map(Number);
  const end = (h0 * 60 + m0 + call.duration_minutes) % (24 * 60);
  return `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
}

function localStatus(call, pending) {
  const mine = pending.filter((e) => e.visit_id === call.visit_id && e.status !== 'synced');
  if (mine.some((e) => e.kind === 'check_out')) return ['done', true];
  if (mine.some((e) => e.kind === 'check_in') && call.status === 'planned') return ['in_progress', true];
  return [call.status, false];
}

function callCard(call, run, pending) {
  const [status, waiting] = localStatus(call, pending);
  const others = call.co_carer_ids.map((id) => run.co_carer_names[String(id)] || `carer ${id}`);
  return h('li', {},
    call.travel_minutes ? h('p', { class: 'travel' }, `${call.travel_minutes} min travel`) : null,
    h('article', { class: call.call_type === 'urgent' ? 'card urgent' : 'card', dataset: { visitId: call.visit_id } },
      h('a', { class: 'call', href: `#/visit/${call.visit_id}` },
        h('div', { class: 'row spread' },
          h('span', { class: 'time' }, call.planned_start),
          statusBadge(status, waiting)),
        h('div', { class: 'who' }, call.client_name),
        NIGHTS[call.call_type] ? h('div', { class: 'badge night' }, `${NIGHTS[call.call_type]} until ${endClock(call)} next morning`) : null,
        h('div', { class: 'muted small' }, `Window ${call.window_start}–${call.window_end} · ${call.duration_minutes} min`),
        h('div', {}, `${call.address}, ${call.town} ${call.postcode}`)),
      call.carers_required > 1 ? h('p', { class: 'row' }, h('span', { class: 'badge two' }, '2 carers'),
        others.length ? h('span', { class: 'small' }, `with ${others.join(', ')}`) : null) : null,
      call.alerts ? h('p', { class: 'alert' }, `⚠ ${call.alerts}`) : null,
      h('div', { class: 'row' }, mapsLink(call.lat, call.lon, `Map for ${call.client_name}`))));
}

/** Last night's sleep-in or waking night, until it is checked out: it belongs to yesterday's run
 *  but ends this morning, so the carer checks out from here. */
async function nightStillOn(yesterday, pending) {
  let run;
  try { run = await api(`/me/run?date=${yesterday}`); } catch { return null; }
  const open = run.calls.filter((c) => NIGHTS[c.call_type] && localStatus(c, pending)[0] !== 'done');
  if (!open.length) return null;
  return h('section', { 'aria-labelledby': 'last-night-h', 'data-testid': 'last-night' },
    h('h2', { id: 'last-night-h' }, 'Last night'),
    h('ol', { class: 'list' }, open.map((c) => callCard(c, run, pending))));
}

export async function show(root, { date, onLeave }) {
  const today = todayIso();
  const title = date === today ? `Today, ${dayLabel(date)}` : dayLabel(date);
  const nav = h('div', { class: 'day-nav' },
    h('a', { class: 'button secondary', href: `#/day/${addDays(date, -1)}` }, '← Previous day'),
    h('a', { class: 'button secondary', href: `#/day/${addDays(date, 1)}` }, 'Next day →'));
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading your run…'));
  render(root, h('h1', {}, title), nav, body);

  async function draw() {
    try {
      const run = await api(`/me/run?date=${date}`);
      const pending = await entries();
      const travel = run.travel_minutes ? ` · ${run.travel_minutes} min travel` : '';
      const urgent = date === today ? await urgentSection(() => draw()) : null;
      const lastNight = date === today ? await nightStillOn(addDays(date, -1), pending) : null;
      // an urgent call goes to the top of the run, whatever its time
      run.calls.sort((a, b) => (b.call_type === 'urgent') - (a.call_type === 'urgent'));
      render(body, urgent, lastNight,
        run.fromCache ? h('p', { class: 'muted small' }, 'Offline: showing the copy saved on this phone.') : null,
        h('p', { class: 'muted', id: 'run-summary' }, `${run.calls.length} call${run.calls.length === 1 ? '' : 's'}${travel}`),
        run.calls.length ? h('ol', { class: 'list', id: 'run' }, run.calls.map((c) => callCard(c, run, pending)))
          : h('p', {}, 'No calls on this day.'),
        date === today ? h('a', { class: 'button secondary wide', href: '#/shift' }, 'End of shift') : null);
    } catch (err) {
      render(body, errorBox(err instanceof OfflineError
        ? 'Offline, and this day was not saved on the phone. It will load when you have signal.'
        : err.message));
    }
  }
  await draw();
  const onUpdate = (event) => {
    if (!root.isConnected || !location.hash.match(/^#?\/?$|^#\/day\//)) return;
    if (!event.detail.dates || event.detail.dates.includes(date)) {
      draw().then(() => body.prepend(h('p', { class: 'ok', role: 'status' }, 'Your rota changed: this run was updated.')));
    }
  };
  document.addEventListener('carerun:run-updated', onUpdate);
  onLeave(() => document.removeEventListener('carerun:run-updated', onUpdate));
}
