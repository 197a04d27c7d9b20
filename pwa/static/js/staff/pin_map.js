// A pin on a Leaflet map that sets a record's coordinates: click the map or drag the pin.
// Without the map library or tiles the coordinates can still be typed in.

import { api, h } from './util.js';
import { loadLeaflet } from './map.js';

let tileUrl = null;

/** Show a map in `box` with a pin at (lat, lon); `onMove(lat, lon)` runs when the pin moves. */
export async function pinMap(box, lat, lon, onMove) {
  const status = h('p', { class: 'muted small', role: 'status', 'data-testid': 'pin-status' });
  const canvas = h('div', { class: 'staff-map', 'data-testid': 'pin-map' });
  box.replaceChildren(canvas, status);
  let L;
  try {
    L = await loadLeaflet();
    tileUrl = tileUrl || (await api('/planner/settings')).tile_url;
  } catch (err) {
    status.textContent = `The map is not available (${err.message}); type the coordinates instead.`;
    return { moveTo() {} };
  }
  const start = [lat || 51.43, lon || -2.85];
  const map = L.map(canvas).setView(start, lat ? 15 : 11);
  const tiles = L.tileLayer(tileUrl, { maxZoom: 18, attribution: '&copy; OpenStreetMap contributors' });
  tiles.on('tileerror', () => { status.textContent = 'Map tiles could not load; the pin still works.'; });
  tiles.addTo(map);
  const pin = L.marker(start, { draggable: true, title: 'Home', keyboard: true }).addTo(map);
  const moved = (ll) => {
    pin.setLatLng(ll);
    onMove(Number(ll.lat.toFixed(6)), Number(ll.lng.toFixed(6)));
    status.textContent = `Pin at ${ll.lat.toFixed(5)}, ${ll.lng.toFixed(5)}.`;
  };
  map.on('click', (e) => moved(e.latlng));
  pin.on('dragend', () => moved(pin.getLatLng()));
  status.textContent = 'Click the map or drag the pin to the front door.';
  return {
    moveTo(newLat, newLon) { const ll = L.latLng(newLat, newLon); pin.setLatLng(ll); map.setView(ll, 16); },
  };
}
