// `plexus dev` under abuse: execution-heavy batches run off the I/O threads within their time
// budget, replies are bounded in size, and a transaction whose cost passes 2^256 is refused
// instead of acknowledged. The node runs with one RPC thread, so a batch executed on it would
// stall every other client. These tests own their node process (they read its memory).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNode, rpc, rpcRaw, externalUrl } from './lib/node.mjs';
import { devWallet, kChainId } from './lib/suite.mjs';

const skip = externalUrl ? 'needs its own plexus process; PLEXUS_E2E_EXTERNAL_URL is set' : false;
const kGas30M = '0x1c9c380';
// Initcode that loops until its gas is spent: JUMPDEST PUSH1 0 JUMP.
const kLoop = '0x5b600056';
// Initcode that emits 60,000 empty LOG0s and stops: PUSH3 60000, then
// JUMPDEST PUSH1 0 PUSH1 0 LOG0 PUSH1 1 SWAP1 SUB DUP1 PUSH1 4 JUMPI STOP.
const k60kLogs = '0x6200ea605b60006000a0600190038060045700';

async function withNode(fn, extraConfig = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plexus-abuse-'));
  const config = path.join(dir, 'dev.json');
  writeFileSync(config, JSON.stringify({ rpc_threads: 1, log_blocks: false, ...extraConfig }));
  const node = await startNode({ args: ['--config', config] });
  try {
    await fn(node);
    await node.stop();
  } catch (e) {
    console.error(`\n=== node output ===\n${node.logs()}\n`);
    await node.kill().catch(() => {});
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function memoryKiB(pid, field) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]);
}

function batchBody(n, method, params) {
  return Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: i, method, params }));
}

test('a batch of 100 30M-gas eth_calls leaves another client answered within 50 ms', { skip, timeout: 120_000 }, async () => {
  await withNode(async (node) => {
    const from = devWallet(0).address;
    const call = [{ from, data: kLoop, gas: kGas30M }, 'latest'];
    const started = Date.now();
    const heavy = rpcRaw(node.url, batchBody(100, 'eth_call', call));
    await new Promise((r) => setTimeout(r, 200)); // the batch is executing
    const slowest = [];
    for (let i = 0; i < 10; i += 1) {
      const t0 = performance.now();
      const head = await rpc(node.url, 'eth_blockNumber');
      slowest.push(performance.now() - t0);
      assert.match(head, /^0x[0-9a-f]+$/);
      await new Promise((r) => setTimeout(r, 20));
    }
    const { json } = await heavy;
    const took = Date.now() - started;
    assert.ok(Math.max(...slowest) < 50, `eth_blockNumber took ${slowest.map((x) => x.toFixed(1))} ms`);
    assert.equal(json.length, 100);
    // Every call either ran out of gas in its loop (an error) or fell past the batch's budget.
    for (const reply of json) assert.ok(reply.error, JSON.stringify(reply).slice(0, 200));
    assert.ok(took < 15_000, `the batch took ${took} ms, past its 10 s budget`);
  });
});

test('100 receipts of a transaction with 60,000 logs: bounded reply and memory', { skip, timeout: 180_000 }, async () => {
  await withNode(async (node) => {
    const from = devWallet(0).address;
    const hash = await rpc(node.url, 'eth_sendTransaction', [{ from, data: k60kLogs, gas: kGas30M }]);
    const receipt = await rpc(node.url, 'eth_getTransactionReceipt', [hash]);
    assert.equal(receipt.logs.length, 60_000);
    const { json, text } = await rpcRaw(node.url, batchBody(100, 'eth_getTransactionReceipt', [hash]));
    assert.ok(text.length <= 25_000_000 + 100 * 300, `reply of ${text.length} bytes`);
    assert.equal(json.length, 100);
    assert.equal(json[0].result.logs.length, 60_000);
    for (const reply of json.slice(1)) {
      assert.equal(reply.error?.code, -32005, JSON.stringify(reply).slice(0, 200));
      assert.match(reply.error.message, /^response too large/);
    }
    const peak = memoryKiB(node.process.pid, 'VmHWM');
    assert.ok(peak < 1024 * 1024, `peak RSS ${(peak / 1024).toFixed(0)} MiB`);
    // 60,000 logs take about 24M gas: more than Osaka lets one transaction have (EIP-7825), so
    // this node runs Prague, which also checks that an older fork stays selectable.
  }, { evm_fork: 'prague' });
});

test('a transfer whose gas * fee + value passes 2^256 is refused, not acknowledged', { skip, timeout: 60_000 }, async () => {
  await withNode(async (node) => {
    const wallet = devWallet(1);
    const signed = await wallet.signTransaction({
      type: 2, chainId: kChainId, nonce: 0, to: devWallet(2).address, gasLimit: 21000n,
      maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n, value: 2n ** 256n - 1n,
    });
    const { json } = await rpcRaw(node.url, { jsonrpc: '2.0', id: 1, method: 'eth_sendRawTransaction', params: [signed] });
    assert.ok(json.error, `acknowledged: ${JSON.stringify(json)}`);
    assert.match(json.error.message, /^insufficient funds for gas \* price \+ value/);
    assert.equal(await rpc(node.url, 'eth_getTransactionCount', [wallet.address, 'pending']), '0x0');
    // The same bytes signed without a chain id are refused too, on every subnet.
    const legacy = await wallet.signTransaction({ type: 0, nonce: 0, to: devWallet(2).address, gasLimit: 21000n, gasPrice: 10n ** 10n, value: 1n });
    for (const subnet of ['', 'subnet/wasm', 'subnet/move']) {
      const r = await rpcRaw(node.url + subnet, { jsonrpc: '2.0', id: 2, method: 'eth_sendRawTransaction', params: [legacy] });
      assert.equal(r.json.error?.message, 'only replay-protected (EIP-155) transactions allowed over RPC', subnet);
    }
  });
});
