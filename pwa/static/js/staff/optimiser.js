// The optimiser's controls on the day board and the sickness screen: start a background solve
// (a day or the week) or a "find cover" re-plan, watch its progress stream in, stop it early
// keeping the best plan so far, review the draft against the working allocation, apply it.
// Publishing (with notifications to carers) stays a separate, deliberate step.

import { streamUrl } from '/js/api.js';
import { addDays, api, dayLabel, describe, h, mondayOf, openDialog, render } from './util.js';

const TERMINAL = ['done', 'stopped', 'failed', 'applied'];

export function optimiseControls({ date, reload }) {
  return h('button', {
    type: 'button', 'data-testid': 'optimise', 'data-date': date,
    onclick: () => openJobDialog({ kind: 'optimise', date, reload }),
  }, 'Optimise');
}

export function findCoverControl({ date, carerId = null, reload }) {
  return h('button', {
    type: 'button', 'data-testid': 'find-cover', 'data-date': date, 'data-carer-id': carerId ?? '',
    onclick: () => openJobDialog({ kind: 'cover', date, reload }),
  }, 'Find cover');
}

function openJobDialog({ kind, date, reload }) {
  const span = h('select', { 'aria-label': 'Period', 'data-testid': 'optimise-span' },
    h('option', { value: 'day' }, `Just ${dayLabel(date)}`),
    h('option', { value: 'week' }, 'The whole week (Mon–Sun)'));
  const seconds = h('select', { 'aria-label': 'Search time per day', 'data-testid': 'optimise-seconds' },
    h('option', { value: '10' }, 'Quick: 10 s a day'),
    h('option', { value: '30' }, 'Thorough: 30 s a day'),
    h('option', { value: '60' }, 'Best: 60 s a day'));
  const body = h('div', { class: 'optimiser-body', 'aria-live': 'polite' });
  const start = h('button', { type: 'button', 'data-testid': 'optimise-start' }, kind === 'cover' ? 'Find cover' : 'Start');
  const close = h('button', { type: 'button', class: 'staff-secondary' }, 'Close');
  const intro = kind === 'cover'
    ? h('p', {}, 'Covers the calls nobody has (sickness, leave, new calls) while changing as few other runs as possible.')
    : h('p', {}, 'Plans runs from scratch for the chosen days. Pinned calls and calls already started stay as they are.');
  const controls = kind === 'cover' ? h('div', { class: 'staff-toolbar' }, seconds) : h('div', { class: 'staff-toolbar' }, span, seconds);
  const dialog = openDialog(kind === 'cover' ? `Find cover, ${dayLabel(date)}` : 'Optimise', intro, controls, body,
    h('div', { class: 'staff-toolbar' }, start, close));
  let stream = null;
  close.addEventListener('click', () => { if (stream) stream.close(); dialog.close(); });

  start.addEventListener('click', async () => {
    start.disabled = true;
    const first = kind === 'optimise' && span.value === 'week' ? mondayOf(date) : date;
    const last = kind === 'optimise' && span.value === 'week' ? addDays(first, 6) : date;
    try {
      const job = await api('/optimise/jobs', { method: 'POST', body: { kind, start: first, end: last, time_limit: Number(seconds.value) } });
      stream = await watch(job, body, async (finished) => {
        if (finished.status === 'failed') {
          render(body, h('p', { class: 'staff-notice', 'data-kind': 'bad' }, `The optimiser failed: ${finished.error}`));
          return;
        }
        await showDraft(job.id, body, dialog, reload);
      });
    } catch (err) {
      start.disabled = false;
      render(body, h('p', { class: 'staff-notice', 'data-kind': 'bad' }, describe(err)));
    }
  });
}

