// The optimiser's controls on the day board and the sickness screen: start a background solve
// (a day or the week) or a "find cover" re-plan, watch its progress stream in, stop it early
// keeping the best plan so far, review the draft against the working allocation, apply it.
// Publishing (with notifications to carers) stays a separate, deliberate step.
// The job belongs to the agency, not to the dialog: the board's banner shows the running job
// (or a draft waiting to be applied) to every planner, with Stop and Review, after the dialog
// that started it is closed. A draft shows coverage, travel and continuity before -> after,
// and one that covers fewer calls than the working rota needs an explicit confirmation.

import { streamUrl } from '/js/api.js';
import { addDays, api, dayLabel, describe, h, mondayOf, openDialog, render } from './util.js';

const TERMINAL = ['done', 'stopped', 'failed', 'applied'];
const JOB_CHANGED = 'carerun:job-changed'; // a job started, stopped or was applied here
const announce = () => document.dispatchEvent(new Event(JOB_CHANGED));
const KIND_WORDS = { optimise: 'Optimise', cover: 'Find cover' };

function span(job) {
  return job.start_date === job.end_date ? dayLabel(job.start_date) : `${dayLabel(job.start_date)} – ${dayLabel(job.end_date)}`;
}

function progressText(status, p = {}) {
  return `${status === 'running' ? 'Searching' : status}`
    + `${p.day ? ` · ${dayLabel(p.day)}` : ''} · ${p.solutions ?? 0} solutions`
    + `${p.best_objective != null ? ` · best cost ${Number(p.best_objective).toLocaleString('en-GB')}` : ''}`
    + ` · ${p.elapsed ?? 0} s`;
}

/**
 * The running job (or the draft waiting to be applied) as a banner on the board, for every
 * planner: it asks the server every few seconds while shown. Returns {element, stop}.
 */
export function jobBanner({ reload }) {
  const element = h('div', { class: 'job-banner', 'data-testid': 'job-banner', role: 'status', 'aria-live': 'polite' });
  let timer = null;
  let stopped = false;
  let shownId = null;
  async function refresh() {
    clearTimeout(timer);
    if (stopped) return;
    let job = null;
    try { ({ job } = await api('/optimise/jobs/current')); } catch { job = null; }
    if (stopped) return;
    if (!job) {
      render(element);
      if (shownId !== null && reload) reload(); // applied elsewhere: the rota changed
      shownId = null;
    } else {
      shownId = job.id;
      const who = job.started_by ? ` (started by ${job.started_by})` : '';
      const running = !TERMINAL.includes(job.status);
      const stop = h('button', { type: 'button', class: 'staff-secondary', 'data-testid': 'banner-stop' }, 'Stop and keep the best so far');
      stop.addEventListener('click', async () => {
        stop.disabled = true;
        try { await api(`/optimise/jobs/${job.id}/stop`, { method: 'POST' }); } catch (err) { element.append(` ${describe(err)}`); }
        refresh();
      });
      const review = h('button', { type: 'button', 'data-testid': 'banner-review' }, 'Review the draft');
      review.addEventListener('click', () => reviewDialog(job, reload));
      render(element,
        h('strong', {}, `${KIND_WORDS[job.kind] || job.kind}, ${span(job)}${who}`),
        h('span', { 'data-testid': 'banner-progress', 'data-status': job.status },
          running ? progressText(job.status, job.progress) : `${job.status === 'stopped' ? 'Stopped early' : 'Finished'}: the draft waits to be reviewed`),
        h('span', { class: 'actions' }, running ? stop : review));
    }
    timer = setTimeout(refresh, job && !TERMINAL.includes(job.status) ? 2000 : 10000);
  }
  document.addEventListener(JOB_CHANGED, refresh);
  refresh();
  return {
    element,
    stop: () => { stopped = true; clearTimeout(timer); document.removeEventListener(JOB_CHANGED, refresh); },
  };
}

