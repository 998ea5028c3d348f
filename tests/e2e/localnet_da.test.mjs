// A bft subnet on DA: four validators (`plexus localnet up --da-subnet evm`) post every final
// block of the evm subnet with its finality certificate as blobs on the platform chain; one
// validator is killed, so its turns (16 blocks each) are posted late by the others. In that gap a
// stranger posts another valid block at the height the killed validator should have posted (the
// live block a second later: it re-executes to the same state), before the validators' block.
// `plexus da rebuild --genesis` then rebuilds the chain from the platform's blobs alone, skips
// the stranger's block for want of a certificate and lands on the live nodes' block hash, state
// root and balance; run again into the same directory, it resumes where it stopped. Then a subnet created after genesis (`plexus subnet create --da-namespace`) with two
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

// The header of a block as eth_getBlockByNumber gives it, RLP-encoded as the chain hashes it.
function headerRlp(b) {
  const q = (v) => ethers.toBeArray(BigInt(v));
  const fields = [b.parentHash, b.sha3Uncles, b.miner, b.stateRoot, b.transactionsRoot,
    b.receiptsRoot, b.logsBloom, q(b.difficulty), q(b.number), q(b.gasLimit), q(b.gasUsed),
    q(b.timestamp), b.extraData, b.mixHash, b.nonce];
  const optional = [['baseFeePerGas', q], ['withdrawalsRoot'], ['blobGasUsed', q],
    ['excessBlobGas', q], ['parentBeaconBlockRoot'], ['requestsHash']];
  for (const [key, f] of optional) if (b[key] !== undefined) fields.push(f ? f(b[key]) : b[key]);
  return fields;
}

// The subnet blocks on DA in namespace `ns`, read from the PXS1 and PXS2 blobs of platform
// blocks `from` on: numbers added to `seen`; the next platform height to read is returned.
async function readPosted(url, ns, from, seen) {
  const height = Number((await rpc(url, 'platform_getHeight', [])).height);
  for (let h = from; h <= height; h++) {
    const found = await rpc(url, 'platform_getAllBlobs', [ethers.toQuantity(h), ns]);
    for (const blob of found.blobs) {
      const magic = ethers.toUtf8String(ethers.dataSlice(blob.data, 0, 4));
      if (magic !== 'PXS1' && magic !== 'PXS2') continue;
      for (const entry of ethers.decodeRlp(ethers.dataSlice(blob.data, 4))) {
        const block = magic === 'PXS2' ? entry[0] : entry;
        seen.add(Number(BigInt(block[0][8] === '0x' ? 0 : block[0][8])));
      }
    }
  }
  return height + 1;
}

// `plexus da rebuild` of `subnet` from node `where` into `dir` (a fresh one by default).
function runRebuild({ where, subnet, genesis, to, dir }) {
  return spawnSync(plexusBin(), ['da', 'rebuild', '--rpc', where, '--subnet', subnet,
    '--genesis', genesis, '--dir', dir ?? path.join(makeDataDir(), 'rebuilt'),
    '--balance', to, '--quiet'], { encoding: 'utf8', timeout: 60_000 });
}

// The rebuild's head is the live node's block: hash and state root.
async function matchesLive(url, rebuilt) {
  const live = await rpc(url, 'eth_getBlockByNumber', [ethers.toQuantity(rebuilt.number), false]);
  assert.equal(rebuilt.hash, live.hash);
  assert.equal(rebuilt.stateRoot, live.stateRoot);
}

