// A network of `plexus node` processes on loopback, started with `plexus localnet up`: a
// transaction sent to one node is mined (by node 0, the producer under the dev engine) and visible on
// every node; a node killed with SIGKILL misses blocks and catches up when restarted; a fifth
// node started later syncs the whole chain. Every wait is bounded; the network is taken down
// whatever happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { plexusBin, makeDataDir, rpc, externalUrl, until, spawnNode, freePortRange } from './lib/node.mjs';
import { devWallet, makeProvider } from './lib/suite.mjs';

const kNodes = 4;

async function head(url, subnet = 'evm') {
  const info = await rpc(url, 'plexus_nodeInfo');
  return info.subnets.find((s) => s.name === subnet);
}

test('localnet: four processes share one chain; a killed node and a late node catch up', {
  skip: externalUrl ? 'needs its own processes' : false,
  timeout: 180_000,
}, async () => {
  const dir = makeDataDir();
  // Ports far from the dev tests' and from other parallel runs of this file.
  const basePort = await freePortRange(20);
  const extra = [];
  try {
    const up = spawnSync(plexusBin(), ['localnet', 'up', '--consensus', 'dev', '--validators', String(kNodes), '--dir',
      dir, '--base-port', String(basePort)], { encoding: 'utf8', timeout: 90_000 });
    assert.equal(up.status, 0, `localnet up failed:\n${up.stdout}\n${up.stderr}`);
    const network = JSON.parse(readFileSync(path.join(dir, 'network.json'), 'utf8'));
    assert.equal(network.nodes.length, kNodes);
    assert.deepEqual(network.subnets.map((s) => s.name), ['evm', 'wasm', 'move']);
    for (const node of network.nodes) {
      assert.match(node.id, /^0x[0-9a-f]{40}$/);
      assert.match(node.rpc, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const peers = await rpc(node.rpc, 'plexus_peers');
      assert.equal(peers.length, kNodes - 1, `${node.rpc} peers`);
    }
    const urls = network.nodes.map((n) => n.rpc);

    // A transfer sent to node 1 (a follower) is gossiped to node 0, mined, and seen on node 3.
    const to = ethers.Wallet.createRandom().address;
    const sender = devWallet(5, makeProvider(urls[1]));
    const sent = await sender.sendTransaction({ to, value: 1000n });
    const receipt = await until('the receipt on node 3',
      () => rpc(urls[3], 'eth_getTransactionReceipt', [sent.hash]));
    assert.equal(receipt.status, '0x1');
    assert.equal(await rpc(urls[3], 'eth_getBalance', [to, 'latest']), '0x3e8');

    // Node 2 is killed; the others go on making blocks.
    process.kill(network.nodes[2].pid, 'SIGKILL');
    const producer = devWallet(6, makeProvider(urls[0]));
    let nonce = await producer.getNonce();
    for (let i = 0; i < 5; ++i) {
      await (await producer.sendTransaction({ to, value: 1n, nonce: nonce++ })).wait();
    }
    const tip = await head(urls[0]);
    await until('node 3 at the head', async () => (await head(urls[3])).headHash === tip.headHash);

    // Restarted, node 2 finds its peers again and fetches what it missed.
    const restarted = spawnNode(path.join(dir, 'node2', 'node.toml'));
    extra.push(restarted);
    await until('node 2 back at the head',
      async () => (await head(urls[2])).headHash === tip.headHash);

    // A fifth node that never saw the chain syncs all of it.
    const late = path.join(dir, 'node4');
    mkdirSync(late, { recursive: true });
    const p2p = `127.0.0.1:${basePort + 8}`;
    const rpcPort = basePort + 9;
    const bootstrap = network.nodes.map((n) => `"${n.p2p}"`).join(', ');
    writeFileSync(path.join(late, 'node.toml'), `data_dir = "."\ngenesis = "../genesis.json"\n` +
      `[p2p]\nlisten = "${p2p}"\nbootstrap = [${bootstrap}]\n` +
      `[rpc]\nlisten = "127.0.0.1:${rpcPort}"\n[subnets]\ntrack = ["evm", "wasm", "move"]\n`);
    extra.push(spawnNode(path.join(late, 'node.toml')));
    const lateUrl = `http://127.0.0.1:${rpcPort}/`;
    await until('the late node at the head',
      async () => (await head(lateUrl)).headHash === tip.headHash);
    assert.equal(await rpc(lateUrl, 'eth_getBalance', [to, 'latest']), '0x3ed');
    const block = await rpc(lateUrl, 'eth_getBlockByNumber', ['finalized', false]);
    assert.equal(block.hash, tip.headHash);
  } finally {
    for (const child of extra) child.kill('SIGKILL');
    spawnSync(plexusBin(), ['localnet', 'down', '--dir', dir], { timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
});
