// A run's route on a Leaflet map. Leaflet is vendored (pwa/static/vendor/leaflet); the tile
// server comes from the planner settings. Without tiles the route is still drawn.

import { api, h } from './util.js';

let leafletLoading = null;
let settings = null;

export function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (!leafletLoading) {
    leafletLoading = new Promise((resolve, reject) => {
      document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/leaflet/leaflet.css' }));
      const script = h('script', { src: '/vendor/leaflet/leaflet.js' });
      script.addEventListener('load', () => resolve(window.L));
      script.addEventListener('error', () => { leafletLoading = null; reject(new Error('the map library did not load')); });
      document.head.append(script);
    });
  }
  return leafletLoading;
}

/** Draw `calls` (each with lat, lon, client_name, planned_start) in order inside `box`. */
export async function showRoute(box, title, calls, home = null) {
  const status = h('p', { class: 'muted small', role: 'status', 'data-testid': 'map-status' });
  const canvas = h('div', { class: 'staff-map', 'data-testid': 'route-map' });
  box.replaceChildren(h('h3', {}, title), canvas, status);
  let L;
  try {
    L = await loadLeaflet();
    settings = settings || await api('/planner/settings');
  } catch (err) {
    status.textContent = `The map is not available (${err.message}); the board works without it.`;
    return;
  }
  const map = L.map(canvas, { zoomControl: true, attributionControl: true });
  const tiles = L.tileLayer(settings.tile_url, { maxZoom: 18, attribution: '&copy; OpenStreetMap contributors' });
  let failed = false;
  tiles.on('tileerror', () => {
    if (!failed) status.textContent = 'Map tiles could not load; the route is drawn without them.';
    failed = true;
  });
  tiles.addTo(map);
  const points = [];
  if (home) points.push([home.lat, home.lon]);
  calls.forEach((c, i) => {
    points.push([c.lat, c.lon]);
    L.circleMarker([c.lat, c.lon], { radius: 9, color: '#07403d', fillColor: '#0b5e5a', fillOpacity: 0.9 })
      .bindTooltip(`${i + 1}. ${c.planned_start} ${c.client_name}`, { permanent: false })
      .addTo(map);
  });
  if (points.length) {
    L.polyline(points, { color: '#1f5fbf', weight: 4 }).addTo(map);
    map.fitBounds(L.latLngBounds(points).pad(0.2));
  } else {
    map.setView([51.43, -2.85], 11);
  }
  status.textContent = status.textContent || `${calls.length} calls in order.`;
}