// `plexus da rebuild` of `subnet` from node `where`, retried until it reaches block `target`;
// checked against the live node's block hash, state root and the balance of `to`.
async function rebuildMatches({ where, url, subnet, genesis, target, to, value }) {
  let last;
  let dir;
  const rebuilt = await until(`a rebuild of ${subnet} from DA past block ${target}`, () => {
    dir = path.join(makeDataDir(), 'rebuilt');
    const r = runRebuild({ where, subnet, genesis, to, dir });
    last = r;
    if (r.status !== 0) return false;
    const out = JSON.parse(r.stdout);
    return out.number >= target ? out : false;
  }, 90_000, 1000).catch((e) => { throw new Error(`${e.message}\n${last?.stderr}`); });
  await matchesLive(url, rebuilt);
  const balance = await rpc(url, 'eth_getBalance', [to, ethers.toQuantity(rebuilt.number)]);
  assert.equal(BigInt(Object.values(rebuilt.balances)[0]), BigInt(balance));
  assert.equal(BigInt(balance), value);
  assert.equal(rebuilt.held, 0, last.stderr);
  return { rebuilt, stderr: last.stderr, dir };
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
    const where = urls[0].replace('http://', '').replace(/\/subnet\/evm$/, '');

    // Turn t (16 blocks) is the (t mod 4)-th validator's by node id. In the killed validator's
    // turn a stranger posts another valid block at the lowest height missing from DA, before the
    // others post it late: the live block a second later, without the validators' certificate.
    const validators = (await rpc(urls[0], 'platform_getValidators', ['evm'])).map((v) => v.nodeId.toLowerCase());
    const position = validators.indexOf(network.nodes[3].id.toLowerCase());
    assert.ok(position >= 0, `node 3 ${network.nodes[3].id} is not among ${validators}`);
    // The lowest block not on DA, once it is final and in the killed validator's turn, waits
    // 10 s there for a late poster.
    const seen = new Set();
    let unread = 1;
    const forged = await until('a block of the killed validator\'s turn missing from DA', async () => {
      unread = await readPosted(urls[0], subnet.genesis.daNamespace, unread, seen);
      let missing = 0;
      while (seen.has(missing)) missing += 1;
      if (missing <= killedAt || Math.floor(missing / 16) % 4 !== position) return false;
      return (await finalNumber(urls[0])) >= missing ? missing : false;
    }, 120_000, 100);
    const real = await rpc(urls[0], 'eth_getBlockByNumber', [ethers.toQuantity(forged), false]);
    assert.equal(ethers.keccak256(ethers.encodeRlp(headerRlp(real))), real.hash, 'header encoding');
    const other = headerRlp({ ...real, timestamp: BigInt(real.timestamp) + 1n });
    const body = real.withdrawalsRoot !== undefined ? [other, [], [], []] : [other, [], []];
    assert.equal(real.transactions.length, 0, 'the forged height holds no transaction');
    const blob = ethers.concat([ethers.toUtf8Bytes('PXS1'), ethers.encodeRlp([body])]);
    const strangerKey = path.join(dir, 'stranger.key');
    writeFileSync(strangerKey, devWallet(7).privateKey);
    ok(['blob', 'submit', '--rpc', where, '--key-file', strangerKey, '--blob', `evm=${ethers.hexlify(blob)}`]);

    const target = Math.max(killedAt + 4 * 16, forged + 16);
    await until(`block ${target} final on node 0`, async () => (await finalNumber(urls[0])) >= target,
      120_000, 500);

    const genesis = path.join(dir, 'genesis.json');
    const first = await rebuildMatches({ where, url: urls[0], subnet: 'evm', genesis, target, to, value: 1234n });
    assert.ok(first.rebuilt.number > forged);
    assert.match(first.stderr, new RegExp(`: skipped: refused: block ${forged} has no finality certificate`));
    // Run again into the same directory: it resumes from the platform height it reached.
    const again = runRebuild({ where, subnet: 'evm', genesis, to, dir: first.dir });
    assert.equal(again.status, 0, again.stderr);
    const resumed = JSON.parse(again.stdout);
    assert.equal(resumed.resumedFrom, first.rebuilt.platformHeight);
    assert.ok(resumed.number >= first.rebuilt.number);
    await matchesLive(urls[0], resumed);
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
