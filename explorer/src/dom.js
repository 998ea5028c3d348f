// Elements are built with createElement and textContent only: values from the chain (token
// names, revert reasons, Move strings) can never become markup.

// h('a', { href: '#/x', class: 'k' }, 'text', child, [more]) -> HTMLElement
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function link(href, text, attrs = {}) {
  return h('a', { href, ...attrs }, text);
}

// A definition table: [[label, value], ...]; rows whose value is undefined are left out.
export function facts(rows) {
  return h(
    'dl',
    { class: 'facts' },
    rows
      .filter(([, value]) => value !== undefined)
      .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

// A table that scrolls sideways in a narrow window rather than squeezing its columns.
export function table(headers, rows, empty = 'Nothing yet.') {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))),
    ),
  );
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

export function notice(kind, text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function loading(what = 'Loading…') {
  return h('p', { class: 'loading' }, what);
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}
