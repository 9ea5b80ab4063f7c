// The viewer's entry point: a hash router over four views, and the live poller.
import {get} from './api.js';
import {el, replace} from './dom.js';
import {renderList} from './list.js';
import {renderTrace} from './trace.js';
import {renderReplay} from './replay.js';
import {renderAnalytics} from './analytics.js';

const main = document.getElementById('main');
const banner = document.getElementById('banner');
const liveBadge = document.getElementById('live');
let current = null; // {dispose(), onChange()} of the view on screen
let lastVersion = null;

/** '#/trace/ID/replay?i=3' -> {path: ['trace', 'ID', 'replay'], params: URLSearchParams} */
export function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const q = hash.indexOf('?');
  const path = (q < 0 ? hash : hash.slice(0, q)).split('/').filter(Boolean).map(decodeURIComponent);
  return {path, params: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1))};
}

/** Replaces the hash's query without adding a history entry or re-rendering. */
export function setParams(params) {
  const {path} = parseHash();
  const qs = params.toString();
  const hash = '#/' + path.map(encodeURIComponent).join('/') + (qs ? '?' + qs : '');
  history.replaceState(null, '', hash);
}

export function showBanner(message) {
  if (!message) {
    banner.hidden = true;
    return;
  }
  replace(banner, message);
  banner.hidden = false;
}

function route() {
  if (current && current.dispose) current.dispose();
  current = null;
  const {path, params} = parseHash();
  for (const a of document.querySelectorAll('[data-nav]')) {
    const active = (path[0] || 'traces') === a.dataset.nav || (path[0] === 'trace' && a.dataset.nav === 'traces');
    a.classList.toggle('active', active);
  }
  const view = el('div', {class: 'view'});
  replace(main, view);
  if (path[0] === 'trace' && path[1] && path[2] === 'replay') current = renderReplay(view, path[1], params);
  else if (path[0] === 'trace' && path[1]) current = renderTrace(view, path[1], params);
  else if (path[0] === 'analytics') current = renderAnalytics(view, params);
  else current = renderList(view, params);
}

async function poll() {
  try {
    const {version} = await get('/api/changes');
    liveBadge.classList.remove('off');
    if (lastVersion !== null && version !== lastVersion && current && current.onChange) current.onChange();
    lastVersion = version;
  } catch (e) {
    liveBadge.classList.add('off');
  }
}

async function loadInfo() {
  try {
    const info = await get('/api/info');
    const name = info.db.split(/[\\/]/).pop();
    replace(document.getElementById('db-name'), name);
    document.getElementById('db-name').title = info.db + ' (schema ' + (info.schemaVersion ?? '?') + ')';
    if (!info.ready) {
      showBanner('Waiting for the database: ' + info.problem);
      setTimeout(loadInfo, 2000);
    } else if (info.search === 'like') {
      showBanner('This file has schema version ' + info.schemaVersion + ', without the search index: search is slower.'
          + ' It is upgraded the next time the agent writes to it.');
    } else {
      showBanner(null);
    }
  } catch (e) {
    showBanner('Cannot reach the viewer: ' + e.message);
  }
}

window.addEventListener('hashchange', route);
loadInfo();
route();
poll();
setInterval(poll, 1000);
