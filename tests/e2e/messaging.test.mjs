// Sending cross-subnet messages on `plexus dev` (docs/MESSAGING.md): a Solidity contract
// compiled against sdk/solidity/IPlexusMessenger.sol, a C contract using the SDK's
// plexus_send_message and a Move module calling 0x1::message::send send through the messenger; the receipt carries MessageSent with the
// unsigned message byte for byte; a send whose caller reverts leaves no message and uses no
// nonce.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ethers } from 'ethers';
import { nodeSuite, devWallet, makeProvider, mined } from './lib/suite.mjs';
import { assembleMove, skipReason, wasmDeployHex } from './lib/artifacts.mjs';
import { argAddress, entryCall, kMoveRouter, publishPayload } from './lib/move_bcs.mjs';
import { bcs } from '@mysten/bcs';
import { compileSources } from './lib/contracts.mjs';
import { rpc } from './lib/node.mjs';

const env = nodeSuite();
const t = env.test;
const here = path.dirname(fileURLToPath(import.meta.url));
const kMessenger = '0x00000000000000000000000000000000004d5347';

const kSender = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;
import "./IPlexusMessenger.sol";
contract Sender {
  event Sent(bytes32 id);
  function send(bytes32 destination, address receiver, bytes calldata body) external returns (bytes32 id) {
    id = IPlexusMessenger(PLEXUS_MESSENGER).sendMessage(destination, receiver, body);
    emit Sent(id);
  }
  function sendThenRevert(bytes32 destination, address receiver, bytes calldata body) external {
    IPlexusMessenger(PLEXUS_MESSENGER).sendMessage(destination, receiver, body);
    revert("changed my mind");
  }
}`;

const subnetId = (name) => ethers.keccak256(ethers.toUtf8Bytes(`plexus subnet ${name}`));

// The unsigned message's fields at the offsets docs/MESSAGING.md gives.
function parseMessage(hex) {
  const b = ethers.getBytes(hex);
  const at = (o, n) => ethers.hexlify(b.slice(o, o + n));
  const payloadLength = Number(BigInt(at(37, 4)));
  assert.equal(b.length, 41 + payloadLength);
  const p = 41;
  return {
    version: b[0],
    networkId: BigInt(at(1, 4)),
    source: at(5, 32),
    kind: b[p],
    nonce: BigInt(at(p + 1, 8)),
    sender: ethers.getAddress(at(p + 9, 20)),
    destination: at(p + 29, 32),
    receiver: ethers.getAddress(at(p + 61, 20)),
    body: ethers.hexlify(b.slice(p + 85, p + 85 + Number(BigInt(at(p + 81, 4))))),
  };
}

t('a Solidity contract sends a message; a reverted send leaves none', async () => {
  const sources = {
    'contracts/IPlexusMessenger.sol': {
      content: readFileSync(path.join(here, '../../sdk/solidity/IPlexusMessenger.sol'), 'utf8'),
    },
    'contracts/Sender.sol': { content: kSender },
  };
  const { Sender, IPlexusMessenger } = compileSources(sources);
  const wallet = devWallet(5, env.provider);
  const factory = new ethers.ContractFactory(Sender.abi, Sender.bytecode, wallet);
  const sender = await factory.deploy();
  await sender.waitForDeployment();
  const messenger = new ethers.Interface(IPlexusMessenger.abi);
  const receiver = '0x00000000000000000000000000000000000000bb';
  const sentIn = (receipt) => receipt.logs
    .filter((l) => l.address.toLowerCase() === kMessenger)
    .map((l) => messenger.parseLog(l));

  const first = await mined(sender.send(subnetId('move'), receiver, '0x68656c6c6f'));
  assert.equal(first.status, 1);
  const [event] = sentIn(first);
  assert.ok(event, 'MessageSent from the messenger');
  const m = parseMessage(event.args.message);
  assert.equal(event.args.id, ethers.keccak256(event.args.message));
  assert.equal(event.args.destination, subnetId('move'));
  assert.deepEqual({ ...m, nonce: undefined }, {
    version: 0,
    networkId: 1337n,
    source: subnetId('evm'),
    kind: 1,
    nonce: undefined,
    sender: await sender.getAddress(),
    destination: subnetId('move'),
    receiver: ethers.getAddress(receiver),
    body: '0x68656c6c6f',
  });
  // The contract saw the same id the messenger logged.
  const own = first.logs.find((l) => l.address === (sender.target));
  assert.equal(sender.interface.parseLog(own).args.id, event.args.id);

  // A send whose caller reverts: the transaction fails, no message, no nonce used.
  await assert.rejects(sender.sendThenRevert.staticCall(subnetId('move'), receiver, '0x01'),
    /changed my mind/);
  const reverted = await wallet.sendTransaction({
    to: sender.target,
    data: sender.interface.encodeFunctionData('sendThenRevert', [subnetId('move'), receiver, '0x01']),
    gasLimit: 300_000,
  });
  const failed = await env.provider.waitForTransaction(reverted.hash);
  assert.equal(failed.status, 0);
  assert.equal(failed.logs.length, 0);

  // Straight from a wallet, too: the next nonce, the wallet as the sender.
  const direct = await mined(wallet.sendTransaction({
    to: kMessenger,
    data: messenger.encodeFunctionData('sendMessage', [subnetId('wasm'), receiver, '0x']),
  }));
  const next = parseMessage(sentIn(direct)[0].args.message);
  assert.equal(next.nonce, m.nonce + 1n);
  assert.equal(next.sender, wallet.address);
  assert.equal(next.body, '0x');

  // plexus_getMessage by id; plexus_getMessagesBySubnet over the blocks so far.
  const got = await rpc(env.node.url, 'plexus_getMessage', [event.args.id]);
  // The relayer delivers at once on plexus dev; 0x…bb has no code, so the delivery fails.
  assert.ok(['sent', 'signed', 'failed'].includes(got.status), got.status);
  assert.equal(got.final, true);
  assert.equal(got.message, event.args.message);
  assert.equal(got.sender, await sender.getAddress());
  assert.equal(got.transactionHash, first.hash);
  assert.equal(BigInt(got.nonce), m.nonce);
  assert.equal(await rpc(env.node.url, 'plexus_getMessage', [ethers.ZeroHash]), null);
  const all = await rpc(env.node.url, 'plexus_getMessagesBySubnet', [
    ethers.toQuantity(first.blockNumber), ethers.toQuantity(direct.blockNumber)]);
  assert.deepEqual(all.map((x) => x.id), [event.args.id, sentIn(direct)[0].args.id]);
  await assert.rejects(rpc(env.node.url, 'plexus_getMessagesBySubnet', ['0x0', '0x4e20']),
    /block range/);

  // Misuse names its rule.
  await assert.rejects(rpc(env.node.url, 'eth_call', [{
    to: kMessenger, from: wallet.address, value: '0x1',
    data: messenger.encodeFunctionData('sendMessage', [subnetId('wasm'), receiver, '0x']),
  }, 'latest']), /messenger: sending a message takes no value/);
});

const probe = wasmDeployHex('probe');
t('a C contract on the WASM subnet sends through the SDK helper', {
  skip: probe ? false : skipReason('build/examples/probe.deploy.hex'),
}, async () => {
  const wasmUrl = `${env.node.url}subnet/wasm`;
  const provider = makeProvider(wasmUrl, 31338n);
  const wallet = devWallet(6, provider);
  const deployed = await mined(wallet.sendTransaction({ data: probe }));
  assert.equal(deployed.status, 1);
  const contract = deployed.contractAddress;
  // Op 12 of tests/wasm/contracts/probe.c: plexus_send_message("hi" to 0x…bb on the subnet).
  const sent = await mined(wallet.sendTransaction({
    to: contract, data: ethers.concat(['0x0c', subnetId('evm')]), gasLimit: 500_000,
  }));
  assert.equal(sent.status, 1);
  const log = sent.logs.find((l) => l.address.toLowerCase() === kMessenger);
  assert.ok(log, 'MessageSent from the messenger');
  const message = ethers.AbiCoder.defaultAbiCoder().decode(['bytes'], log.data)[0];
  const m = parseMessage(message);
  assert.equal(m.source, subnetId('wasm'));
  assert.equal(m.sender, ethers.getAddress(contract));
  assert.equal(m.destination, subnetId('evm'));
  assert.equal(m.receiver, ethers.getAddress('0x00000000000000000000000000000000000000bb'));
  assert.equal(m.body, '0x6869');
  assert.equal(log.topics[1], ethers.keccak256(message));
  const got = await rpc(wasmUrl, 'plexus_getMessage', [log.topics[1]]);
  assert.equal(got.sender, ethers.getAddress(contract));
});

const sender = assembleMove('tests/e2e/contracts/move/message_sender.mvir');
t('a Move module sends through 0x1::message::send', {
  skip: sender ? false : skipReason('build/plexus-move'),
}, async () => {
  const moveUrl = `${env.node.url}subnet/move`;
  const provider = makeProvider(moveUrl, 31339n);
  const publisher = devWallet(0, provider);
  assert.equal((await mined(publisher.sendTransaction({ data: publishPayload([sender]) }))).status, 1);
  const vecU8 = (hex) => bcs.vector(bcs.u8()).serialize([...ethers.getBytes(hex)]).toBytes();
  const receiver = '0x00000000000000000000000000000000000000cc';
  const sent = await mined(publisher.sendTransaction({
    to: kMoveRouter,
    data: entryCall(publisher.address, 'message_sender', 'send',
      [vecU8(subnetId('evm')), argAddress(receiver), vecU8('0x6d6f7665')]),
    gasLimit: 1_000_000,
  }));
  assert.equal(sent.status, 1);
  const log = sent.logs.find((l) => l.address.toLowerCase() === kMessenger);
  assert.ok(log, 'MessageSent from the messenger');
  const m = parseMessage(ethers.AbiCoder.defaultAbiCoder().decode(['bytes'], log.data)[0]);
  assert.equal(m.source, subnetId('move'));
  assert.equal(m.sender, publisher.address);
  assert.equal(m.destination, subnetId('evm'));
  assert.equal(m.receiver, ethers.getAddress(receiver));
  assert.equal(m.body, '0x6d6f7665');
  // A destination that is not 32 bytes aborts the call; nothing is sent.
  const bad = await publisher.sendTransaction({
    to: kMoveRouter,
    data: entryCall(publisher.address, 'message_sender', 'send',
      [vecU8('0x01'), argAddress(receiver), vecU8('0x')]),
    gasLimit: 1_000_000,
  });
  const failed = await provider.waitForTransaction(bad.hash);
  assert.equal(failed.status, 0);
  assert.equal(failed.logs.length, 0);
});
