// Client reviews and satisfaction surveys (#/staff/reviews): schedule a review, record the one
// held (who attended, outcome, changes to the care plan), overdue ones first; record a short
// survey (four scores 1-5 and comments) and see the averages of the last 90 days.

import { api, describe, field, h, notice, render, todayIso } from './util.js';

const QUESTIONS = { overall: 'Overall', punctuality: 'On time', kindness: 'Kindness', communication: 'Communication' };

function day(iso) {
  return iso ? new Date(`${iso}T12:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—';
}

function recordForm(r, status, reload) {
  const held = h('input', { type: 'date', value: r.held_on || todayIso() });
  const attended = h('input', { type: 'text', value: r.attended, placeholder: 'e.g. client, daughter, social worker' });
  const outcome = h('textarea', { rows: 2 }, r.outcome);
  const changes = h('textarea', { rows: 2 }, r.care_plan_changes);
  const form = h('form', { class: 'staff-form' }, h('div', { class: 'row' }, field('Held on', held), field('Who attended', attended)),
    field('Outcome', outcome), field('Changes to the care plan', changes), h('button', { type: 'submit' }, 'Save review'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api(`/reviews/${r.id}`, { method: 'PATCH', body: { version: r.version, held_on: held.value || null, attended: attended.value, outcome: outcome.value, care_plan_changes: changes.value } });
      status.show('Review saved.'); await reload();
    } catch (err) { status.show(describe(err), 'bad'); }
  });
  return form;
}

export async function show(root) {
  const status = notice();
  const reviewsBox = h('div', { 'data-testid': 'reviews' });
  const surveysBox = h('div', { 'data-testid': 'surveys' });
  const clientFor = () => h('select', { required: true });
  const reviewClient = clientFor();
  const reviewDate = h('input', { type: 'date', required: true });
  const scheduleForm = h('form', { class: 'staff-form row' }, field('Client', reviewClient), field('Review on', reviewDate), h('button', { type: 'submit' }, 'Schedule'));
  const surveyClient = clientFor();
  const scores = Object.fromEntries(Object.keys(QUESTIONS).map((q) => [q, h('select', {}, [5, 4, 3, 2, 1].map((n) => h('option', { value: n }, String(n))))]));
  const comments = h('textarea', { rows: 2 });
  const surveyForm = h('form', { class: 'staff-form' }, h('div', { class: 'row' }, field('Client', surveyClient),
    Object.entries(QUESTIONS).map(([q, words]) => field(words, scores[q]))), field('Comments', comments), h('button', { type: 'submit' }, 'Record survey'));

  async function load() {
    try {
      const [reviews, summary] = await Promise.all([api('/reviews'), api('/surveys')]);
      const ordered = [...reviews].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.scheduled_on.localeCompare(b.scheduled_on));
      render(reviewsBox, h('h2', {}, 'Reviews'), ordered.length ? h('ul', { class: 'staff-list' }, ordered.map((r) => h('li', {},
        h('strong', {}, r.client_name), ` · ${r.held_on ? `held ${day(r.held_on)}` : `scheduled ${day(r.scheduled_on)}`} `,
        r.overdue ? h('span', { class: 'badge missed' }, 'overdue') : null,
        r.outcome ? h('p', {}, r.outcome) : null,
        h('details', {}, h('summary', {}, r.held_on ? 'Change the record' : 'Record the review'), recordForm(r, status, load))))) : h('p', { class: 'muted' }, 'No reviews yet.'));
      render(surveysBox, h('h2', {}, 'Satisfaction, last 90 days'),
        summary.surveys.length ? [h('table', { class: 'staff-table' }, h('thead', {}, h('tr', {}, h('th', {}, ''), Object.values(QUESTIONS).map((w) => h('th', { scope: 'col' }, w)))),
          h('tbody', {}, h('tr', {}, h('th', { scope: 'row' }, `Average of ${summary.surveys.length}`),
            Object.keys(QUESTIONS).map((q) => h('td', {}, String(summary.averages[q])))))),
        h('ul', { class: 'staff-list' }, summary.surveys.slice().reverse().map((s) => h('li', {}, `${day(s.taken_on)} · ${s.client_name}: `,
          Object.entries(QUESTIONS).map(([q, w]) => `${w} ${s.scores[q]}`).join(', '), s.comments ? ` · “${s.comments}”` : '')))]
          : h('p', { class: 'muted' }, 'No surveys yet.'));
    } catch (err) { status.show(describe(err), 'bad'); }
  }
  scheduleForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await api(`/clients/${reviewClient.value}/reviews`, { method: 'POST', body: { scheduled_on: reviewDate.value } }); status.show('Review scheduled.'); await load(); } catch (err) { status.show(describe(err), 'bad'); }
  });
  surveyForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { comments: comments.value, ...Object.fromEntries(Object.entries(scores).map(([q, el]) => [q, Number(el.value)])) };
    try { await api(`/clients/${surveyClient.value}/surveys`, { method: 'POST', body }); status.show('Survey recorded.'); comments.value = ''; await load(); } catch (err) { status.show(describe(err), 'bad'); }
  });
  render(root, h('h1', {}, 'Reviews and surveys'), status, h('h2', {}, 'Schedule a review'), scheduleForm, reviewsBox,
    h('h2', {}, 'Record a satisfaction survey'), surveyForm, surveysBox);
  try {
    const clients = await api('/clients?limit=500');
    for (const c of clients.items || clients) {
      reviewClient.append(h('option', { value: c.id }, c.name));
      surveyClient.append(h('option', { value: c.id }, c.name));
    }
  } catch (err) { status.show(describe(err), 'bad'); }
  await load();
  return null;
}
