// One client's record: who they are, address and pin, needs and alerts, contacts, preferred and
// excluded carers, access (the key safe code is shown on request only, and each view is
// audited), status and the ceased process. Saves send the version read: a stale save is
// refused and the server's answer says who changed what.

import { api, describe, field, h, notice, openDialog, render, todayIso } from './util.js';
import { changed, fieldGroup, word } from './records_kit.js';
import { pinMap } from './pin_map.js';

const opts = (values) => values.map((v) => [v, word(v)]);
const ABOUT = [
  { name: 'name', label: 'Full name', required: true, max: 128 },
  { name: 'preferred_name', label: 'Preferred name', max: 128 },
  { name: 'date_of_birth', label: 'Date of birth', type: 'date' },
  { name: 'phone', label: 'Phone', type: 'tel', max: 32 },
  { name: 'funder', label: 'Funded by', type: 'select', options: opts(['local_authority', 'nhs_chc', 'private', 'other']) },
  { name: 'gender_preference', label: 'Carer gender', type: 'select', options: opts(['any', 'female', 'male']) },
];
const ADDRESS = [
  { name: 'address', label: 'Address', required: true, max: 255, wide: true },
  { name: 'town', label: 'Town', max: 64 },
  { name: 'postcode', label: 'Postcode', max: 16 },
  { name: 'lat', label: 'Latitude', type: 'number', step: 'any', required: true },
  { name: 'lon', label: 'Longitude', type: 'number', step: 'any', required: true },
];
const NEEDS = [
  { name: 'alerts', label: 'Alerts shown to carers at the call', type: 'textarea', max: 2000, wide: true },
  { name: 'allergies', label: 'Allergies', type: 'textarea', max: 2000 },
  { name: 'communication_needs', label: 'Communication needs', type: 'textarea', max: 2000 },
];
const STATUS = [
  { name: 'status', label: 'Status', type: 'select', options: opts(['active', 'in_hospital', 'ceased']) },
  { name: 'status_since', label: 'Since', type: 'date' },
  { name: 'status_reason', label: 'Reason', max: 255 },
];
const ACCESS = [
  { name: 'access_notes', label: 'Access notes', type: 'textarea', max: 2000, wide: true },
  { name: 'key_safe_code', label: 'Key safe code', max: 32 },
];
const BLANK = { name: '', address: '', lat: null, lon: null, funder: 'local_authority', gender_preference: 'any', status: 'active', contacts: [], carer_preferences: [] };

/** Editable rows of a list (contacts, carer preferences): each row a set of controls. */
function rowsEditor(title, rows, makeRow, blank) {
  const body = h('div', { class: 'rows-editor' });
  const editors = [];
  const add = (row) => {
    const controls = makeRow(row);
    const line = h('div', { class: 'row editor-row' }, controls.element,
      h('button', { type: 'button', class: 'staff-secondary', 'aria-label': `Remove this ${title}`, onclick: () => {
        line.remove(); editors.splice(editors.indexOf(controls), 1);
      } }, 'Remove'));
    editors.push(controls);
    body.append(line);
  };
  rows.forEach(add);
  return {
    element: h('div', {}, body, h('button', { type: 'button', class: 'staff-secondary', onclick: () => add(blank()) }, `Add ${title}`)),
    values: () => editors.map((e) => e.values()),
  };
}