function reviewDialog(job, reload) {
  const body = h('div', { class: 'optimiser-body', 'aria-live': 'polite' });
  const close = h('button', { type: 'button', class: 'staff-secondary' }, 'Close');
  const dialog = openDialog(`${KIND_WORDS[job.kind] || job.kind}: draft for ${span(job)}`, body, h('div', { class: 'staff-toolbar' }, close));
  close.addEventListener('click', () => dialog.close());
  showDraft(job.id, body, dialog, reload);
}

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
      announce();
      render(body, h('p', { class: 'muted small' }, 'You can close this window: the job keeps running and shows above the board.'));
      stream = await watch(job, body, async (finished) => {
        announce();
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
  render(box, line, stop, h('p', { class: 'muted small' }, 'You can close this window: the job keeps running and shows above the board.'));
  stop.addEventListener('click', async () => {
    stop.disabled = true;
    try { await api(`/optimise/jobs/${job.id}/stop`, { method: 'POST' }); announce(); } catch (err) { line.textContent = describe(err); }
  });
  const source = new EventSource(url);
  let finished = false;
  source.addEventListener('progress', (event) => {
    const data = JSON.parse(event.data);
    const p = data.progress || {};
    line.textContent = progressText(data.status, p);
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

function figuresTable(d) {
  const rows = [
    ['Calls covered', 'calls_covered', (v) => `${v} of ${d.after.calls}`, 1],
    ['Carer slots covered', 'coverage_pct', (v) => `${v}%`, 1],
    ['Travel', 'travel_km', (v) => `${v} km`, -1],
    ['Visits by a regular carer', 'continuity_pct', (v) => `${v}%`, 1],
  ];
  return h('table', { class: 'figures', 'data-testid': 'draft-figures' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'Working rota'), h('th', {}, 'Draft'))),
    h('tbody', {}, rows.map(([label, key, fmt, better]) => {
      const before = d.before[key];
      const after = d.after[key];
      const change = Math.sign(after - before) * better;
      return h('tr', { 'data-figure': key },
        h('th', {}, label), h('td', {}, fmt(before)),
        h('td', { class: change < 0 ? 'worse' : change > 0 ? 'better' : '' }, fmt(after)));
    })));
}

// What each soft goal (continuity, gender wishes, stability, hours) cost in travel, measured
// against a travel-only plan of the same day (api/solver/goal_costs.py).
function goalCosts(d) {
  const g = d.goal_costs;
  if (!g || !g.lines || !g.lines.length) return null;
  return h('div', { class: 'goal-costs', 'data-testid': 'goal-costs' },
    h('p', { class: 'muted' }, `What the optimiser's goals cost in travel (against a plan that only saves travel: ${g.travel_only_km} km):`),
    h('ul', { class: 'staff-list' }, g.lines.map((line) => h('li', {}, line))));
}

async function showDraft(jobId, box, dialog, reload) {
  const draft = await api(`/optimise/jobs/${jobId}/draft`);
  const days = Object.entries(draft.days);
  const worse = days.filter(([, d]) => d.covers_fewer).map(([day]) => dayLabel(day));
  const apply = h('button', { type: 'button', 'data-testid': 'optimise-apply' }, worse.length ? 'Apply anyway…' : 'Apply to the working rota');
  const note = h('p', { class: 'muted' }, 'Applying changes the working rota only; carers hear of it when you publish.');
  render(box,
    h('p', { 'data-testid': 'optimise-result' },
      draft.job.status === 'stopped' ? 'Stopped: this is the best plan found so far.' : 'Finished.'),
    worse.length ? h('p', { class: 'staff-notice', 'data-kind': 'bad', 'data-testid': 'draft-worse', role: 'alert' },
      `This draft covers fewer calls than the working rota on ${worse.join(', ')}. Applying it would leave calls without a carer.`) : null,
    ...days.map(([day, d]) => h('section', { class: 'optimiser-day', 'data-date': day },
      h('h3', {}, `${dayLabel(day)}: ${d.coverage_pct}% covered, ${d.travel_km} km travel`),
      d.before ? figuresTable(d) : null,
      goalCosts(d),
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
    if (worse.length && !window.confirm(`Apply a draft that covers fewer calls on ${worse.join(', ')}? Those calls will have no carer.`)) return;
    apply.disabled = true;
    try {
      const applied = await api(`/optimise/jobs/${jobId}/apply`, { method: 'POST', body: { confirm_fewer_calls: worse.length > 0 } });
      const kept = applied.skipped || [];
      render(box, h('p', { class: 'staff-notice', 'data-testid': 'optimise-applied' },
        'Applied. Review and publish the rota to tell the carers.'),
      kept.length ? h('details', { open: true, 'data-testid': 'optimise-kept' },
        h('summary', {}, `${kept.length} call${kept.length === 1 ? '' : 's'} changed since the draft was made: kept as they are now`),
        h('ul', { class: 'staff-list' }, kept.map((k) => h('li', {}, `${dayLabel(k.date)} ${k.window_start} ${k.client_name}: ${k.reason}`)))) : null,
      h('a', { href: '#/staff/publish', class: 'staff-link', onclick: () => dialog.close() }, 'Go to Publish'));
      announce();
      if (reload) reload();
    } catch (err) {
      apply.disabled = false;
      render(box, h('p', { class: 'staff-notice', 'data-kind': 'bad' }, describe(err)));
    }
  });
}
