// A bft subnet on DA: four validators (`plexus localnet up --da-subnet evm`) post every final
// block of the evm subnet as blobs on the platform chain; one validator is killed, so its turns
// (16 blocks each) are posted late by the others; `plexus da rebuild --genesis` then rebuilds the
// chain from the platform's blobs alone and lands on the live nodes' block hash, state root and
// balance. Every wait is bounded; the network is taken down whatever happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { plexusBin, makeDataDir, rpc, externalUrl, until, freePortRange } from './lib/node.mjs';
import { devWallet, makeProvider } from './lib/suite.mjs';

async function finalNumber(url) {
  return Number((await rpc(url, 'eth_getBlockByNumber', ['finalized', false])).number);
}

test('localnet on DA: a bft subnet rebuilt from DA alone, a poster down', {
  skip: externalUrl ? 'needs its own processes' : false,
  timeout: 240_000,
}, async () => {
  const dir = makeDataDir();
  const basePort = await freePortRange(20);
  try {
    const up = spawnSync(plexusBin(), ['localnet', 'up', '--validators', '4', '--dir', dir,
      '--base-port', String(basePort), '--leader-timeout-ms', '500', '--da-subnet', 'evm'],
    { encoding: 'utf8', timeout: 90_000 });
    assert.equal(up.status, 0, `localnet up failed:\n${up.stdout}\n${up.stderr}`);
    const network = JSON.parse(readFileSync(path.join(dir, 'network.json'), 'utf8'));
    const urls = network.nodes.map((n) => `${n.rpc.replace(/\/$/, '')}/subnet/evm`);
    const subnet = await rpc(urls[0], 'platform_getSubnet', ['evm']);
    assert.equal(subnet.genesis.daNamespace, '0x000000000000000000000000000000000000000000000000000065766d');

    const to = ethers.Wallet.createRandom().address;
    const sent = await devWallet(5, makeProvider(urls[1])).sendTransaction({ to, value: 1234n });
    await until('the transfer on node 0', () => rpc(urls[0], 'eth_getTransactionReceipt', [sent.hash]));

    // One poster down: a full rotation of turns later, its turn has been posted by the others.
    process.kill(network.nodes[3].pid, 'SIGKILL');
    const killedAt = await finalNumber(urls[0]);
    const target = killedAt + 4 * 16;
    await until(`block ${target} final on node 0`, async () => (await finalNumber(urls[0])) >= target,
      120_000, 500);

    const where = urls[0].replace('http://', '').replace(/\/subnet\/evm$/, '');
    let last;
    const rebuilt = await until(`a rebuild from DA past block ${target}`, () => {
      const r = spawnSync(plexusBin(), ['da', 'rebuild', '--rpc', where, '--subnet', 'evm',
        '--genesis', path.join(dir, 'genesis.json'), '--dir', path.join(makeDataDir(), 'rebuilt'),
        '--balance', to, '--quiet'], { encoding: 'utf8', timeout: 60_000 });
      last = r;
      if (r.status !== 0) return false;
      const out = JSON.parse(r.stdout);
      return out.number >= target ? out : false;
    }, 90_000, 1000);
    const live = await rpc(urls[0], 'eth_getBlockByNumber', [ethers.toQuantity(rebuilt.number), false]);
    assert.equal(rebuilt.hash, live.hash);
    assert.equal(rebuilt.stateRoot, live.stateRoot);
    const balance = await rpc(urls[0], 'eth_getBalance', [to, ethers.toQuantity(rebuilt.number)]);
    assert.equal(BigInt(Object.values(rebuilt.balances)[0]), BigInt(balance));
    assert.equal(BigInt(balance), 1234n);
    assert.equal(rebuilt.held, 0, last.stderr);
    // The killed validator's turn reached DA through the others' late posting.
    const logs = [0, 1, 2].map((i) => readFileSync(path.join(dir, `node${i}`, 'node.log'), 'utf8'));
    assert.ok(logs.some((log) => /to DA for a late poster/.test(log)), 'no late posting logged');
  } finally {
    spawnSync(plexusBin(), ['localnet', 'down', '--dir', dir], { timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
});
