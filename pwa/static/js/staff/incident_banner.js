// The alert on every staff screen while a high-severity or safeguarding incident has not been
// seen by a manager: refreshed on each screen change and every minute. A manager's "Seen" takes
// it away for everyone (the web push already reached the managers' devices).

import { api, h, render } from './util.js';
import { TYPE_WORDS } from './incidents.js';

const EVERY_MS = 60_000;

export function incidentBanner(user) {
  const el = h('div', { class: 'staff-alerts', role: 'alert', 'data-testid': 'incident-alerts' });
  const canAcknowledge = ['manager', 'admin'].includes(user.role);

  async function refresh() {
    let alerts;
    try { alerts = await api('/incidents/alerts'); } catch { return; }
    render(el, alerts.map((a) => h('p', { class: 'staff-alert' },
      h('strong', {}, `${a.type === 'safeguarding' ? 'Safeguarding concern' : `High-severity ${TYPE_WORDS[a.type] || a.type}`}${a.client_name ? `: ${a.client_name}` : ''}`),
      ` · ${a.what_happened.slice(0, 120)} `,
      h('a', { href: `#/staff/incidents/${a.id}` }, 'Open'),
      canAcknowledge ? h('button', { type: 'button', class: 'staff-secondary', onclick: async () => {
        try { await api(`/incidents/${a.id}/acknowledge`, { method: 'POST' }); } catch { /* shown again next refresh */ }
        refresh();
      } }, 'Seen') : null)));
  }

  const timer = setInterval(refresh, EVERY_MS);
  refresh();
  return { el, refresh, stop: () => clearInterval(timer) };
}
