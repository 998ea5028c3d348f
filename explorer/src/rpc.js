// The node's own JSON-RPC, same origin: HTTP POST for reads, a WebSocket for new heads.
// Nothing else is ever contacted.

const kTimeoutMs = 10_000;
let nextId = 1;

export class RpcError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

// The primary network's methods (plexus_*, platform_*) are answered on every endpoint; the
// EVM subnet's endpoint "/" is the one a dev network and the default network always have.
export const kRoot = '/';

export function subnetPath(name) {
  return `/subnet/${encodeURIComponent(name)}`;
}

async function post(endpoint, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), kTimeoutMs);
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    if (!res.ok) throw new RpcError(`HTTP ${res.status} from ${endpoint}`, res.status);
    return await res.json();
  } catch (e) {
    if (e instanceof RpcError) throw e;
    throw new RpcError(
      e.name === 'AbortError' ? `no answer from the node within ${kTimeoutMs / 1000} s` : `the node cannot be reached (${e.message})`,
      0,
    );
  } finally {
    clearTimeout(timer);
  }
}

export async function call(endpoint, method, params = []) {
  const reply = await post(endpoint, { jsonrpc: '2.0', id: nextId++, method, params });
  if (reply.error) throw new RpcError(`${method}: ${reply.error.message}`, reply.error.code);
  return reply.result;
}

// Several calls in one request; each result in order, or an RpcError in its place.
export async function batch(endpoint, calls) {
  if (calls.length === 0) return [];
  const first = nextId;
  nextId += calls.length;
  const body = calls.map(([method, params = []], i) => ({ jsonrpc: '2.0', id: first + i, method, params }));
  const replies = await post(endpoint, body);
  if (!Array.isArray(replies)) throw new RpcError(replies?.error?.message ?? 'bad batch reply', -32600);
  const byId = new Map(replies.map((r) => [r.id, r]));
  return calls.map(([method], i) => {
    const r = byId.get(first + i);
    if (!r) return new RpcError(`${method}: no reply`, -32603);
    return r.error ? new RpcError(`${method}: ${r.error.message}`, r.error.code) : r.result;
  });
}

// A call that answers undefined instead of failing: for optional facts (a method a node of
// another kind does not have, a certificate an engine does not make).
export async function maybe(endpoint, method, params = []) {
  try {
    return await call(endpoint, method, params);
  } catch {
    return undefined;
  }
}

// newHeads of one endpoint, reconnecting after a lost connection until close() is called.
// onState('live' | 'reconnecting') tells the page whether blocks are arriving live.
export function subscribeHeads(endpoint, onHead, onState = () => {}) {
  let socket;
  let closed = false;
  let delay = 500;
  let timer;
  const open = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${endpoint}`;
    socket = new WebSocket(url);
    socket.onopen = () => {
      delay = 500;
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
    };
    socket.onmessage = (event) => {
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (msg.id === 1 && msg.result) onState('live');
      if (msg.method === 'eth_subscription' && msg.params?.result) onHead(msg.params.result);
    };
    socket.onclose = () => {
      if (closed) return;
      onState('reconnecting');
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };
  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    socket?.close();
  };
}
