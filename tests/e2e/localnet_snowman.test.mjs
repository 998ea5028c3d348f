// Five validator processes with the subnets under the snowman engine and the primary chain under
// bft (`plexus localnet up --consensus snowman`): transactions sent to any node are final on
// every node, with the same block at every height; a validator killed with SIGKILL leaves the
// chain live; restarted, it catches up. Every wait is bounded; the network is taken down
// whatever happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { plexusBin, makeDataDir, rpc, externalUrl, until, spawnNode, freePortRange } from './lib/node.mjs';
import { devWallet, makeProvider } from './lib/suite.mjs';

const kNodes = 5;

// Whether `url` has block `number` final with hash `hash`.
async function hasFinal(url, number, hash) {
  const block = await rpc(url, 'eth_getBlockByNumber', [ethers.toQuantity(number), false]);
  const final = await rpc(url, 'eth_getBlockByNumber', ['finalized', false]);
  return block && block.hash === hash && BigInt(final.number) >= BigInt(number);
}

// Sends `count` transfers through the nodes in `via`, each awaited final on every node of
// `nodes` before the next.
async function transfers(urls, via, nodes, count, to) {
  let nonce = await devWallet(7, makeProvider(urls[via[0]])).getNonce();
  let last;
  for (let i = 0; i < count; ++i) {
    const wallet = devWallet(7, makeProvider(urls[via[i % via.length]]));
    const sent = await wallet.sendTransaction({ to, value: 1n, nonce: nonce++ });
    const receipt = await until(`transfer ${i} in a block`,
      () => rpc(urls[nodes[0]], 'eth_getTransactionReceipt', [sent.hash]));
    assert.equal(receipt.status, '0x1');
    for (const n of nodes) {
      await until(`transfer ${i} final on node ${n}`,
        () => hasFinal(urls[n], receipt.blockNumber, receipt.blockHash));
    }
    last = receipt;
  }
  return last;
}

test('localnet snowman: five validators finalize through a kill and a restart', {
  skip: externalUrl ? 'needs its own processes' : false,
  timeout: 180_000,
}, async () => {
  const dir = makeDataDir();
  const basePort = await freePortRange(20);
  const extra = [];
  try {
    const up = spawnSync(plexusBin(), ['localnet', 'up', '--validators', String(kNodes), '--dir',
      dir, '--base-port', String(basePort), '--consensus', 'snowman'],
    { encoding: 'utf8', timeout: 90_000 });
    assert.equal(up.status, 0, `localnet up failed:\n${up.stdout}\n${up.stderr}`);
    const network = JSON.parse(readFileSync(path.join(dir, 'network.json'), 'utf8'));
    assert.deepEqual(network.subnets.map((s) => s.consensus), ['snowman', 'snowman', 'snowman']);
    const urls = network.nodes.map((n) => n.rpc);
    const to = ethers.Wallet.createRandom().address;
    const all = [0, 1, 2, 3, 4];

    await transfers(urls, all, all, 5, to);

    // Node 2 killed: four of five still finalize (three of the four others agree).
    process.kill(network.nodes[2].pid, 'SIGKILL');
    const live = [0, 1, 3, 4];
    const last = await transfers(urls, live, live, 5, to);

    // Restarted, node 2 catches up and finalizes with the others again.
    extra.push(spawnNode(path.join(dir, 'node2', 'node.toml')));
    await until('node 2 caught up', () => hasFinal(urls[2], last.blockNumber, last.blockHash));
    const after = await transfers(urls, all, all, 3, to);
    for (let h = 1n; h <= BigInt(after.blockNumber); ++h) {
      const hashes = new Set();
      for (const url of urls) {
        hashes.add((await rpc(url, 'eth_getBlockByNumber', [ethers.toQuantity(h), false])).hash);
      }
      assert.equal(hashes.size, 1, `block ${h} differs between nodes`);
    }
    assert.equal(await rpc(urls[2], 'eth_getBalance', [to, 'latest']), '0xd');
  } finally {
    for (const child of extra) child.kill('SIGKILL');
    spawnSync(plexusBin(), ['localnet', 'down', '--dir', dir], { timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
});
