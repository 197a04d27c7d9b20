// "Calls from defaults" on the day board, for a range of dates: the calls of each client's
// weekly pattern, each given its carer from the master rota (who did the same call in the
// weeks before), checked by the optimiser's own rules. It runs as a background job, the same
// job the server starts every day at the agency's set time for the coming four weeks.

import { addDays, api, dayLabel, describe, field, h, openDialog, render } from './util.js';

const TERMINAL = ['done', 'stopped', 'failed', 'applied'];
const POLL_MS = 700;

function counts(p) {
  return `${p.calls_created ?? 0} calls created; ${p.master ?? 0} given their carer from the master rota, `
    + `${p.other ?? 0} another carer, ${p.unallocated ?? 0} left for you to allocate`;
}

export function callsFromDefaultsControl({ date, reload }) {
  return h('button', { type: 'button', 'data-testid': 'calls-from-defaults', onclick: () => openRollDialog({ date, reload }) },
    'Calls from defaults');
}

async function openRollDialog({ date, reload }) {
  const from = h('input', { type: 'date', value: date, required: true, 'data-testid': 'roll-from' });
  const to = h('input', { type: 'date', value: addDays(date, 6), required: true, 'data-testid': 'roll-to' });
  const schedule = h('p', { class: 'muted small' });
  const out = h('div', { 'aria-live': 'polite', 'data-testid': 'roll-result' });
  const start = h('button', { type: 'button', 'data-testid': 'roll-start' }, 'Make the calls');
  const close = h('button', { type: 'button', class: 'staff-secondary' }, 'Close');
  let stopped = false;
  const dialog = openDialog('Calls from defaults',
    h('p', {}, 'Makes the calls of each client\'s weekly pattern for these dates (never twice) and gives each new call the carer who did the same call in the weeks before, when the rules allow; otherwise the carer it costs least to add.'),
    h('div', { class: 'staff-form row' }, field('From', from), field('To (at most 4 weeks)', to)),
    schedule, out, h('div', { class: 'staff-toolbar' }, start, close));
  close.addEventListener('click', () => { stopped = true; dialog.close(); });
  try {
    const s = await api('/rota/rolling');
    schedule.textContent = s.time
      ? `Every day at ${s.time} this is done for the next ${s.days} days.${s.last ? ` Last run: ${dayLabel(s.last.start_date)} – ${dayLabel(s.last.end_date)}, ${s.last.status}.` : ''}`
      : 'The daily run is turned off in the agency settings.';
  } catch (err) { schedule.textContent = describe(err); }

  start.addEventListener('click', async () => {
    start.disabled = true;
    try {
      let job = await api('/rota/rolling', { method: 'POST', body: { start: from.value, end: to.value } });
      while (!TERMINAL.includes(job.status) && !stopped) {
        render(out, h('p', {}, `Working: ${job.progress.days_done ?? 0} of ${job.progress.days ?? '?'} days done…`));
        await new Promise((resolve) => { setTimeout(resolve, POLL_MS); });
        job = await api(`/optimise/jobs/${job.id}`);
      }
      if (job.status === 'failed') {
        render(out, h('p', { class: 'staff-notice', 'data-kind': 'bad' }, `It failed: ${job.error}`));
      } else if (TERMINAL.includes(job.status)) {
        render(out, h('p', { class: 'staff-notice', 'data-kind': 'ok' }, `Done: ${counts(job.progress)}.`));
        reload();
      }
    } catch (err) {
      render(out, h('p', { class: 'staff-notice', 'data-kind': 'bad' }, describe(err)));
    }
    start.disabled = false;
  });
}
