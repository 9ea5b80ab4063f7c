// Analytics over a time range, per model and provider, drawn with Chart.js (served from the jar).
import {get} from './api.js';
import {el, replace} from './dom.js';
import * as fmt from './format.js';
import {setParams} from './app.js';

const RANGES = {'24h': ['Last 24 hours', 86400e3], '7d': ['Last 7 days', 7 * 86400e3],
  '30d': ['Last 30 days', 30 * 86400e3], '90d': ['Last 90 days', 90 * 86400e3]};
const COLORS = ['#3b5bdb', '#f08c00', '#2f9e44', '#c2255c', '#7048e8', '#1098ad', '#e8590c', '#5c940d', '#868e96'];

export function renderAnalytics(root, params) {
  let range = RANGES[params.get('range')] ? params.get('range') : '7d';
  let charts = [];
  let disposed = false;
  let loadedAt = 0;
  const body = el('div', {'data-testid': 'analytics-body'}, el('p', {class: 'muted'}, 'Loading…'));

  const select = el('select', {'data-testid': 'analytics-range', 'aria-label': 'Time range', onchange: () => {
    range = select.value;
    const p = new URLSearchParams();
    p.set('range', range);
    setParams(p);
    load();
  }}, Object.entries(RANGES).map(([k, [label]]) => el('option', {value: k, selected: k === range}, label)));

  replace(root, el('div', {class: 'trace-head'}, el('h1', {}, 'Analytics'), el('span', {class: 'spacer'}), select), body);

  async function load() {
    loadedAt = Date.now();
    const to = Date.now() + 1;
    const from = to - RANGES[range][1];
    try {
      const report = await get('/api/analytics', {from, to, tz: new Date().getTimezoneOffset()});
      if (disposed) return;
      draw(report);
    } catch (e) {
      replace(body, el('p', {class: 'bad'}, 'Could not load analytics: ' + e.message));
    }
  }

  function draw(r) {
    charts.forEach((c) => c.destroy());
    charts = [];
    const label = (b) => {
      const d = new Date(b);
      return r.bucket === 'hour' ? d.toLocaleTimeString('en-GB', {hour: '2-digit', minute: '2-digit'})
          : d.toLocaleDateString('en-GB', {day: 'numeric', month: 'short'});
    };
    const labels = r.buckets.map(label);
    const keys = r.models.map((m) => key(m));
    const totals = r.models.reduce((a, m) => {
      a.calls += m.calls; a.errors += m.errors; a.hits += m.cacheHits; a.tokens += m.totalTokens || 0;
      a.saved += m.savedMs || 0; a.savedTokens += m.savedTokens || 0;
      if (m.costUsd === null && (m.promptTokens !== null || m.completionTokens !== null)) a.costUnknown = true;
      else a.cost += m.costUsd || 0;
      return a;
    }, {calls: 0, errors: 0, hits: 0, tokens: 0, cost: 0, saved: 0, savedTokens: 0, costUnknown: false});

    const canvases = {};
    const chartBox = (id, title, note) => {
      canvases[id] = el('canvas', {'data-testid': 'chart-' + id, 'aria-label': title, role: 'img'});
      return el('div', {class: 'chart-card'}, el('h3', {}, title), note ? el('p', {class: 'small muted'}, note) : null,
          el('div', {class: 'chart-box'}, canvases[id]));
    };
    const bucketWord = r.bucket === 'hour' ? 'hour' : 'day';
    replace(body,
        el('div', {class: 'cards'},
            card('Model calls', fmt.count(totals.calls), 'calls'),
            card('Error rate', fmt.pct(totals.calls ? totals.errors / totals.calls : null), 'error-rate'),
            card('Cost', totals.costUnknown ? fmt.cost(totals.cost) + ' + unpriced' : fmt.cost(totals.cost), 'cost'),
            card('Tokens', fmt.count(totals.tokens), 'tokens'),
            card('Cache hit rate', fmt.pct(totals.calls ? totals.hits / totals.calls : null), 'cache-rate'),
            card('Saved by cache', totals.hits ? fmt.ms(totals.saved) + ' · ' + fmt.count(totals.savedTokens) + ' tokens' : fmt.DASH, 'saved')),
        r.models.length === 0 ? el('p', {class: 'muted', 'data-testid': 'analytics-empty'}, 'No model calls in this range.') : null,
        el('div', {class: 'charts'},
            chartBox('calls', 'Calls per ' + bucketWord),
            chartBox('latency', 'Latency per model (p50 / p95 / p99)', 'Cache hits excluded.'),
            chartBox('tokens', 'Tokens per ' + bucketWord),
            chartBox('cost', 'Cost per ' + bucketWord + ' (USD)', 'Models without a price are left out, never guessed.'),
            chartBox('errors', 'Error rate per model'),
            chartBox('cache', 'Cache hit rate per model')),
        el('h3', {}, 'Per model'),
        el('table', {class: 'models', 'data-testid': 'model-table'},
            el('thead', {}, el('tr', {}, ['Model', 'Provider', 'Calls', 'Errors', 'p50', 'p95', 'p99', 'Prompt tok', 'Compl. tok',
              'Cost', 'Cache hits', 'Saved'].map((h) => el('th', {}, h)))),
            el('tbody', {}, r.models.map((m) => el('tr', {'data-testid': 'model-row'},
                el('td', {}, m.model || '(none)'), el('td', {}, m.provider || ''),
                el('td', {class: 'num'}, fmt.count(m.calls)),
                el('td', {class: 'num'}, fmt.count(m.errors) + ' (' + fmt.pct(m.errorRate) + ')'),
                el('td', {class: 'num'}, fmt.ms(m.p50)), el('td', {class: 'num'}, fmt.ms(m.p95)),
                el('td', {class: 'num'}, fmt.ms(m.p99)),
                el('td', {class: 'num'}, fmt.count(m.promptTokens)), el('td', {class: 'num'}, fmt.count(m.completionTokens)),
                el('td', {class: 'num', 'data-testid': 'model-cost'}, fmt.cost(m.costUsd)),
                el('td', {class: 'num'}, fmt.count(m.cacheHits) + ' (' + fmt.pct(m.cacheHitRate) + ')'),
                el('td', {class: 'num'}, m.savedMs ? fmt.ms(m.savedMs) : fmt.DASH))))),
        el('h3', {}, 'Eval pass rates'),
        r.evals.length === 0 ? el('p', {class: 'muted'}, 'No evals in this range.')
            : el('table', {class: 'models', 'data-testid': 'eval-table'},
                el('thead', {}, el('tr', {}, ['Eval', 'Results', 'Passed', 'Failed', 'Pass rate'].map((h) => el('th', {}, h)))),
                el('tbody', {}, r.evals.map((e) => el('tr', {'data-testid': 'eval-stat'},
                    el('td', {}, e.name), el('td', {class: 'num'}, fmt.count(e.results)),
                    el('td', {class: 'num'}, fmt.count(e.passed)), el('td', {class: 'num'}, fmt.count(e.failed)),
                    el('td', {class: 'num'}, fmt.pct(e.passRate)))))));

    if (!window.Chart) {
      replace(body, el('p', {class: 'bad'}, 'Chart.js did not load.'));
      return;
    }
    const index = new Map(r.buckets.map((b, i) => [b, i]));
    const perBucket = (field) => keys.map((k, i) => {
      const data = new Array(r.buckets.length).fill(0);
      for (const p of r.series) if (key(p) === k && index.has(p.bucket)) data[index.get(p.bucket)] += p[field] || 0;
      return {label: k, data, backgroundColor: COLORS[i % COLORS.length], stack: 's'};
    });
    const stacked = {scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true}}};
    charts.push(chart(canvases.calls, 'bar', labels, perBucket('calls'), stacked));
    charts.push(chart(canvases.tokens, 'bar', labels, perBucket('tokens'), stacked));
    charts.push(chart(canvases.cost, 'bar', labels, perBucket('costUsd'), stacked));
    charts.push(chart(canvases.latency, 'bar', keys, [
      {label: 'p50', data: r.models.map((m) => m.p50), backgroundColor: COLORS[0]},
      {label: 'p95', data: r.models.map((m) => m.p95), backgroundColor: COLORS[1]},
      {label: 'p99', data: r.models.map((m) => m.p99), backgroundColor: COLORS[3]}],
    {scales: {y: {beginAtZero: true, title: {display: true, text: 'ms'}}}}));
    charts.push(chart(canvases.errors, 'bar', keys, [{label: 'error rate %', data: r.models.map((m) => m.errorRate * 100),
      backgroundColor: COLORS[3]}], {scales: {y: {beginAtZero: true, max: 100}}}));
    charts.push(chart(canvases.cache, 'bar', keys, [{label: 'cache hit rate %', data: r.models.map((m) => m.cacheHitRate * 100),
      backgroundColor: COLORS[2]}], {scales: {y: {beginAtZero: true, max: 100}}}));
  }

  load();
  return {
    dispose() { disposed = true; charts.forEach((c) => c.destroy()); },
    onChange() { if (Date.now() - loadedAt > 5000) load(); },
  };
}

function key(m) {
  return (m.model || '(none)') + (m.provider ? ' · ' + m.provider : '');
}

function card(label, value, testid) {
  return el('div', {class: 'card'}, el('div', {class: 'label'}, label),
      el('div', {class: 'value', 'data-testid': 'card-' + testid}, value));
}

function chart(canvas, type, labels, datasets, extra) {
  return new window.Chart(canvas, {
    type,
    data: {labels, datasets},
    options: Object.assign({animation: false, responsive: true, maintainAspectRatio: false,
      plugins: {legend: {position: 'bottom', labels: {boxWidth: 12}}}}, extra || {}),
  });
}