export async function showClient(root, { arg }) {
  const [idPart, sub] = arg.split('/');
  if (sub) {
    const module = await import(sub === 'pattern' ? './pattern.js' : './care_plan.js');
    return module.show(root, { clientId: Number(idPart) });
  }
  const isNew = idPart === 'new';
  const status = notice();
  let client = BLANK;
  let carers = [];
  try {
    [client, carers] = await Promise.all([
      isNew ? BLANK : api(`/clients/${Number(idPart)}`),
      api('/carers?limit=500').then((p) => p.items),
    ]);
  } catch (err) { render(root, h('h1', {}, 'Client'), h('p', { class: 'flag' }, describe(err))); return null; }

  const about = fieldGroup(ABOUT, client);
  const address = fieldGroup(ADDRESS, client);
  const needs = fieldGroup(NEEDS, client);
  const state = fieldGroup(STATUS, client);
  const access = fieldGroup(ACCESS, {});
  const mapBox = h('div', { class: 'map-box' });
  const contacts = rowsEditor('contact', client.contacts, (c) => fieldGroup([
    { name: 'kind', label: 'Who', type: 'select', options: opts(['next_of_kin', 'family', 'social_worker', 'gp', 'other']) },
    { name: 'name', label: 'Name', required: true, max: 128 },
    { name: 'relationship', label: 'Relationship', max: 64 },
    { name: 'phone', label: 'Phone', type: 'tel', max: 32 },
    { name: 'email', label: 'Email', type: 'email', max: 128 },
    { name: 'may_be_told', label: 'May be told', max: 255 },
  ], c), () => ({ kind: 'family', name: '' }));
  const carerOptions = [['', 'Choose a carer'], ...carers.map((c) => [c.id, c.name])];
  const prefs = rowsEditor('carer preference', client.carer_preferences, (p) => {
    const g = fieldGroup([
      { name: 'carer_id', label: 'Carer', type: 'select', options: carerOptions },
      { name: 'kind', label: 'Preferred or excluded', type: 'select', options: opts(['preferred', 'excluded']) },
      { name: 'reason', label: 'Why', max: 255 },
    ], p);
    return { element: g.element, values: () => ({ ...g.values(), carer_id: Number(g.values().carer_id) }) };
  }, () => ({ kind: 'preferred', reason: '' }));

  const lat = address.control('lat');
  const lon = address.control('lon');
  const pin = await pinMap(mapBox, client.lat, client.lon, (la, lo) => { lat.value = la; lon.value = lo; });
  const found = h('div', { class: 'geocode-results', 'aria-live': 'polite', 'data-testid': 'geocode-results' });
  const lookUp = async () => {
    const a = address.values();
    try {
      const places = await api(`/clients/geocode?q=${encodeURIComponent([a.address, a.town, a.postcode].filter(Boolean).join(', '))}`);
      render(found, places.length ? places.map((p) => h('button', { type: 'button', class: 'staff-secondary', onclick: () => {
        lat.value = p.lat; lon.value = p.lon; pin.moveTo(p.lat, p.lon); render(found);
      } }, p.label)) : h('p', { class: 'muted' }, 'No match: drop the pin on the map.'));
    } catch (err) { render(found, h('p', { class: 'muted' }, describe(err))); }
  };
  address.element.append(h('div', { class: 'field wide' },
    h('button', { type: 'button', class: 'staff-secondary', onclick: lookUp }, 'Find coordinates from the address'), found));
  for (const el of [lat, lon]) el.addEventListener('change', () => { if (lat.value && lon.value) pin.moveTo(Number(lat.value), Number(lon.value)); });

  // The key safe code stays hidden until asked for: every view is written to the audit trail.
  let accessShown = isNew;
  const accessBox = h('div', { 'data-testid': 'access-box' });
  const showAccess = async () => {
    try {
      const s = await api(`/clients/${client.id}/sensitive`);
      access.control('access_notes').value = s.access_notes;
      access.control('key_safe_code').value = s.key_safe_code;
      accessShown = true;
      render(accessBox, access.element, h('p', { class: 'muted small' }, 'This view was recorded in the audit trail.'));
    } catch (err) { status.show(describe(err), 'bad'); }
  };
  if (isNew) render(accessBox, access.element);
  else render(accessBox, h('p', {}, client.has_key_safe_code ? 'A key safe code is recorded. ' : 'No key safe code recorded. ',
    h('button', { type: 'button', class: 'staff-secondary', 'data-testid': 'show-key-safe', onclick: showAccess }, 'Show access notes and key safe code')));

  function values() {
    const v = { ...about.values(), ...address.values(), ...needs.values(), ...state.values(),
      contacts: contacts.values(), carer_preferences: prefs.values().filter((p) => p.carer_id) };
    if (accessShown) Object.assign(v, access.values());
    return v;
  }

  async function save(event) {
    event.preventDefault();
    try {
      if (isNew) {
        const made = await api('/clients', { method: 'POST', body: values() });
        location.hash = `#/staff/clients/${made.id}`;
        return;
      }
      const diff = changed(client, values());
      if (accessShown) Object.assign(diff, access.values());
      if (!Object.keys(diff).length) { status.show('Nothing changed.'); return; }
      client = await api(`/clients/${client.id}`, { method: 'PATCH', body: { version: client.version, ...diff } });
      status.show(`Saved (version ${client.version}).`);
    } catch (err) { status.show(describe(err), 'bad'); }
  }

  function cease() {
    const date = h('input', { type: 'date', value: todayIso(), required: true });
    const reason = h('input', { type: 'text', required: true, maxlength: 255, placeholder: 'e.g. moved to a care home' });
    const form = h('form', {}, h('p', {}, 'Their calls from this date are cancelled and no new ones are made. Visits, notes, care plans and the audit trail are kept.'),
      field('Last day of care', date), field('Reason', reason),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Cease care'),
        h('button', { type: 'button', class: 'staff-secondary', onclick: () => dialog.close() }, 'Keep')));
    const dialog = openDialog(`Cease ${client.name}'s care`, form);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        client = await api(`/clients/${client.id}/cease`, { method: 'POST', body: { version: client.version, date: date.value, reason: reason.value } });
        dialog.close();
        status.show(`${client.name} ceased from ${client.status_since}: coming calls cancelled, history kept.`);
        for (const [k, v] of Object.entries(state.values())) if (k in client) state.control(k).value = client[k] ?? '';
        state.control('status').value = client.status;
      } catch (err) { status.show(describe(err), 'bad'); }
    });
  }

  const form = h('form', { class: 'record-form', 'data-testid': 'client-form' },
    h('section', { class: 'card' }, h('h2', {}, 'About'), about.element),
    h('section', { class: 'card two-col' }, h('div', {}, h('h2', {}, 'Address'), address.element), mapBox),
    h('section', { class: 'card' }, h('h2', {}, 'Needs and alerts'), needs.element),
    h('section', { class: 'card' }, h('h2', {}, 'Contacts'), contacts.element),
    h('section', { class: 'card' }, h('h2', {}, 'Preferred and excluded carers'), prefs.element),
    h('section', { class: 'card' }, h('h2', {}, 'Access'), accessBox),
    h('section', { class: 'card' }, h('h2', {}, 'Status'), state.element),
    h('div', { class: 'actions sticky-actions' }, h('button', { type: 'submit', 'data-testid': 'save-client' }, isNew ? 'Add client' : 'Save changes'),
      !isNew && client.status !== 'ceased' ? h('button', { type: 'button', class: 'staff-secondary', onclick: cease }, 'Cease care…') : null));
  form.addEventListener('submit', save);
  render(root,
    h('p', {}, h('a', { href: '#/staff/clients', class: 'staff-link' }, '← All clients')),
    h('h1', {}, isNew ? 'New client' : client.name, !isNew ? h('span', { class: `badge ${client.status}` }, word(client.status)) : null),
    !isNew ? h('nav', { class: 'record-tabs', 'aria-label': 'Client record' },
      h('a', { href: `#/staff/clients/${client.id}/pattern`, class: 'staff-link' }, 'Weekly pattern'),
      h('a', { href: `#/staff/clients/${client.id}/plan`, class: 'staff-link' }, 'Care plan')) : null,
    status, form);
  return null;
}
