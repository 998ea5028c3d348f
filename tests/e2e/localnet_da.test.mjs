// A bft subnet on DA: four validators (`plexus localnet up --da-subnet evm`) post every final
// block of the evm subnet as blobs on the platform chain; one validator is killed, so its turns
// (16 blocks each) are posted late by the others; `plexus da rebuild --genesis` then rebuilds the
// chain from the platform's blobs alone and lands on the live nodes' block hash, state root and
// balance. Then a subnet created after genesis (`plexus subnet create --da-namespace`) with two
// validators, a third added while it runs (its set changes at an epoch's end), is rebuilt the
// same way: the rebuild replays the platform chain to find it and its sets. Every wait is
// bounded; the network is taken down whatever happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { plexusBin, makeDataDir, rpc, externalUrl, until, freePortRange } from './lib/node.mjs';
import { devWallet, makeProvider } from './lib/suite.mjs';

async function finalNumber(url) {
  return Number((await rpc(url, 'eth_getBlockByNumber', ['finalized', false])).number);
}

function ok(args) {
  const run = spawnSync(plexusBin(), args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `plexus ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

// `plexus da rebuild` of `subnet` from node `where`, retried until it reaches block `target`;
// checked against the live node's block hash, state root and the balance of `to`.
async function rebuildMatches({ where, url, subnet, genesis, target, to, value }) {
  let last;
  const rebuilt = await until(`a rebuild of ${subnet} from DA past block ${target}`, () => {
    const r = spawnSync(plexusBin(), ['da', 'rebuild', '--rpc', where, '--subnet', subnet,
      '--genesis', genesis, '--dir', path.join(makeDataDir(), 'rebuilt'),
      '--balance', to, '--quiet'], { encoding: 'utf8', timeout: 60_000 });
    last = r;
    if (r.status !== 0) return false;
    const out = JSON.parse(r.stdout);
    return out.number >= target ? out : false;
  }, 90_000, 1000).catch((e) => { throw new Error(`${e.message}\n${last?.stderr}`); });
  const live = await rpc(url, 'eth_getBlockByNumber', [ethers.toQuantity(rebuilt.number), false]);
  assert.equal(rebuilt.hash, live.hash);
  assert.equal(rebuilt.stateRoot, live.stateRoot);
  const balance = await rpc(url, 'eth_getBalance', [to, ethers.toQuantity(rebuilt.number)]);
  assert.equal(BigInt(Object.values(rebuilt.balances)[0]), BigInt(balance));
  assert.equal(BigInt(balance), value);
  assert.equal(rebuilt.held, 0, last.stderr);
  return { rebuilt, stderr: last.stderr };
}

test('localnet on DA: a bft subnet rebuilt from DA alone, a poster down', {
  skip: externalUrl ? 'needs its own processes' : false,
  timeout: 300_000,
}, async () => {
  const dir = makeDataDir();
  const basePort = await freePortRange(20);
  try {
    const up = spawnSync(plexusBin(), ['localnet', 'up', '--validators', '4', '--dir', dir,
      '--base-port', String(basePort), '--leader-timeout-ms', '500', '--da-subnet', 'evm',
      '--epoch-length', '8'],
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
    const genesis = path.join(dir, 'genesis.json');
    await rebuildMatches({ where, url: urls[0], subnet: 'evm', genesis, target, to, value: 1234n });
    // The killed validator's turn reached DA through the others' late posting.
    const logs = [0, 1, 2].map((i) => readFileSync(path.join(dir, `node${i}`, 'node.log'), 'utf8'));
    assert.ok(logs.some((log) => /to DA for a late poster/.test(log)), 'no late posting logged');

    // A subnet created after genesis, posting to DA, on nodes 0 and 1; node 2 joins later. Its
    // owner is no node's relayer (node i pays with dev account i), so no poster takes its nonces.
    const keyFile = path.join(dir, 'owner.key');
    writeFileSync(keyFile, devWallet(8).privateKey);
    const signed = ['--rpc', where, '--key-file', keyFile];
    const nodeDir = (i) => path.join(dir, `node${i}`);
    ok(['subnet', 'create', ...signed, '--name', 'late', '--vm', 'evm', '--consensus', 'bft',
      '--chain-id', '777002', '--da-namespace', 'late']);
    for (const i of [0, 1]) ok(['subnet', 'add-validator', ...signed, '--name', 'late', '--node-dir', nodeDir(i)]);
    const lateUrl = `${network.nodes[0].rpc.replace(/\/$/, '')}/subnet/late`;
    const lateTo = ethers.Wallet.createRandom().address;
    const provider = makeProvider(`${network.nodes[1].rpc.replace(/\/$/, '')}/subnet/late`, 777002n);
    // Each node starts the subnet at its next final platform block: retried until node 1 has.
    const lateSent = await until('the late subnet takes a transfer',
      () => devWallet(6, provider).sendTransaction({ to: lateTo, value: 4321n }), 60_000, 500);
    await until('the late transfer on node 0', () => rpc(lateUrl, 'eth_getTransactionReceipt', [lateSent.hash]));
    ok(['subnet', 'add-validator', ...signed, '--name', 'late', '--node-dir', nodeDir(2)]);
    const joinedAt = await finalNumber(lateUrl);
    const lateTarget = joinedAt + 2 * 8;  // past the next epoch's end: the third validator votes
    await until(`late block ${lateTarget} final on node 0`,
      async () => (await finalNumber(lateUrl)) >= lateTarget, 60_000, 500);
    const late = await rebuildMatches({ where, url: lateUrl, subnet: 'late', genesis,
      target: lateTarget, to: lateTo, value: 4321n });
    assert.equal(late.rebuilt.namespace, `0x${'00'.repeat(25)}6c617465`);  // version 0, id "late"
  } finally {
    spawnSync(plexusBin(), ['localnet', 'down', '--dir', dir], { timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
});
