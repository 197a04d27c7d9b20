// Charts of the reports, drawn by Chart.js (vendored: pwa/static/vendor/chartjs, loaded only
// when a report opens). A chart comes from the API as {key, title, kind, labels, series, unit};
// the table beneath each report carries the same figures for those who would rather read.

import { h } from './util.js';

let loading = null;
const COLOURS = ['#0b5e5a', '#d97706', '#6b46c1', '#b91c1c', '#2563eb', '#4a5568'];

function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = h('script', { src: '/vendor/chartjs/chart.umd.min.js' });
      script.addEventListener('load', () => resolve(window.Chart));
      script.addEventListener('error', () => { loading = null; reject(new Error('the chart library did not load')); });
      document.head.append(script);
    });
  }
  return loading;
}

/** A figure with a chart of `spec` inside; returns {element, destroy}. */
export function chartBox(spec) {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${spec.title} (chart; the table below has the figures)` });
  const height = spec.kind === 'hbar' ? Math.max(180, 28 * spec.labels.length + 60) : 260;
  const frame = h('div', { class: 'report-chart-frame', style: `height:${height}px` }, canvas);
  const element = h('figure', { class: 'report-chart', 'data-chart': spec.key }, h('figcaption', {}, spec.title), frame);
  let chart = null;
  const ready = loadChartJs().then((Chart) => {
    const horizontal = spec.kind === 'hbar';
    chart = new Chart(canvas, {
      type: spec.kind === 'line' ? 'line' : 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s, i) => ({
          label: s.name, data: s.values, stack: s.stack || undefined,
          type: s.kind === 'line' ? 'line' : undefined,
          backgroundColor: COLOURS[i % COLOURS.length], borderColor: COLOURS[i % COLOURS.length],
          spanGaps: true,
        })),
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x', responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: 'bottom' } },
        scales: { [horizontal ? 'x' : 'y']: { beginAtZero: spec.kind !== 'line', stacked: spec.series.some((s) => s.stack),
          title: { display: Boolean(spec.unit), text: spec.unit } },
        [horizontal ? 'y' : 'x']: { stacked: spec.series.some((s) => s.stack) } },
      },
    });
    element.dataset.drawn = 'yes';
  }).catch((err) => { frame.replaceChildren(h('p', { class: 'muted' }, `Chart not shown: ${err.message}.`)); });
  return { element, ready, destroy: () => chart && chart.destroy() };
}
