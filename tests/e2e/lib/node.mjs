// Starts and stops a `plexus dev` process for one test file, or points at an already running
// node when PLEXUS_E2E_EXTERNAL_URL is set (tests that need to kill the node then skip).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, accessSync, constants } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const kReadyTimeoutMs = 30_000;
const kStopTimeoutMs = 15_000;
const kLogLines = 400;

export const externalUrl = process.env.PLEXUS_E2E_EXTERNAL_URL || '';

export function plexusBin() {
  const bin = process.env.PLEXUS_BIN;
  if (!bin) throw new Error('PLEXUS_BIN is not set (path of the plexus executable)');
  accessSync(bin, constants.X_OK);
  return path.resolve(bin);
}

export function makeDataDir() {
  return mkdtempSync(path.join(os.tmpdir(), 'plexus-e2e-'));
}

// The kernel hands out a free port for port 0; closing it right away leaves a tiny race with
// other processes, which is acceptable on a test machine.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

// A base for `count` consecutive ports (plexus localnet --base-port), all free now. Taken below
// Linux's ephemeral range (32768 and up), where the kernel never hands out a client's port, and
// at random, so that tests running side by side rarely meet.
export async function freePortRange(count) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * ((32_000 - 20_000 - count) / 10)) * 10;
    let free = true;
    for (let port = base; free && port < base + count; port += 1) free = await portFree(port);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports between 20000 and 32000`);
}

export async function rpcRaw(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text), text };
  } catch {
    return { status: res.status, json: undefined, text };
  }
}

let nextId = 1;
export async function rpc(url, method, params = []) {
  const { json, text } = await rpcRaw(url, { jsonrpc: '2.0', id: nextId++, method, params });
  if (!json) throw new Error(`${method}: response is not JSON: ${text}`);
  if (json.error) {
    const err = new Error(`${method}: ${json.error.message} (code ${json.error.code})`);
    err.rpcError = json.error;
    throw err;
  }
  return json.result;
}

async function waitReady(url, child) {
  const deadline = Date.now() + kReadyTimeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`plexus exited with code ${child.exitCode} before serving RPC`);
    }
    try {
      await rpc(url, 'eth_chainId');
      return;
    } catch (e) {
      lastError = e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `node at ${url} did not answer eth_chainId within ${kReadyTimeoutMs} ms: ${lastError}`,
  );
}

function externalNode() {
  const url = externalUrl.replace(/\/?$/, '/');
  return {
    external: true,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    dataDir: null,
    logs: () => '(external node: no log captured)',
    async ready() {
      await waitReady(url, null);
    },
    async stop() {},
    async kill() {
      throw new Error('cannot kill an external node');
    },
    async restart() {
      throw new Error('cannot restart an external node');
    },
  };
}

// Options: dataDir (reused across restarts; a fresh temp dir if absent), args (extra CLI flags).
export async function startNode(opts = {}) {
  if (externalUrl) {
    const node = externalNode();
    await node.ready();
    return node;
  }
  const bin = plexusBin();
  const ownsDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? makeDataDir();
  const lines = [];
  const node = { external: false, dataDir, child: null, url: '', wsUrl: '', runs: 0 };

  const record = (prefix) => (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.length === 0) continue;
      lines.push(`${prefix}${line}`);
      if (lines.length > kLogLines) lines.shift();
    }
  };

  node.logs = () => lines.join('\n');
  Object.defineProperty(node, 'process', { get: () => node.child });

  node.launch = async () => {
    const port = await freePort();
    node.runs += 1;
    lines.push(`--- run ${node.runs}: ${bin} dev --data-dir ${dataDir} --rpc-port ${port}`);
    const args = ['dev', '--data-dir', dataDir, '--rpc-port', String(port), ...(opts.args ?? [])];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', record('[out] '));
    child.stderr.on('data', record('[err] '));
    child.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        lines.push(`--- exited: code=${code} signal=${signal}`);
        resolve({ code, signal });
      });
    });
    node.child = child;
    node.url = `http://127.0.0.1:${port}/`;
    node.wsUrl = `ws://127.0.0.1:${port}/`;
    try {
      await waitReady(node.url, child);
    } catch (e) {
      child.kill('SIGKILL');
      throw new Error(`${e.message}\n--- node output (data dir ${dataDir}) ---\n${node.logs()}`);
    }
  };

  // Sends `signal` and waits for the exit; returns {code, signal}.
  node.signal = async (signal) => {
    const child = node.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return child && child.exited;
    child.kill(signal);
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`plexus did not exit within ${kStopTimeoutMs} ms after ${signal}`)),
        kStopTimeoutMs,
      );
    });
    try {
      return await Promise.race([child.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  node.kill = () => node.signal('SIGKILL');
  node.terminate = () => node.signal('SIGTERM');
  node.restart = () => node.launch();
  // Final shutdown: the temp data dir is removed only when the test file passed, so a failing
  // run leaves the chain behind for inspection.
  node.stop = async ({ keepData = false } = {}) => {
    try {
      await node.terminate();
    } catch {
      await node.kill();
    }
    if (ownsDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  await node.launch();
  return node;
}

// Polls `check` every `everyMs` until it returns something truthy (which it returns), or throws
// naming `what` and the last answer after `ms`; a check that throws counts as not yet.
export async function until(what, check, ms = 30_000, everyMs = 100) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

// `plexus node --config <file>` as a child process, its output discarded.
export function spawnNode(configPath) {
  return spawn(plexusBin(), ['node', '--config', configPath], { stdio: 'ignore' });
}
