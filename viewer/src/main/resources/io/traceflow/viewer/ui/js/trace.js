// One trace: a waterfall of its steps (nested, durations to scale) and the selected step in full.
import {get, post} from './api.js';
import {el, replace, pre} from './dom.js';
import * as fmt from './format.js';
import {setParams} from './app.js';
import {statusBadge} from './list.js';
import {messages} from './chat.js';
import {OP, STATUS} from './names.js';

export function renderTrace(root, traceId, params) {
  let trace = null;
  let selected = params.get('step');
  let disposed = false;
  let lastJson = null;
  const notes = new Map(); // step id -> what became of the feedback sent on it

  async function load() {
    try {
      const t = await get('/api/traces/' + encodeURIComponent(traceId));
      if (disposed) return;
      const json = JSON.stringify(t);
      if (json === lastJson) return;
      if (lastJson !== null && root.contains(document.activeElement) && document.activeElement.tagName === 'TEXTAREA') {
        return; // someone is typing feedback: refresh later
      }
      lastJson = json;
      trace = t;
      if (!selected || !trace.steps.some((s) => s.id === selected)) {
        const firstCall = trace.steps.find((s) => s.model) || trace.steps[0];
        selected = firstCall ? firstCall.id : null;
      }
      draw();
    } catch (e) {
      replace(root, el('p', {class: 'bad', 'data-testid': 'trace-error'}, 'Could not load the trace: ' + e.message),
          el('a', {href: '#/'}, '← all traces'));
    }
  }

  function select(id) {
    selected = id;
    const p = new URLSearchParams();
    p.set('step', id);
    setParams(p);
    draw();
  }

  function draw() {
    const t = trace;
    const steps = ordered(t.steps);
    replace(root,
        el('div', {class: 'trace-head'},
            el('a', {href: '#/', class: 'back'}, '← Traces'),
            el('h1', {'data-testid': 'trace-name'}, t.name || '(unnamed trace)'),
            statusBadge(t.status),
            t.kind ? el('span', {class: 'kind'}, t.kind) : null,
            el('span', {class: 'spacer'}),
            el('a', {class: 'button', href: '#/trace/' + encodeURIComponent(t.id) + '/replay', 'data-testid': 'replay-link'},
                '▶ Replay step by step')),
        el('div', {class: 'facts'},
            fact('Started', fmt.fullTime(t.startedAt)),
            fact('Duration', t.durationMs === null ? (t.status === STATUS.RUNNING ? 'running…' : fmt.DASH) : fmt.ms(t.durationMs)),
            fact('Steps', t.steps.length),
            fact('Tokens', fmt.count(t.totalTokens)),
            fact('Cost', fmt.cost(t.costUsd), 'trace-cost'),
            t.memoryId ? fact('Memory', t.memoryId) : null,
            fact('Trace id', t.id)),
        t.error ? el('div', {class: 'error-box', 'data-testid': 'trace-error-text'}, el('strong', {}, 'Error '), t.error) : null,
        el('div', {class: 'split'},
            el('section', {class: 'waterfall', 'data-testid': 'waterfall'}, waterfall(t, steps)),
            el('section', {class: 'step-panel', 'data-testid': 'step-panel'},
                selected ? stepPanel(t.steps.find((s) => s.id === selected)) : el('p', {class: 'muted'}, 'No steps yet.'))));
  }

  function waterfall(t, steps) {
    const t0 = Math.min(t.startedAt, ...steps.map(({step}) => step.startedAt));
    const ends = steps.map(({step}) => end(step));
    if (t.endedAt) ends.push(t.endedAt);
    const span = Math.max(1, Math.max(t0 + 1, ...ends) - t0);
    return [
      el('div', {class: 'scale'}, el('span', {}, '0'), el('span', {}, fmt.ms(span / 2)), el('span', {}, fmt.ms(span))),
      steps.map(({step, depth}) => {
        const left = (step.startedAt - t0) / span * 100;
        const width = Math.max(0.5, (end(step) - step.startedAt) / span * 100);
        return el('div', {class: 'wf-row' + (step.id === selected ? ' selected' : ''), 'data-testid': 'step-row',
          'data-id': step.id, tabindex: 0, onclick: () => select(step.id),
          onkeydown: (e) => { if (e.key === 'Enter') select(step.id); }},
            el('div', {class: 'wf-label', style: {paddingLeft: (depth * 16 + 4) + 'px'}},
                el('span', {class: 'op op-' + opClass(step.operation)}, step.operation),
                ' ', step.name || step.operation,
                step.cacheHit ? el('span', {class: 'badge cache'}, 'cache') : null,
                step.status !== STATUS.OK ? el('span', {class: 'badge status-' + opClass(step.status)}, step.status) : null),
            el('div', {class: 'wf-track'},
                el('div', {class: 'wf-bar op-' + opClass(step.operation) + (step.status === STATUS.ERROR ? ' error' : ''),
                  style: {left: left + '%', width: Math.min(width, 100 - left) + '%'}, title: fmt.ms(step.latencyMs)}),
                el('span', {class: 'wf-ms'}, fmt.ms(step.latencyMs))));
      })];
  }

  function stepPanel(s) {
    if (!s) return el('p', {class: 'muted'}, 'Select a step.');
    const rawBox = el('div', {class: 'raw', 'data-testid': 'raw-box'});
    return el('div', {'data-testid': 'step-detail', 'data-id': s.id},
        el('h2', {}, s.name || s.operation, ' ', el('span', {class: 'op op-' + opClass(s.operation)}, s.operation),
            ' ', statusBadge(s.status),
            s.cacheHit ? el('span', {class: 'badge cache', 'data-testid': 'cache-badge'},
                'cache hit' + (s.savedMs !== null ? ' · saved ' + fmt.ms(s.savedMs) : '')) : null,
            s.truncated ? el('span', {class: 'badge warn'}, 'truncated') : null),
        el('div', {class: 'facts'},
            s.model || s.responseModel ? fact('Model', s.model && s.responseModel && s.model !== s.responseModel
                ? s.model + ' → ' + s.responseModel : s.model || s.responseModel) : null,
            s.provider ? fact('Provider', s.provider) : null,
            fact('Latency', fmt.ms(s.latencyMs)),
            s.ttftMs !== null ? fact('Time to first token', fmt.ms(s.ttftMs)) : null,
            s.promptTokens !== null || s.completionTokens !== null ? fact('Tokens',
                fmt.count(s.promptTokens) + ' in · ' + fmt.count(s.completionTokens) + ' out'
                + (s.cachedTokens ? ' · ' + fmt.count(s.cachedTokens) + ' cached' : '')
                + (s.reasoningTokens ? ' · ' + fmt.count(s.reasoningTokens) + ' reasoning' : '')) : null,
            s.model ? fact('Cost', fmt.cost(s.costUsd), 'step-cost') : null,
            s.finishReason ? fact('Finish', s.finishReason) : null,
            s.httpStatus ? fact('HTTP', s.httpStatus) : null,
            fact('Started', fmt.fullTime(s.startedAt)),
            s.thread ? fact('Thread', s.thread) : null,
            s.baseUrl ? fact('Endpoint', s.baseUrl) : null),
        s.error ? el('div', {class: 'error-box', 'data-testid': 'step-error'},
            el('strong', {}, s.errorType || 'Error'), pre(s.error, 'text')) : null,
        s.parameters ? el('details', {class: 'params'}, el('summary', {}, 'Parameters'), pre(JSON.stringify(s.parameters), 'text')) : null,
        s.tools && s.tools.length ? el('p', {class: 'small muted'}, 'Tools offered: ', s.tools.join(', ')) : null,
        el('h3', {}, s.operation === OP.TOOL ? 'Call' : 'Input'),
        el('div', {class: 'chat', 'data-testid': 'chat-input'}, messages(s.conversation.input)),
        el('h3', {}, s.operation === OP.TOOL ? 'Result' : 'Output'),
        el('div', {class: 'chat', 'data-testid': 'chat-output'}, s.conversation.output.length
            ? messages(s.conversation.output) : el('p', {class: 'muted'}, s.status === STATUS.ERROR ? 'No answer (failed).' : 'No output.')),
        evalsBlock(s),
        feedbackBlock(s),
        el('button', {class: 'link', 'data-testid': 'raw-toggle', onclick: () => toggleRaw(s, rawBox)}, 'Raw request / response JSON'),
        rawBox);
  }

  async function toggleRaw(s, box) {
    if (box.firstChild) {
      box.textContent = '';
      return;
    }
    try {
      const full = await get('/api/steps/' + encodeURIComponent(s.id));
      replace(box,
          el('h4', {}, 'Request'), pre(full.requestJson ?? 'null', 'json'),
          el('h4', {}, 'Response'), pre(full.responseJson ?? 'null', 'json'),
          full.attributes ? [el('h4', {}, 'Attributes'), pre(JSON.stringify(full.attributes), 'json')] : null);
    } catch (e) {
      replace(box, el('p', {class: 'bad'}, e.message));
    }
  }

  function evalsBlock(s) {
    if (!s.evals || s.evals.length === 0) return null;
    return [el('h3', {}, 'Evals'),
      el('table', {class: 'evals', 'data-testid': 'evals'},
          el('tbody', {}, s.evals.map((e) => el('tr', {'data-testid': 'eval-row'},
              el('td', {}, e.name),
              el('td', {}, e.passed === null ? fmt.DASH : el('span', {class: 'badge ' + (e.passed ? 'good' : 'bad')},
                  e.name === 'feedback' ? (e.passed ? '▲ good' : '▼ bad') : (e.passed ? 'passed' : 'failed'))),
              el('td', {class: 'num'}, e.score === null ? '' : String(e.score)),
              el('td', {class: 'small'}, e.detail || ''),
              el('td', {class: 'small muted'}, fmt.time(e.createdAt))))))];
  }

  function feedbackBlock(s) {
    const comment = el('textarea', {rows: 2, placeholder: 'Optional comment', 'data-testid': 'feedback-comment', maxlength: 4000});
    const note = el('span', {class: 'small muted', 'data-testid': 'feedback-status'}, notes.get(s.id) || '');
    async function send(rating) {
      try {
        await post('/api/steps/' + encodeURIComponent(s.id) + '/feedback', {rating, comment: comment.value});
        notes.set(s.id, 'Thanks — recorded as an eval.');
        note.textContent = notes.get(s.id);
        comment.value = '';
        lastJson = null;
        load();
      } catch (e) {
        note.textContent = 'Not recorded: ' + e.message;
      }
    }
    return el('div', {class: 'feedback', 'data-testid': 'feedback'},
        el('span', {class: 'small'}, 'Was this step good?'),
        el('button', {'data-testid': 'feedback-up', title: 'Thumbs up', onclick: () => send('up')}, '▲ Good'),
        el('button', {'data-testid': 'feedback-down', title: 'Thumbs down', onclick: () => send('down')}, '▼ Bad'),
        comment, note);
  }

  load();
  return {
    dispose() { disposed = true; },
    onChange: load,
  };
}

/** Steps in tree order (parents before children, siblings by seq), with their depth. */
export function ordered(steps) {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const children = new Map();
  const roots = [];
  for (const s of steps) {
    if (s.parentStepId && byId.has(s.parentStepId) && s.parentStepId !== s.id) {
      if (!children.has(s.parentStepId)) children.set(s.parentStepId, []);
      children.get(s.parentStepId).push(s);
    } else {
      roots.push(s);
    }
  }
  const out = [];
  const seen = new Set();
  const walk = (s, depth) => {
    if (seen.has(s.id)) return;
    seen.add(s.id);
    out.push({step: s, depth});
    for (const c of children.get(s.id) || []) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out;
}

export function end(step) {
  if (step.latencyMs !== null) return step.startedAt + step.latencyMs;
  return step.endedAt ?? step.startedAt;
}

export function opClass(op) {
  return String(op || 'unknown').replace(/[^a-z_-]/g, '');
}

function fact(label, value, testid) {
  return el('div', {class: 'fact'}, el('span', {class: 'label'}, label),
      el('span', {class: 'value', 'data-testid': testid || null}, value === null || value === undefined ? fmt.DASH : String(value)));
}
