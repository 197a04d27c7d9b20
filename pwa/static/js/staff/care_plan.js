// A client's care plan (#/staff/clients/ID/plan): person-centred outcomes, tasks per call type,
// the review schedule, and the risk assessments with their review dates.

import { api, describe, h, notice, render, todayIso } from './util.js';
import { changed, ensureRecordsCss, fieldGroup } from './records_kit.js';

const CALLS = [['', 'Every call'], ['morning', 'Morning'], ['lunch', 'Lunch'], ['tea', 'Tea'], ['bed', 'Bed'], ['night', 'Night'], ['sleep_in', 'Sleep-in'], ['waking_night', 'Waking night'], ['other', 'Other']];
const RISKS = [['falls', 'Falls'], ['moving_handling', 'Moving and handling'], ['medication', 'Medication'], ['environment', 'Environment'], ['other', 'Other']];
const LEVELS = [['low', 'Low'], ['medium', 'Medium'], ['high', 'High']];
const PLAN = [
  { name: 'title', label: 'Title', required: true, max: 128 },
  { name: 'starts_on', label: 'Starts', type: 'date' },
  { name: 'review_interval_weeks', label: 'Review every (weeks)', type: 'number', min: 1, maxValue: 104 },
  { name: 'next_review_on', label: 'Next review due', type: 'date' },
  { name: 'outcomes', label: 'Outcomes the client wants (in their words)', type: 'textarea', max: 4000, wide: true, rows: 3 },
  { name: 'summary', label: 'Summary', type: 'textarea', max: 4000, wide: true },
];
const RISK = [
  { name: 'kind', label: 'Risk', type: 'select', options: RISKS },
  { name: 'level', label: 'Level', type: 'select', options: LEVELS },
  { name: 'assessed_on', label: 'Assessed', type: 'date', required: true },
  { name: 'review_on', label: 'Review by', type: 'date', required: true },
  { name: 'hazards', label: 'Hazards', type: 'textarea', max: 4000 },
  { name: 'controls', label: 'Controls', type: 'textarea', max: 4000 },
];

function taskRows(tasks) {
  const body = h('tbody');
  const add = (t) => {
    const name = h('input', { type: 'text', value: t.name, maxlength: 128, 'aria-label': 'Task', required: true });
    const details = h('input', { type: 'text', value: t.details, maxlength: 2000, 'aria-label': 'Details' });
    const call = h('select', { 'aria-label': 'At which calls' }, CALLS.map(([v, l]) => h('option', { value: v, selected: v === (t.call_type || '') }, l)));
    const row = h('tr', {}, h('td', {}, name), h('td', {}, call), h('td', {}, details),
      h('td', {}, h('button', { type: 'button', class: 'staff-secondary', 'aria-label': 'Remove task', onclick: () => row.remove() }, '✕')));
    row.value = () => ({ name: name.value.trim(), details: details.value, call_type: call.value || null });
    body.append(row);
  };
  tasks.forEach(add);
  return {
    element: h('div', {}, h('table', { class: 'staff-table' }, h('thead', {}, h('tr', {}, ['Task', 'At', 'Details', ''].map((x) => h('th', { scope: 'col' }, x)))), body),
      h('button', { type: 'button', class: 'staff-secondary', onclick: () => add({ name: '', details: '', call_type: '' }) }, 'Add a task')),
    values: () => [...body.children].map((r) => r.value()).filter((t) => t.name),
  };
}

export async function show(root, { clientId }) {
  ensureRecordsCss();
  const status = notice();
  let client; let plan; let risks;
  async function load() {
    try {
      [client, plan, risks] = await Promise.all([api(`/clients/${clientId}`),
        api(`/care-plans?client_id=${clientId}&active=true`).then((p) => p.items[0] || null),
        api(`/risk-assessments?client_id=${clientId}&active=true`)]);
    } catch (err) { status.show(describe(err), 'bad'); return; }
    draw();
  }

  function draw() {
    const fields = fieldGroup(PLAN, plan || { title: 'Care and support plan', starts_on: todayIso(), review_interval_weeks: 26 });
    const tasks = taskRows(plan ? plan.tasks : []);
    const form = h('form', { class: 'card', 'data-testid': 'care-plan-form' }, h('h2', {}, 'Plan'), fields.element, h('h3', {}, 'Tasks at the calls'), tasks.element,
      h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-testid': 'save-care-plan' }, plan ? 'Save plan' : 'Create plan'),
        plan ? h('button', { type: 'button', class: 'staff-secondary', onclick: reviewed }, 'Reviewed today') : null),
      plan ? h('p', { class: 'muted small' }, plan.last_reviewed_on ? `Last reviewed ${plan.last_reviewed_on}.` : 'Not reviewed yet.') : null);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = { ...fields.values(), tasks: tasks.values() };
      try {
        if (plan) {
          const diff = changed(plan, v);
          plan = await api(`/care-plans/${plan.id}`, { method: 'PATCH', body: { version: plan.version, ...diff } });
        } else {
          plan = await api('/care-plans', { method: 'POST', body: { client_id: clientId, ...v } });
        }
        status.show(`Care plan saved; next review ${plan.next_review_on}.`);
        draw();
      } catch (err) { status.show(describe(err), 'bad'); }
    });
    render(root,
      h('p', {}, h('a', { href: `#/staff/clients/${clientId}`, class: 'staff-link' }, '← Client record')),
      h('h1', {}, `${client.name}: care plan`), status, form,
      h('section', { class: 'card', 'data-testid': 'risk-assessments' }, h('h2', {}, 'Risk assessments'),
        risks.map(riskForm), h('h3', {}, 'Add a risk assessment'), riskForm(null)));
  }

  async function reviewed() {
    try {
      plan = await api(`/care-plans/${plan.id}/review`, { method: 'POST', body: { version: plan.version, reviewed_on: todayIso() } });
      status.show(`Review recorded; next due ${plan.next_review_on}.`);
      draw();
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  function riskForm(risk) {
    const soon = new Date(); soon.setMonth(soon.getMonth() + 6);
    const g = fieldGroup(RISK, risk || { kind: 'falls', level: 'low', assessed_on: todayIso(), review_on: soon.toISOString().slice(0, 10) });
    const form = h('form', { class: `risk ${risk ? risk.level : ''}` }, g.element,
      risk ? h('p', { class: 'muted small' }, `Assessed by ${risk.assessed_by || 'unknown'}.`) : null,
      h('button', { type: 'submit' }, risk ? 'Save risk' : 'Add risk'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        if (risk) await api(`/risk-assessments/${risk.id}`, { method: 'PATCH', body: { version: risk.version, ...changed(risk, g.values()) } });
        else await api('/risk-assessments', { method: 'POST', body: { client_id: clientId, ...g.values() } });
        status.show('Risk assessment saved.');
        await load();
      } catch (err) { status.show(describe(err), 'bad'); }
    });
    return form;
  }

  await load();
  return null;
}
