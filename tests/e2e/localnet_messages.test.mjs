// Cross-subnet messages on four validator processes (`plexus localnet up`, bft): the token
// bridge of examples/bridge runs its round trip EVM -> Move -> WASM -> EVM with every leg signed,
// aggregated and delivered by the nodes' own relayers over the peer-to-peer network; and a
// message in flight while the source's validator set changes is signed again by the new set and
// delivered with the new certificate. Every wait is bounded; the network is taken down whatever
// happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { plexusBin, makeDataDir, rpc, externalUrl, until, freePortRange } from './lib/node.mjs';
import { devWallet, makeProvider, mined } from './lib/suite.mjs';
import { bridgeArtifacts, runBridge } from '../../examples/bridge/walkthrough.mjs';

const kMessenger = '0x00000000000000000000000000000000004d5347';
const subnetId = (name) => ethers.keccak256(ethers.toUtf8Bytes(`plexus subnet ${name}`));

function ok(args) {
  const run = spawnSync(plexusBin(), args, { encoding: 'utf8', timeout: 90_000 });
  assert.equal(run.status, 0, `plexus ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

// The platform height a signed message names (after the unsigned message).
function certificateHeight(signedHex) {
  const b = ethers.getBytes(signedHex);
  const n = Number(BigInt(ethers.hexlify(b.slice(37, 41))));
  return BigInt(ethers.hexlify(b.slice(41 + n, 49 + n)));
}

const artifacts = bridgeArtifacts();

test('localnet messages: the bridge round trip, and a set change in flight', {
  skip: externalUrl ? 'needs its own processes'
    : (artifacts ? false : 'build/examples/bridge_token.deploy.hex and plexus-move'),
  timeout: 300_000,
}, async () => {
  const dir = makeDataDir();
  const basePort = await freePortRange(20);
  try {
    ok(['localnet', 'up', '--validators', '4', '--dir', dir, '--base-port', String(basePort),
      '--leader-timeout-ms', '400', '--epoch-length', '8']);
    const network = JSON.parse(readFileSync(path.join(dir, 'network.json'), 'utf8'));
    const urls = network.nodes.map((n) => n.rpc);
    const rpcOf = (i) => urls[i].replace('http://', '').replace(/\/$/, '');
    const nodeDir = (i) => path.join(dir, `node${i}`);
    const keyFile = path.join(dir, 'owner.key');
    writeFileSync(keyFile, devWallet(0).privateKey);
    const signed = (i) => ['--rpc', rpcOf(i), '--key-file', keyFile];

    // The bridge, driven through node 1; the relayers of all four deliver.
    const run = await runBridge({ url: urls[1], artifacts });
    assert.deepEqual([run.toMove.status, run.toWasm.status, run.toEvm.status],
      ['delivered', 'delivered', 'delivered']);
    assert.deepEqual([run.toMove.balance, run.toWasm.balance, run.toEvm.balance], [600n, 250n, 500n]);
    for (const leg of [run.toMove, run.toWasm, run.toEvm]) assert.ok(leg.conserved);
    assert.match(run.replay.reason, /was delivered already/);
    assert.equal(run.forged.status, 'failed');
    assert.equal(run.forged.balanceAfter, run.forged.balanceBefore);

    // A message to a subnet nobody runs yet stays in flight, signed by the evm subnet's four.
    ok(['subnet', 'create', ...signed(0), '--name', 'late', '--vm', 'evm', '--consensus', 'bft',
      '--chain-id', '777001']);
    const receiverOwner = devWallet(5);
    const receiver = ethers.getCreateAddress({ from: receiverOwner.address, nonce: 0 });
    const sender = devWallet(6, makeProvider(`${urls[2]}subnet/evm`, 31337n));
    const messenger = new ethers.Interface(['function sendMessage(bytes32,address,bytes) returns (bytes32)',
      'function retryMessage(bytes) returns (bool)']);
    const sent = await mined(sender.sendTransaction({
      to: kMessenger, data: messenger.encodeFunctionData('sendMessage', [subnetId('late'), receiver, '0x2a']),
    }));
    const id = sent.logs[0].topics[1];
    const before = await until('the message signed', async () => {
      const got = await rpc(`${urls[3]}subnet/evm`, 'plexus_getMessage', [id]);
      return got?.status === 'signed' && got;
    }, 60_000);
    const oldHeight = certificateHeight(before.signedMessage);

    // The set changes: node 3 leaves the evm subnet. Its three remaining validators sign again
    // at the new set's height.
    ok(['subnet', 'remove-validator', ...signed(1), '--name', 'evm', '--node-dir', nodeDir(3)]);
    const resigned = await until('the message signed again by the new set', async () => {
      const got = await rpc(`${urls[0]}subnet/evm`, 'plexus_getMessage', [id]);
      return got?.signedMessage && certificateHeight(got.signedMessage) > oldHeight && got;
    }, 60_000);
    const newHeight = certificateHeight(resigned.signedMessage);
    // Every relayer holds the new certificate before the destination starts (the old one stays
    // valid, so a relayer that had not heard the new shares yet could deliver with it).
    for (const i of [1, 2, 3]) {
      await until(`node ${i} holds the new certificate`, async () => {
        const got = await rpc(`${urls[i]}subnet/evm`, 'plexus_getMessage', [id]);
        return got?.signedMessage && certificateHeight(got.signedMessage) === newHeight;
      }, 60_000);
    }
    const evmSet = await rpc(urls[0], 'platform_getSubnet', ['evm']);
    assert.equal(Object.keys(evmSet.weights).length, 3);

    // The destination starts; the relayers deliver. The receiver has no code yet: failed, kept.
    for (const i of [0, 1, 2, 3]) {
      ok(['subnet', 'add-validator', ...signed(2), '--name', 'late', '--node-dir', nodeDir(i)]);
    }
    const late = await until('the message received on late', async () => {
      const got = await rpc(`${urls[1]}subnet/evm`, 'plexus_getMessage', [id]);
      return (got?.status === 'failed' || got?.status === 'delivered') && got;
    }, 90_000);
    assert.equal(late.status, 'failed', 'no receiver yet');
    assert.equal(certificateHeight(late.signedMessage), newHeight,
      'delivered with the certificate of the new set');
    // The receiver deployed where the message expects it; a retry delivers.
    const lateProvider = makeProvider(`${urls[2]}subnet/late`, 777001n);
    const owner = receiverOwner.connect(lateProvider);
    const deployed = await mined(owner.sendTransaction({
      data: '0x600580600b6000396000f33360005500',  // stores its caller
    }));
    assert.equal(deployed.contractAddress, receiver);
    const retried = await mined(devWallet(7, lateProvider).sendTransaction({
      to: kMessenger, data: messenger.encodeFunctionData('retryMessage', [late.message]),
      gasLimit: 1_000_000,
    }));
    assert.equal(retried.status, 1);
    // Node 3 holds the receiver's write once the block is final there too.
    await until('the receiver called on node 3', async () =>
      BigInt(await rpc(`${urls[3]}subnet/late`, 'eth_getStorageAt', [receiver, '0x0', 'latest'])) ===
        BigInt(kMessenger), 30_000);
    await until('delivered, as node 0 sees it', async () =>
      (await rpc(`${urls[0]}subnet/evm`, 'plexus_getMessage', [id])).status === 'delivered', 30_000);
  } finally {
    spawnSync(plexusBin(), ['localnet', 'down', '--dir', dir], { timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
});