// Follow a job's progress over server-sent events (EventSource sends no headers, so a
// one-minute ticket for this job's stream goes in the URL; it also covers the browser's own
// reconnects within that minute).
async function watch(job, box, onFinished) {
  const url = await streamUrl(`/optimise/jobs/${job.id}/events`);
  const stop = h('button', { type: 'button', 'data-testid': 'optimise-stop', class: 'staff-secondary' }, 'Stop and keep the best so far');
  const line = h('p', { 'data-testid': 'optimise-progress' }, 'Starting…');
  render(box, line, stop);
  stop.addEventListener('click', async () => {
    stop.disabled = true;
    try { await api(`/optimise/jobs/${job.id}/stop`, { method: 'POST' }); } catch (err) { line.textContent = describe(err); }
  });
  const source = new EventSource(url);
  let finished = false;
  source.addEventListener('progress', (event) => {
    const data = JSON.parse(event.data);
    const p = data.progress || {};
    line.textContent = `${data.status === 'running' ? 'Searching' : data.status}`
      + `${p.day ? ` · ${dayLabel(p.day)}` : ''} · ${p.solutions ?? 0} solutions`
      + `${p.best_objective != null ? ` · best cost ${Number(p.best_objective).toLocaleString('en-GB')}` : ''}`
      + ` · ${p.elapsed ?? 0} s`;
    if (TERMINAL.includes(data.status) && !finished) {
      finished = true;
      source.close();
      onFinished(data);
    }
  });
  source.onerror = () => {
    // The stream ends when the job does; if it dropped early, ask once for the state.
    if (finished) return;
    setTimeout(async () => {
      if (finished) return;
      const state = await api(`/optimise/jobs/${job.id}`);
      if (TERMINAL.includes(state.status)) { finished = true; source.close(); onFinished(state); }
    }, 1500);
  };
  return source;
}

async function showDraft(jobId, box, dialog, reload) {
  const draft = await api(`/optimise/jobs/${jobId}/draft`);
  const days = Object.entries(draft.days);
  const apply = h('button', { type: 'button', 'data-testid': 'optimise-apply' }, 'Apply to the working rota');
  const note = h('p', { class: 'muted' }, 'Applying changes the working rota only; carers hear of it when you publish.');
  render(box,
    h('p', { 'data-testid': 'optimise-result' },
      draft.job.status === 'stopped' ? 'Stopped: this is the best plan found so far.' : 'Finished.'),
    ...days.map(([day, d]) => h('section', { class: 'optimiser-day', 'data-date': day },
      h('h3', {}, `${dayLabel(day)}: ${d.coverage_pct}% covered, ${d.travel_km} km travel`),
      Object.keys(d.diff).length
        ? h('ul', { class: 'staff-list' }, Object.entries(d.diff).map(([carer, c]) => h('li', { 'data-carer-id': carer },
          `${draft.carer_names[carer] || `Carer ${carer}`}: ${c.added.length} added, ${c.removed.length} removed, ${c.retimed.length} retimed`)))
        : h('p', { class: 'muted' }, 'No run changes.'),
      d.unallocated.length
        ? h('details', { open: true }, h('summary', {}, `${d.unallocated.length} call${d.unallocated.length === 1 ? '' : 's'} short of carers`),
          h('ul', { class: 'staff-list' }, d.unallocated.map((u) => h('li', {}, `${draft.call_clients[u.call_id] || `Call ${u.call_id}`}: ${u.reason}`))))
        : null)),
    note, apply);
  apply.addEventListener('click', async () => {
    apply.disabled = true;
    try {
      const applied = await api(`/optimise/jobs/${jobId}/apply`, { method: 'POST' });
      const kept = applied.skipped || [];
      render(box, h('p', { class: 'staff-notice', 'data-testid': 'optimise-applied' },
        'Applied. Review and publish the rota to tell the carers.'),
      kept.length ? h('details', { open: true, 'data-testid': 'optimise-kept' },
        h('summary', {}, `${kept.length} call${kept.length === 1 ? '' : 's'} changed since the draft was made: kept as they are now`),
        h('ul', { class: 'staff-list' }, kept.map((k) => h('li', {}, `${dayLabel(k.date)} ${k.window_start} ${k.client_name}: ${k.reason}`)))) : null,
      h('a', { href: '#/staff/publish', class: 'staff-link', onclick: () => dialog.close() }, 'Go to Publish'));
      if (reload) reload();
    } catch (err) {
      apply.disabled = false;
      render(box, h('p', { class: 'staff-notice', 'data-kind': 'bad' }, describe(err)));
    }
  });
}
