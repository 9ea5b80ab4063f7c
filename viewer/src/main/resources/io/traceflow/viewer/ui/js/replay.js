// Replay: a trace one step at a time, in order (← and → keys), showing exactly what the model saw and answered at
// each point, and which messages are new since the previous model call: the conversation growing.
import {get} from './api.js';
import {el, replace, pre} from './dom.js';
import * as fmt from './format.js';
import {setParams} from './app.js';
import {statusBadge} from './list.js';
import {messages} from './chat.js';
import {opClass} from './trace.js';
import {OP, STATUS} from './names.js';

export function renderReplay(root, traceId, params) {
  let trace = null;
  let steps = [];
  let index = Math.max(0, parseInt(params.get('i') || '0', 10) || 0);
  let disposed = false;

  async function load() {
    try {
      const t = await get('/api/traces/' + encodeURIComponent(traceId));
      if (disposed) return;
      trace = t;
      steps = [...t.steps].sort((a, b) => a.startedAt - b.startedAt || a.seq - b.seq);
      index = Math.min(index, Math.max(0, steps.length - 1));
      draw();
    } catch (e) {
      replace(root, el('p', {class: 'bad'}, 'Could not load the trace: ' + e.message));
    }
  }

  function go(i) {
    if (i < 0 || i >= steps.length || i === index) return;
    index = i;
    const p = new URLSearchParams();
    p.set('i', String(i));
    setParams(p);
    draw();
  }

  function onKey(e) {
    if (e.target && (e.target.tagName === 'INPUT' || e.target.tagName === 'TEXTAREA')) return;
    if (e.key === 'ArrowRight' || e.key === 'j') { go(index + 1); e.preventDefault(); }
    if (e.key === 'ArrowLeft' || e.key === 'k') { go(index - 1); e.preventDefault(); }
    if (e.key === 'Home') go(0);
    if (e.key === 'End') go(steps.length - 1);
  }

  /** How many input messages the model had already seen at its previous call in this trace (or null). */
  function seenBefore(i) {
    for (let j = i - 1; j >= 0; j--) {
      const s = steps[j];
      if (s.model && s.operation !== OP.TOOL && s.conversation.input.length) {
        return s.conversation.input.length + s.conversation.output.length;
      }
    }
    return null;
  }

  function draw() {
    if (steps.length === 0) {
      replace(root, el('p', {class: 'muted'}, 'This trace has no steps yet.'));
      return;
    }
    const s = steps[index];
    const isModelCall = s.model && s.operation !== OP.TOOL;
    const seen = isModelCall ? seenBefore(index) : null;
    const input = s.conversation.input;
    const newCount = seen === null ? input.length : Math.max(0, input.length - seen);
    replace(root,
        el('div', {class: 'trace-head'},
            el('a', {class: 'back', href: '#/trace/' + encodeURIComponent(trace.id) + '?step=' + encodeURIComponent(s.id)},
                '← Trace'),
            el('h1', {}, 'Replay: ', trace.name || '(unnamed trace)'),
            el('span', {class: 'spacer'}),
            el('button', {'data-testid': 'replay-prev', disabled: index === 0, onclick: () => go(index - 1)}, '← Previous'),
            el('span', {class: 'position', 'data-testid': 'replay-position'}, 'Step ' + (index + 1) + ' of ' + steps.length),
            el('button', {'data-testid': 'replay-next', disabled: index === steps.length - 1, onclick: () => go(index + 1)}, 'Next →')),
        el('div', {class: 'dots', 'data-testid': 'replay-dots'}, steps.map((st, i) =>
            el('button', {class: 'dot op-' + opClass(st.operation) + (i === index ? ' current' : '') + (st.status === STATUS.ERROR ? ' error' : ''),
              title: (i + 1) + '. ' + (st.name || st.operation), 'aria-label': 'Step ' + (i + 1), onclick: () => go(i)}))),
        el('p', {class: 'small muted'}, 'Use ← and → to step through.'),
        el('div', {class: 'replay-step', 'data-testid': 'replay-step', 'data-id': s.id},
            el('h2', {'data-testid': 'replay-step-name'}, (index + 1) + '. ', s.name || s.operation, ' ',
                el('span', {class: 'op op-' + opClass(s.operation)}, s.operation), ' ', statusBadge(s.status),
                s.cacheHit ? el('span', {class: 'badge cache'}, 'cache hit') : null),
            el('p', {class: 'small muted'}, [
              s.model ? s.model : null,
              'latency ' + fmt.ms(s.latencyMs),
              s.ttftMs !== null ? 'first token ' + fmt.ms(s.ttftMs) : null,
              s.totalTokens !== null ? fmt.count(s.totalTokens) + ' tokens' : null,
              s.model ? 'cost ' + fmt.cost(s.costUsd) : null,
              '+' + fmt.ms(s.startedAt - trace.startedAt) + ' into the trace',
            ].filter(Boolean).join(' · ')),
            isModelCall ? el('p', {class: 'growth', 'data-testid': 'replay-growth'},
                'The model saw ' + input.length + ' message' + (input.length === 1 ? '' : 's')
                + (seen === null ? ' (first call of the trace)' : ', ' + newCount + ' new since its previous call')) : null,
            el('h3', {}, isModelCall ? 'What the model saw' : s.operation === OP.TOOL ? 'Tool called with' : 'Input'),
            el('div', {class: 'chat', 'data-testid': 'replay-input'},
                messages(input, {newFrom: isModelCall && seen !== null ? seen : undefined})),
            el('h3', {}, isModelCall ? 'What it answered' : s.operation === OP.TOOL ? 'Tool returned' : 'Output'),
            el('div', {class: 'chat', 'data-testid': 'replay-output'}, s.conversation.output.length
                ? messages(s.conversation.output) : el('p', {class: 'muted'}, s.status === STATUS.ERROR ? 'No answer (failed).' : 'No output.')),
            s.error ? el('div', {class: 'error-box'}, el('strong', {}, s.errorType || 'Error'), pre(s.error, 'text')) : null));
  }

  document.addEventListener('keydown', onKey);
  load();
  return {
    dispose() { disposed = true; document.removeEventListener('keydown', onKey); },
    onChange: load,
  };
}
