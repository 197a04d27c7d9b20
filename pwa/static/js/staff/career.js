// Career progression (#/staff/career, managers): every working carer's role, whether they are
// ready for the next role or what they still lack, with filters and CSV export; below, the
// agency's career map (the roles, the courses each requires, where each leads), which a manager
// edits (a stale save says who changed what).

import { api, describe, field, h, notice, openDialog, render } from './util.js';
import { downloadCsv, ensureRecordsCss } from './records_kit.js';
import { gapText } from './career_section.js';

export async function show(root) {
  ensureRecordsCss();
  const status = notice();
  const q = h('input', { type: 'search', placeholder: 'Name', 'aria-label': 'Search carers' });
  const roleSel = h('select', { 'aria-label': 'Role' }, h('option', { value: '' }, 'Every role'));
  const readySel = h('select', { 'aria-label': 'Readiness', 'data-testid': 'career-ready-filter' },
    [['', 'Everyone'], ['true', 'Ready for promotion'], ['false', 'Still lacking something']].map(([v, l]) => h('option', { value: v }, l)));
  const table = h('section', { 'aria-live': 'polite', 'data-testid': 'career-table' });
  const mapBox = h('section', { 'data-testid': 'career-map' });
  let courses = [];

  const params = () => {
    const p = new URLSearchParams();
    if (roleSel.value) p.set('role', roleSel.value);
    if (readySel.value) p.set('ready', readySel.value);
    return p;
  };

  async function load() {
    let data;
    try { data = await api(`/career/progression?${params()}`); } catch (err) { status.show(describe(err), 'bad'); return; }
    if (roleSel.options.length === 1) roleSel.append(...data.roles.map((r) => h('option', { value: r.code }, r.name)));
    const text = q.value.trim().toLowerCase();
    const rows = data.carers.filter((c) => !text || c.carer_name.toLowerCase().includes(text));
    render(table, h('p', {}, h('span', { class: 'badge valid' }, `${data.ready_count} ready for promotion`), ` of ${data.carers.length} carers shown.`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'staff-table records-table' },
        h('thead', {}, h('tr', {}, ['Carer', 'Role', 'Lacking for own role', 'Next role', 'Still needs'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows.map((c) => h('tr', { 'data-carer-id': c.carer_id },
          h('th', { scope: 'row' }, h('a', { href: `#/staff/carers/${c.carer_id}`, class: 'staff-link' }, c.carer_name)),
          h('td', {}, c.role_name, c.role_recorded ? h('div', { class: 'muted small' }, `since ${c.since}`) : h('div', { class: 'muted small' }, 'not recorded')),
          h('td', {}, c.current_gaps.length ? c.current_gaps.map(gapText).join('; ') : h('span', { class: 'muted' }, 'nothing')),
          h('td', {}, c.next_roles.map((n) => h('div', {}, n.name, ' ', h('span', { class: `badge ${n.ready ? 'valid' : 'due'}` }, n.ready ? 'ready' : 'not yet')))),
          h('td', {}, c.next_roles.map((n) => h('div', {}, n.ready ? '—' : `${n.name}: ${n.gaps.map(gapText).join('; ')}`)))))))));
  }

  function editRole(role, roles) {
    const name = h('input', { type: 'text', value: role.name, maxlength: 128, required: true });
    const have = new Set(role.requires.map((r) => r.course));
    const courseBoxes = courses.map((c) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: c.code, checked: have.has(c.code) }), ` ${c.name}`));
    const nextBoxes = roles.filter((r) => r.code !== role.code).map((r) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: r.code, checked: role.next_roles.includes(r.code) }), ` ${r.name}`));
    const also = h('textarea', { rows: 3, maxlength: 2000 }, role.also_asks);
    const message = notice();
    const form = h('form', {}, field('Name', name),
      h('fieldset', {}, h('legend', {}, 'Requires'), h('div', { class: 'check-grid' }, courseBoxes)),
      h('fieldset', {}, h('legend', {}, 'Leads to'), h('div', { class: 'check-grid' }, nextBoxes)),
      field('Also asks (in words: experience, abilities)', also), message,
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save role'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Close')));
    const dialog = openDialog(`Role: ${role.name}`, form);
    const ticked = (boxes) => boxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api(`/career/roles/${role.code}`, { method: 'PATCH', body: { version: role.version, name: name.value.trim(),
          requires: ticked(courseBoxes), next_roles: ticked(nextBoxes), also_asks: also.value.trim() } });
        dialog.close();
        status.show(`${name.value.trim()} saved: carers' gaps now follow it.`);
        await Promise.all([loadMap(), load()]);
      } catch (err) { message.show(describe(err), 'bad'); }
    });
  }

  async function loadMap() {
    let roles;
    try { [roles, courses] = await Promise.all([api('/career/roles'), courses.length ? courses : api('/training/courses')]); } catch (err) { status.show(describe(err), 'bad'); return; }
    const nameOf = Object.fromEntries(roles.map((r) => [r.code, r.name]));
    render(mapBox, h('h2', {}, 'Career map'), h('p', { class: 'muted small' }, 'The courses each role requires (from the training records; a higher diploma counts for a lower one) and the roles it leads to.'),
      h('div', { class: 'career-roles' }, roles.map((r) => h('article', { class: 'card', 'data-role': r.code },
        h('h3', {}, r.name),
        h('p', {}, h('strong', {}, 'Requires: '), r.requires.map((c) => c.name).join(', ') || 'nothing recorded'),
        h('p', {}, h('strong', {}, 'Leads to: '), r.next_roles.map((n) => nameOf[n] || n).join(', ') || 'the top of the map'),
        r.also_asks ? h('p', { class: 'muted small' }, `Also asks: ${r.also_asks}`) : null,
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => editRole(r, roles) }, `Edit ${r.name}`)))));
  }

  q.addEventListener('input', load);
  roleSel.addEventListener('change', load);
  readySel.addEventListener('change', load);
  const exportCsv = async () => { try { await downloadCsv(`/career/progression/export.csv?${params()}`, 'career-progression.csv'); } catch (err) { status.show(describe(err), 'bad'); } };
  render(root, h('h1', {}, 'Career progression'), status,
    h('div', { class: 'staff-toolbar' }, q, roleSel, readySel, h('button', { type: 'button', class: 'staff-secondary', onclick: exportCsv }, 'Export CSV')),
    table, mapBox);
  await Promise.all([load(), loadMap()]);
  return null;
}
