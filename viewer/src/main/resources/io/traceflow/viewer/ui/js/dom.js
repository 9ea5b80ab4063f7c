// Building the page safely: every piece of data becomes a text node or an attribute value, never markup.
// There is no innerHTML anywhere in the viewer; el() is the only way elements are made.

const SAFE_ATTRIBUTES = new Set(['id', 'type', 'value', 'placeholder', 'name', 'for', 'min', 'max', 'step',
  'disabled', 'hidden', 'title', 'role', 'tabindex', 'colspan', 'list', 'autocomplete', 'rows', 'checked',
  'selected', 'width', 'height', 'aria-label', 'aria-current', 'aria-pressed', 'data-testid', 'data-id',
  'data-state', 'data-index', 'maxlength']);

/**
 * el('div', {class: 'x', onclick: fn}, 'text', otherNode, [more], null)
 * Strings and numbers become text nodes. href must be an in-app link ('#...'): data never becomes a URL.
 */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'style') Object.assign(node.style, value);
    else if (key === 'href') {
      const href = String(value);
      if (!href.startsWith('#')) throw new Error('only in-app links are allowed: ' + href);
      node.setAttribute('href', href);
    } else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (SAFE_ATTRIBUTES.has(key)) node.setAttribute(key, value === true ? '' : String(value));
    else throw new Error('attribute not allowed: ' + key);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function replace(node, ...children) {
  clear(node);
  append(node, children);
  return node;
}

/** Text that may hold JSON, shown pretty-printed when it parses (as text, in a <pre>). */
export function prettyText(text) {
  if (text === null || text === undefined) return '';
  const t = String(text).trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.stringify(JSON.parse(t), null, 2);
    } catch (e) {
      return String(text);
    }
  }
  return String(text);
}

export function pre(text, cls) {
  return el('pre', {class: cls || 'text'}, prettyText(text));
}
