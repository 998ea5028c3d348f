// A node started with a history window (`plexus dev --history 4`): state reads at the last four
// blocks work, older ones are refused naming the window, and blocks themselves stay readable.
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import { nodeSuite, devWallet, mined } from './lib/suite.mjs';
import { rpc, rpcRaw } from './lib/node.mjs';

const env = nodeSuite({ args: ['--history', '4'] });
const t = env.test;

t('state older than the history window is refused with a message naming the window', async (ctx) => {
  if (env.node.external) return ctx.skip('needs its own node started with --history');
  const wallet = devWallet(1, env.provider);
  const to = ethers.Wallet.createRandom().address;
  for (let i = 1; i <= 6; i++) await mined(wallet.sendTransaction({ to, value: BigInt(i) }));
  const head = await env.provider.getBlockNumber();
  const hex = (n) => ethers.toQuantity(n);
  // The head and the three blocks before it are served.
  const oldest = head - 3;
  const balance = BigInt(await rpc(env.node.url, 'eth_getBalance', [to, hex(oldest)]));
  assert.equal(balance, BigInt(await env.provider.getBalance(to, oldest)));
  assert.ok(balance > 0n);
  const message = `historical state not available: block ${oldest - 1} is older than the node's ` +
    'history window of 4 blocks';
  for (const [method, params] of [
    ['eth_getBalance', [to, hex(oldest - 1)]],
    ['eth_getCode', [to, { blockNumber: hex(oldest - 1) }]],
    ['eth_call', [{ to }, hex(oldest - 1)]],
  ]) {
    const { json } = await rpcRaw(env.node.url, { jsonrpc: '2.0', id: 1, method, params });
    assert.deepEqual(json.error, { code: -32000, message }, method);
  }
  // Blocks are not state: every one is still served.
  assert.equal(Number((await env.provider.getBlock(1)).number), 1);
});
