// A step's conversation as chat bubbles: roles, reasoning, text, tool calls with their arguments, tool results.
import {el, pre} from './dom.js';

const ROLE_LABEL = {system: 'System', user: 'User', assistant: 'Assistant', tool: 'Tool result', call: 'Tool call'};

export function message(m, options) {
  const opts = options || {};
  const label = ROLE_LABEL[m.role] || m.role;
  const named = m.name && (m.role === 'tool' || m.role === 'call' || m.role === 'user');
  return el('div', {class: 'msg role-' + safeClass(m.role) + (opts.isNew ? ' new' : ''), 'data-testid': 'message',
    'data-state': opts.isNew ? 'new' : 'seen'},
      el('div', {class: 'who'}, label, named ? [' · ', el('strong', {}, m.name)] : null, opts.isNew ? el('span', {class: 'badge new'}, 'new') : null,
          m.toolCallId ? el('span', {class: 'muted small'}, ' ' + m.toolCallId) : null),
      m.reasoning ? el('details', {class: 'reasoning', 'data-testid': 'reasoning'},
          el('summary', {class: 'muted small'}, 'reasoning'), pre(m.reasoning, 'text')) : null,
      m.text !== null && m.text !== undefined ? pre(m.text, 'text') : null,
      (m.toolCalls || []).map((c) => el('div', {class: 'toolcall', 'data-testid': 'tool-call'},
          el('div', {class: 'who'}, '→ calls ', el('strong', {}, c.name || '?'),
              c.id ? el('span', {class: 'muted small'}, ' ' + c.id) : null),
          pre(c.arguments, 'text args'))));
}

export function messages(list, options) {
  const opts = options || {};
  return (list || []).map((m, i) => message(m, {isNew: opts.newFrom !== undefined && i >= opts.newFrom}));
}

function safeClass(role) {
  return String(role || 'unknown').replace(/[^a-z-]/g, '');
}
