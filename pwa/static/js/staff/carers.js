// Carers: the list with search and filters, the checks due (DBS, drivers' licence and
// insurance) and CSV export (#/staff/carers); a carer's record (#/staff/carers/ID, /new to add)
// with employment and checks, home on the map, their training, and the staff defaults (default
// rota, its exceptions, contracted hours and changes of hours: carer_defaults.js).

import { api, describe, h, notice, render } from './util.js';
import { changed, downloadCsv, ensureRecordsCss, fieldGroup } from './records_kit.js';
import { pinMap } from './pin_map.js';
import { careerSection } from './career_section.js';
import { supervisionSection } from './carer_supervision.js';
import { staffDefaults } from './carer_defaults.js';

const ABOUT = [
  { name: 'name', label: 'Name', required: true, max: 128 },
  { name: 'phone', label: 'Phone', type: 'tel', max: 32 },
  { name: 'email', label: 'E-mail', type: 'email', max: 128 },
  { name: 'gender', label: 'Gender', type: 'select', options: [['female', 'Female'], ['male', 'Male'], ['other', 'Other']] },
  { name: 'transport_mode', label: 'Travels by', type: 'select', options: [['car', 'Car'], ['walk', 'Walking'], ['bike', 'Cycling'], ['public', 'Public transport']] },
  { name: 'contracted_hours', label: 'Contracted hours a week', type: 'number', step: '0.5', min: 0, maxValue: 80 },
  { name: 'active', label: 'Working for the agency', type: 'checkbox' },
];
const HOME = [
  { name: 'home_postcode', label: 'Home postcode', max: 16 },
  { name: 'home_lat', label: 'Latitude', type: 'number', step: 'any', required: true },
  { name: 'home_lon', label: 'Longitude', type: 'number', step: 'any', required: true },
];
const CHECKS = [
  { name: 'employment_start', label: 'Employed from', type: 'date' },
  { name: 'employment_end', label: 'Employed until', type: 'date' },
  { name: 'dbs_number', label: 'DBS certificate number', max: 32 },
  { name: 'dbs_renewal_on', label: 'DBS renewal due', type: 'date' },
  { name: 'right_to_work_checked_on', label: 'Right to work checked', type: 'date' },
  { name: 'driving_licence_expires_on', label: 'Driving licence expires', type: 'date', hint: 'Drivers only' },
  { name: 'business_insurance_expires_on', label: 'Business insurance expires', type: 'date', hint: 'Drivers only' },
];

export async function show(root, { arg, user }) {
  ensureRecordsCss();
  return arg ? showCarer(root, arg, user) : showList(root);
}

async function showList(root) {
  const status = notice();
  const q = h('input', { type: 'search', placeholder: 'Name', 'aria-label': 'Search carers' });
  const transport = h('select', { 'aria-label': 'Travels by' }, [['', 'Any transport'], ['car', 'Car'], ['walk', 'Walking'], ['bike', 'Cycling'], ['public', 'Public transport']].map(([v, l]) => h('option', { value: v }, l)));
  const active = h('select', { 'aria-label': 'Working' }, [['true', 'Working'], ['false', 'Left'], ['', 'Everyone']].map(([v, l]) => h('option', { value: v }, l)));
  const list = h('section', { 'aria-live': 'polite', 'data-testid': 'carer-list' });
  const checks = h('section', { class: 'card', 'data-testid': 'checks-due' });
  const params = () => { const p = new URLSearchParams({ limit: '500' }); if (q.value.trim()) p.set('q', q.value.trim()); if (active.value) p.set('active', active.value); if (transport.value) p.set('transport_mode', transport.value); return p; };
  async function load() {
    let page; let due;
    try { [page, due] = await Promise.all([api(`/carers?${params()}`), api('/carers/checks-due?within_days=30')]); } catch (err) { status.show(describe(err), 'bad'); return; }
    render(list, h('table', { class: 'staff-table records-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Phone', 'Travels by', 'Hours', 'Skills'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map((c) => h('tr', { 'data-carer-id': c.id },
        h('th', { scope: 'row' }, h('a', { href: `#/staff/carers/${c.id}`, class: 'staff-link' }, c.name), c.active ? null : h('span', { class: 'badge ceased' }, 'left')),
        h('td', {}, c.phone), h('td', {}, c.transport_mode), h('td', {}, hoursCell(c)), h('td', {}, c.skills.join(', ')))))));
    render(checks, h('h2', {}, `Checks overdue or due in 30 days (${due.length})`),
      due.length ? h('ul', { class: 'staff-list compact' }, due.map((d) => h('li', {},
        h('span', { class: `badge ${d.overdue ? 'overdue' : 'due'}` }, d.overdue ? 'overdue' : 'due'),
        h('a', { href: `#/staff/carers/${d.carer_id}`, class: 'staff-link' }, d.carer_name), ` ${d.check}: ${d.due_on || 'not recorded'}`))) : h('p', { class: 'muted' }, 'All in date.'));
  }
  q.addEventListener('input', load);
  active.addEventListener('change', load);
  transport.addEventListener('change', load);
  const exportCsv = async () => { try { await downloadCsv(`/carers/export.csv${active.value ? `?active=${active.value}` : ''}`, 'carers.csv'); } catch (err) { status.show(describe(err), 'bad'); } };
  render(root, h('h1', {}, 'Carers'), status, checks,
    h('div', { class: 'staff-toolbar' }, q, transport, active, h('a', { href: '#/staff/carers/new', class: 'button', role: 'button' }, 'Add a carer'),
      h('button', { type: 'button', class: 'staff-secondary', onclick: exportCsv }, 'Export CSV')), list);
  await load();
  return null;
}

