// Small DOM helpers shared by the screens: build elements safely (text, never HTML strings).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') el.style.cssText = value; // CSSOM: allowed by the CSP, a style attribute is not
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function render(root, ...children) {
  root.replaceChildren(...children.flat(Infinity).filter(Boolean));
}

let fieldSeq = 0;
/** A labelled form field: the label names the control for screen readers. */
export function field(label, control, hint = null) {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const parts = [h('label', { for: id }, label)];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('p', { id: hintId, class: 'muted small' }, hint));
  }
  parts.push(control);
  return h('div', { class: 'field' }, parts);
}

export function todayIso() {
  const d = new Date();
  return isoDate(d);
}

export function isoDate(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function addDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return isoDate(new Date(y, m - 1, d + days));
}

export function dayLabel(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
}

export function timeLabel(ms) {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

export function mapsLink(lat, lon, text) {
  const url = `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(`${lat},${lon}`)}`;
  return h('a', { href: url, target: '_blank', rel: 'noopener', class: 'button secondary' }, text);
}

export function errorBox(message) {
  return h('p', { class: 'error', role: 'alert' }, message);
}

export function statusBadge(status, waiting = false) {
  const words = { planned: 'Planned', in_progress: 'In progress', done: 'Done', missed: 'Missed', cancelled: 'Cancelled' };
  return h('span', { class: `badge ${status}` }, (words[status] || status) + (waiting ? ' (waiting to sync)' : ''));
}
