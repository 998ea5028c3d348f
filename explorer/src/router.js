// Hash routes (#/subnet/evm/tx/0x…), so the node serves one page and every view is a link
// that can be shared or reloaded.

const kRoutes = [
  ['network', /^\/?$/],
  ['subnet', /^\/subnet\/([^/]+)$/],
  ['block', /^\/subnet\/([^/]+)\/block\/([^/]+)$/],
  ['tx', /^\/subnet\/([^/]+)\/tx\/(0x[0-9a-fA-F]{64})$/],
  ['address', /^\/subnet\/([^/]+)\/address\/(0x[0-9a-fA-F]{40})$/],
  ['resource', /^\/subnet\/([^/]+)\/resource\/(0x[0-9a-fA-F]{40})\/([^/]+)$/],
  ['search', /^\/search\/(.+)$/],
  ['messages', /^\/messages$/],
  ['blobs', /^\/blobs$/],
];

// {name, args} for the current location, or {name: 'missing'}.
export function currentRoute() {
  const path = location.hash.replace(/^#/, '');
  for (const [name, pattern] of kRoutes) {
    const match = pattern.exec(path);
    if (match) return { name, args: match.slice(1).map(decodeURIComponent) };
  }
  return { name: 'missing', args: [path] };
}

const enc = encodeURIComponent;
export const href = {
  network: () => '#/',
  subnet: (s) => `#/subnet/${enc(s)}`,
  block: (s, id) => `#/subnet/${enc(s)}/block/${enc(String(id))}`,
  tx: (s, hash) => `#/subnet/${enc(s)}/tx/${hash}`,
  address: (s, addr) => `#/subnet/${enc(s)}/address/${addr}`,
  resource: (s, addr, type) => `#/subnet/${enc(s)}/resource/${addr}/${enc(type)}`,
  search: (q) => `#/search/${enc(q)}`,
};
