// Four validator processes under the bft engine (`plexus localnet up`, its default): a
// transaction sent to any node is finalized on every node with a certificate that
// `plexus verify-certificate` accepts (and refuses once tampered with); a validator killed with
// SIGKILL leaves the chain live; restarted, it catches up and no node has seen it sign twice; a
// fifth node, not a validator, follows the chain as an observer. Every wait is bounded; the
// network is taken down whatever happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { plexusBin, makeDataDir, rpc, externalUrl, until, spawnNode, freePortRange } from './lib/node.mjs';
import { devWallet, makeProvider } from './lib/suite.mjs';

const kNodes = 4;

async function evm(url) {
  const info = await rpc(url, 'plexus_nodeInfo');
  return info.subnets.find((s) => s.name === 'evm');
}

// Whether `url` has block `number` final with hash `hash`.
async function hasFinal(url, number, hash) {
  const block = await rpc(url, 'eth_getBlockByNumber', [ethers.toQuantity(number), false]);
  const final = await rpc(url, 'eth_getBlockByNumber', ['finalized', false]);
  return block && block.hash === hash && BigInt(final.number) >= BigInt(number);
}

test('localnet bft: four validators finalize, survive a kill, and certify every block', {
  skip: externalUrl ? 'needs its own processes' : false,
  timeout: 180_000,
}, async () => {
  const dir = makeDataDir();
  const basePort = await freePortRange(20);
  const extra = [];
  try {
    const up = spawnSync(plexusBin(), ['localnet', 'up', '--validators', String(kNodes), '--dir',
      dir, '--base-port', String(basePort), '--leader-timeout-ms', '500'],
    { encoding: 'utf8', timeout: 90_000 });
    assert.equal(up.status, 0, `localnet up failed:\n${up.stdout}\n${up.stderr}`);
    const network = JSON.parse(readFileSync(path.join(dir, 'network.json'), 'utf8'));
    assert.deepEqual(network.subnets.map((s) => s.consensus), ['bft', 'bft', 'bft']);
    const genesis = JSON.parse(readFileSync(path.join(dir, 'genesis.json'), 'utf8'));
    assert.equal(genesis.validators.length, kNodes);
    const urls = network.nodes.map((n) => n.rpc);
    for (const url of urls) assert.equal((await evm(url)).role, 'validator');

    // Sent to node 1, final on node 3.
    const to = ethers.Wallet.createRandom().address;
    const sent = await devWallet(5, makeProvider(urls[1])).sendTransaction({ to, value: 1000n });
    const receipt = await until('the receipt on node 3',
      () => rpc(urls[3], 'eth_getTransactionReceipt', [sent.hash]));
    assert.equal(receipt.status, '0x1');
    await until('the block final on node 3',
      () => hasFinal(urls[3], receipt.blockNumber, receipt.blockHash));

    // Its certificate, from node 2, checked against the genesis's validators.
    const cert = await rpc(urls[2], 'plexus_getFinalityCertificate', ['evm', receipt.blockNumber]);
    assert.ok(cert, 'a certificate for a final block');
    assert.ok(cert.signers.length >= 3, `signers: ${cert.signers}`);
    const certFile = path.join(dir, 'cert.json');
    writeFileSync(certFile, JSON.stringify(cert));
    // A block past the first epoch is signed by a later set, which node 2 serves.
    const verify = (file) => spawnSync(plexusBin(), ['verify-certificate', '--genesis',
      path.join(dir, 'genesis.json'), '--file', file, '--set-rpc', urls[2]],
    { encoding: 'utf8', timeout: 30_000 });
    const good = verify(certFile);
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /^valid: evm block/);
    writeFileSync(certFile, JSON.stringify({ ...cert, round: ethers.toQuantity(BigInt(cert.round) + 1n) }));
    const bad = verify(certFile);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^invalid: .*does not verify/);

    // Node 2 killed: the other three still hold a quorum and finalize.
    process.kill(network.nodes[2].pid, 'SIGKILL');
    const wallet = devWallet(6, makeProvider(urls[0]));
    let nonce = await wallet.getNonce();
    let last;
    for (let i = 0; i < 5; ++i) {
      last = await (await wallet.sendTransaction({ to, value: 1n, nonce: nonce++ })).wait();
    }
    await until('the last transfer final on node 3',
      () => hasFinal(urls[3], last.blockNumber, last.blockHash));

    // Restarted, node 2 catches up; nobody holds evidence of a double vote.
    extra.push(spawnNode(path.join(dir, 'node2', 'node.toml')));
    await until('node 2 caught up', () => hasFinal(urls[2], last.blockNumber, last.blockHash));
    for (const url of urls) assert.equal((await evm(url)).evidence, 0, `${url} saw a double vote`);

    // A fifth node, not in the genesis's set, follows as an observer.
    const late = path.join(dir, 'node4');
    mkdirSync(late, { recursive: true });
    const rpcPort = basePort + 9;
    const bootstrap = network.nodes.map((n) => `"${n.p2p}"`).join(', ');
    writeFileSync(path.join(late, 'node.toml'), `data_dir = "."\ngenesis = "../genesis.json"\n` +
      `[p2p]\nlisten = "127.0.0.1:${basePort + 8}"\nbootstrap = [${bootstrap}]\n` +
      `[rpc]\nlisten = "127.0.0.1:${rpcPort}"\n[subnets]\ntrack = ["evm", "wasm", "move"]\n`);
    extra.push(spawnNode(path.join(late, 'node.toml')));
    const lateUrl = `http://127.0.0.1:${rpcPort}/`;
    await until('the observer caught up', () => hasFinal(lateUrl, last.blockNumber, last.blockHash));
    assert.equal((await evm(lateUrl)).role, 'observer');
    assert.equal(await rpc(lateUrl, 'eth_getBalance', [to, 'latest']), '0x3ed');
  } finally {
    for (const child of extra) child.kill('SIGKILL');
    spawnSync(plexusBin(), ['localnet', 'down', '--dir', dir], { timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
});