async function showCarer(root, arg, user) {
  const isNew = arg === 'new';
  const status = notice();
  let carer = { name: '', gender: 'female', transport_mode: 'car', contracted_minutes: 0, active: true, availability: [], home_lat: null, home_lon: null };
  let training = [];
  try {
    if (!isNew) [carer, training] = await Promise.all([api(`/carers/${Number(arg)}`), api(`/training/records?carer_id=${Number(arg)}`)]);
  } catch (err) { render(root, h('h1', {}, 'Carer'), h('p', { class: 'flag' }, describe(err))); return null; }
  const view = { ...carer, contracted_hours: carer.contracted_minutes / 60 };
  // A saved carer's hours change from a date, in the staff defaults below; a new one starts on these.
  const about = fieldGroup(isNew ? ABOUT : ABOUT.filter((f) => f.name !== 'contracted_hours'), view);
  const home = fieldGroup(HOME, view);
  const checks = fieldGroup(CHECKS, view);
  const mapBox = h('div', { class: 'map-box' });
  const lat = home.control('home_lat'); const lon = home.control('home_lon');
  await pinMap(mapBox, carer.home_lat, carer.home_lon, (la, lo) => { lat.value = la; lon.value = lo; });
  const values = () => {
    const v = { ...about.values(), ...home.values(), ...checks.values() };
    if ('contracted_hours' in v) v.contracted_minutes = Math.round((v.contracted_hours || 0) * 60);
    delete v.contracted_hours;
    return v;
  };
  const form = h('form', { class: 'record-form', 'data-testid': 'carer-form' },
    h('section', { class: 'card' }, h('h2', {}, 'About'), about.element),
    h('section', { class: 'card two-col' }, h('div', {}, h('h2', {}, 'Home'), home.element), mapBox),
    h('section', { class: 'card' }, h('h2', {}, 'Employment and checks'), checks.element),
    !isNew ? h('section', { class: 'card' }, h('h2', {}, 'Training and qualifications'),
      training.length ? h('ul', { class: 'staff-list compact' }, training.map((t) => h('li', {}, h('span', { class: `badge ${t.status}` }, t.status),
        ` ${t.name}${t.expires_on ? `, expires ${t.expires_on}` : ''}`))) : h('p', { class: 'muted' }, 'None recorded.'),
      h('a', { href: '#/staff/training', class: 'staff-link' }, 'Record training on the matrix')) : null,
    h('div', { class: 'actions sticky-actions' }, h('button', { type: 'submit' }, isNew ? 'Add carer' : 'Save changes')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      if (isNew) {
        const made = await api('/carers', { method: 'POST', body: values() });
        location.hash = `#/staff/carers/${made.id}`;
        return;
      }
      const diff = changed(carer, values());
      if (!Object.keys(diff).length) { status.show('Nothing changed.'); return; }
      carer = await api(`/carers/${carer.id}`, { method: 'PATCH', body: { version: carer.version, ...diff } });
      status.show(`Saved (version ${carer.version}).`);
    } catch (err) { status.show(describe(err), 'bad'); }
  });
  render(root, h('p', {}, h('a', { href: '#/staff/carers', class: 'staff-link' }, '← All carers')),
    h('h1', {}, isNew ? 'New carer' : carer.name), status, form,
    isNew ? null : staffDefaults({ carer: () => carer, saved: (next) => { carer = { ...carer, ...next }; } }),
    isNew ? null : careerSection(carer.id, user),
    isNew ? null : supervisionSection(carer));
  return null;
}

// Hours in force, and the next change of hours when one is scheduled ("30 → 22.5 from 8 Dec").
function hoursCell(c) {
  const now = (c.contracted_minutes / 60).toString();
  const next = c.next_hours_change;
  return next ? `${now} → ${next.contracted_minutes / 60} from ${next.effective_from}` : now;
}
