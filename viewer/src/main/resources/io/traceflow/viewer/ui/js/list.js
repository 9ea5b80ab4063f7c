// The trace list: filters, search, keyset paging ("Load more"), and live arrivals at the top.
import {get} from './api.js';
import {el, replace} from './dom.js';
import * as fmt from './format.js';
import {setParams} from './app.js';
import {STATUS} from './names.js';

const FILTERS = ['q', 'range', 'from', 'to', 'name', 'model', 'provider', 'status', 'cache', 'evals'];
const RANGES = {'': 'Any time', '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days'};
const RANGE_MS = {'1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3};

export function renderList(root, params) {
  const state = {};
  for (const f of FILTERS) state[f] = params.get(f) || '';
  let next = null;
  let disposed = false;
  const rows = new Map(); // trace id -> <tr>

  const tbody = el('tbody', {'data-testid': 'trace-rows'});
  const more = el('button', {class: 'more', 'data-testid': 'load-more', onclick: () => load(false)}, 'Load more');
  const status = el('p', {class: 'muted', 'data-testid': 'list-status'});
  const searchInfo = el('span', {class: 'muted small', 'data-testid': 'search-mode'});

  function query(before) {
    const q = {limit: 50, before};
    for (const f of ['q', 'name', 'model', 'provider', 'status', 'cache', 'evals']) q[f] = state[f];
    if (state.range && RANGE_MS[state.range]) q.from = Date.now() - RANGE_MS[state.range];
    if (state.from) q.from = new Date(state.from).getTime();
    if (state.to) q.to = new Date(state.to).getTime();
    return q;
  }

  async function load(fresh) {
    try {
      const page = await get('/api/traces', query(fresh ? null : next));
      if (disposed) return;
      if (fresh) {
        tbody.textContent = '';
        rows.clear();
      }
      for (const t of page.traces) {
        const tr = row(t);
        rows.set(t.id, tr);
        tbody.appendChild(tr);
      }
      next = page.next;
      more.hidden = !next;
      searchInfo.textContent = page.search === 'like' ? 'searching without the index (slower)' : '';
      status.textContent = rows.size === 0 ? 'No traces match.' : '';
    } catch (e) {
      status.textContent = 'Could not load traces: ' + e.message;
    }
  }

  /** New data arrived: refresh the first page in place, put new traces on top and flash them. */
  async function refresh() {
    try {
      const page = await get('/api/traces', query(null));
      if (disposed) return;
      const incoming = [];
      for (const t of page.traces) {
        const tr = row(t);
        const old = rows.get(t.id);
        if (old) {
          old.replaceWith(tr);
        } else {
          tr.classList.add('arrived');
          incoming.push(tr);
        }
        rows.set(t.id, tr);
      }
      for (const tr of incoming.reverse()) tbody.insertBefore(tr, tbody.firstChild);
      if (rows.size > 0) status.textContent = '';
      if (rows.size === page.traces.length) {
        next = page.next;
        more.hidden = !next;
      }
    } catch (e) {
      // the next change retries
    }
  }

  function row(t) {
    const open = () => { location.hash = '#/trace/' + encodeURIComponent(t.id); };
    return el('tr', {class: 'clickable', 'data-testid': 'trace-row', 'data-id': t.id, onclick: open},
        el('td', {class: 'nowrap', title: fmt.fullTime(t.startedAt)}, fmt.time(t.startedAt)),
        el('td', {class: 'name'}, el('a', {href: '#/trace/' + encodeURIComponent(t.id)}, t.name || '(unnamed)'),
            t.kind ? el('span', {class: 'kind'}, t.kind) : null),
        el('td', {}, statusBadge(t.status)),
        el('td', {class: 'num'}, t.durationMs === null ? (t.status === STATUS.RUNNING ? STATUS.RUNNING : fmt.DASH) : fmt.ms(t.durationMs)),
        el('td', {class: 'num'}, fmt.count(t.steps)),
        el('td', {class: 'num', title: 'prompt ' + fmt.count(t.promptTokens) + ' / completion ' + fmt.count(t.completionTokens)},
            fmt.count(t.totalTokens)),
        el('td', {class: 'num', 'data-testid': 'trace-cost'}, fmt.cost(t.costUsd)),
        el('td', {class: 'num' + (t.errors ? ' bad' : '')}, t.errors ? String(t.errors) : ''),
        el('td', {class: 'small'}, t.cacheHits ? el('span', {class: 'badge cache'}, 'cache ' + t.cacheHits) : null,
            t.evalsFailed ? el('span', {class: 'badge bad'}, t.evalsFailed + ' failed eval' + (t.evalsFailed > 1 ? 's' : '')) : null),
        el('td', {class: 'small muted'}, t.models.join(', ')));
  }

  function apply() {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (state[f]) p.set(f, state[f]);
    setParams(p);
    next = null;
    load(true);
  }

  function select(key, label, options) {
    const s = el('select', {'data-testid': 'filter-' + key, 'aria-label': label, onchange: () => { state[key] = s.value; apply(); }},
        Object.entries(options).map(([v, text]) => el('option', {value: v, selected: state[key] === v}, text)));
    return s;
  }

  const search = el('input', {type: 'search', placeholder: 'Search prompts and answers…', value: state.q,
    'data-testid': 'search', 'aria-label': 'Search'});
  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = search.value.trim(); apply(); }, 300);
  });
  const facetSelects = el('span', {class: 'facets'});
  const from = el('input', {type: 'datetime-local', value: state.from, 'aria-label': 'From', 'data-testid': 'filter-from',
    onchange: () => { state.from = from.value; apply(); }});
  const to = el('input', {type: 'datetime-local', value: state.to, 'aria-label': 'To', 'data-testid': 'filter-to',
    onchange: () => { state.to = to.value; apply(); }});

  replace(root,
      el('div', {class: 'filters'},
          search,
          select('range', 'Time range', RANGES),
          el('label', {class: 'small muted'}, 'from ', from),
          el('label', {class: 'small muted'}, 'to ', to),
          facetSelects,
          select('status', 'Status', {'': 'Any status', [STATUS.OK]: STATUS.OK, [STATUS.ERROR]: STATUS.ERROR, [STATUS.RUNNING]: STATUS.RUNNING}),
          select('cache', 'Cache', {'': 'Cache: any', hit: 'Cache hit', miss: 'No cache hit'}),
          select('evals', 'Evals', {'': 'Evals: any', failed: 'Failed evals'}),
          searchInfo),
      el('table', {class: 'traces', 'data-testid': 'trace-table'},
          el('thead', {}, el('tr', {},
              ['Started', 'Trace', 'Status', 'Duration', 'Steps', 'Tokens', 'Cost', 'Errors', '', 'Models']
                  .map((h) => el('th', {}, h)))),
          tbody),
      status,
      more);
  more.hidden = true;

  get('/api/facets').then((f) => {
    if (disposed) return;
    const opts = (label, values) => Object.fromEntries([['', label], ...values.map((v) => [v, v])]);
    replace(facetSelects,
        select('name', 'Trace name', opts('Any trace name', f.names)),
        select('model', 'Model', opts('Any model', f.models)),
        select('provider', 'Provider', opts('Any provider', f.providers)));
  }).catch(() => {});
  load(true);

  return {
    dispose() { disposed = true; clearTimeout(timer); },
    onChange: refresh,
  };
}

export function statusBadge(status) {
  return el('span', {class: 'badge status-' + (status || 'unknown'), 'data-testid': 'status'}, status || '?');
}
