// Helpers the staff screens share: API calls with readable errors, times, small widgets.

import { api, ApiError } from '/js/api.js';
import { h } from '/js/ui.js';

export { api, ApiError };
export { h, render, field, todayIso, addDays, dayLabel } from '/js/ui.js';

export function minutes(hhmm) {
  const [hh, mm] = hhmm.split(':').map(Number);
  return hh * 60 + mm;
}

export function hhmm(total) {
  const m = Math.max(0, Math.round(total));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function mondayOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The message to show for a failed call: the server's field and reason where it gave them. */
export function describe(err) {
  if (err instanceof ApiError) {
    const extra = err.body && Array.isArray(err.body.extra) ? err.body.extra : [];
    const fields = extra.map((e) => `${e.key}: ${e.message}`).join('; ');
    if (err.status === 409) return `Someone changed this meanwhile: ${err.message}`;
    return fields || err.message;
  }
  return err && err.message ? err.message : String(err);
}

/** A live region for the result of an action (screen readers hear it). */
export function notice() {
  const el = h('p', { class: 'staff-notice', role: 'status', 'aria-live': 'polite' });
  el.show = (text, kind = 'ok') => { el.textContent = text; el.dataset.kind = kind; };
  return el;
}

export function dateInput(value, label, onchange) {
  const input = h('input', { type: 'date', value, 'aria-label': label });
  input.addEventListener('change', () => onchange(input.value));
  return input;
}

/** A modal dialog (native <dialog>) that resolves when closed. */
export function openDialog(title, ...content) {
  const dialog = h('dialog', { class: 'staff-dialog', 'aria-label': title }, h('h2', {}, title), ...content);
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
  return dialog;
}
