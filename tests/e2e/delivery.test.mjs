// Delivering cross-subnet messages on `plexus dev` (docs/MESSAGING.md, Delivery and Relaying):
// the node's relayer signs each final message, certifies it and delivers it into the receiver on
// the destination subnet, in whichever VM it lives: a Solidity contract (IPlexusReceiver), a C
// contract on the WASM subnet (the SDK's plexus_receive_message) and a Move module
// (message_receiver::receive). A receiver that fails leaves the message "failed" until a retry
// succeeds; a replayed or forged message is refused by name and moves nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ethers } from 'ethers';
import { nodeSuite, devWallet, makeProvider, mined } from './lib/suite.mjs';
import { assembleMove, skipReason, wasmDeployHex } from './lib/artifacts.mjs';
import { publishPayload } from './lib/move_bcs.mjs';
import { compileSources } from './lib/contracts.mjs';
import { rpc } from './lib/node.mjs';

const env = nodeSuite();
const t = env.test;
const here = path.dirname(fileURLToPath(import.meta.url));
const kMessenger = '0x00000000000000000000000000000000004d5347';
const subnetId = (name) => ethers.keccak256(ethers.toUtf8Bytes(`plexus subnet ${name}`));
const url = (subnet) => `${env.node.url}subnet/${subnet}`;
const chainIds = { evm: 31337n, wasm: 31338n, move: 31339n };
const provider = (subnet) => makeProvider(url(subnet), chainIds[subnet]);

const kReceiver = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;
import "./IPlexusMessenger.sol";
contract Receiver is IPlexusReceiver {
  bytes32 public lastSource;
  address public lastSender;
  bytes public lastBody;
  uint256 public count;
  bool public open;
  function setOpen() external { open = true; }
  function receiveMessage(bytes32 source, address sender, bytes calldata body) external {
    require(msg.sender == PLEXUS_MESSENGER, "only the messenger");
    require(open || keccak256(body) != keccak256("fail"), "not open yet");
    lastSource = source; lastSender = sender; lastBody = body; count += 1;
  }
}`;

let compiled;
function contracts() {
  compiled ??= compileSources({
    'contracts/IPlexusMessenger.sol': {
      content: readFileSync(path.join(here, '../../sdk/solidity/IPlexusMessenger.sol'), 'utf8'),
    },
    'contracts/Receiver.sol': { content: kReceiver },
  });
  return compiled;
}
const messenger = () => new ethers.Interface(contracts().IPlexusMessenger.abi);

// Sends `body` from a wallet on `from` to `receiver` on `to`; the message's id.
async function send(from, to, receiver, body, account = 4) {
  const wallet = devWallet(account, provider(from));
  const receipt = await mined(wallet.sendTransaction({
    to: kMessenger,
    data: messenger().encodeFunctionData('sendMessage', [subnetId(to), receiver, body]),
  }));
  assert.equal(receipt.status, 1);
  return receipt.logs.find((l) => l.address.toLowerCase() === kMessenger).topics[1];
}

// plexus_getMessage on the source until the relayer has delivered (or failed) it.
async function settled(from, id) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const got = await rpc(url(from), 'plexus_getMessage', [id]);
    if (got && (got.status === 'delivered' || got.status === 'failed')) return got;
    if (Date.now() > deadline) assert.fail(`message ${id} still ${got?.status}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// The MessageReceived logs of `id` on subnet `at`: the `delivered` flags, in order.
async function outcomes(at, id) {
  const logs = await provider(at).getLogs({
    address: kMessenger, fromBlock: 0, toBlock: 'latest',
    topics: [messenger().getEvent('MessageReceived').topicHash, id],
  });
  return logs.map((l) => messenger().parseLog(l).args.delivered);
}

async function retry(at, message, account = 7) {
  const wallet = devWallet(account, provider(at));
  return mined(wallet.sendTransaction({
    to: kMessenger, data: messenger().encodeFunctionData('retryMessage', [message]),
    gasLimit: 1_000_000,
  }));
}

t('a Solidity receiver gets the message; replays and forgeries are refused', async () => {
  const { Receiver } = contracts();
  const owner = devWallet(3, provider('evm'));
  const receiver = await new ethers.ContractFactory(Receiver.abi, Receiver.bytecode, owner).deploy();
  await receiver.waitForDeployment();
  const sender = devWallet(4).address;

  const id = await send('wasm', 'evm', receiver.target, '0x68656c6c6f');
  const got = await settled('wasm', id);
  assert.equal(got.status, 'delivered');
  assert.equal(await receiver.lastSource(), subnetId('wasm'));
  assert.equal(await receiver.lastSender(), sender);
  assert.equal(await receiver.lastBody(), '0x68656c6c6f');
  assert.deepEqual(await outcomes('evm', id), [true]);
  const received = await rpc(url('evm'), 'plexus_getMessage', [id]);
  assert.deepEqual(received, { id, status: 'delivered', received: true });

  // The same signed message again: a replay, refused by name; nothing moves.
  const signed = got.signedMessage;
  const wallet = devWallet(8, provider('evm'));
  const deliver = (bytes) => wallet.call({
    to: kMessenger, data: messenger().encodeFunctionData('deliverMessage', [bytes]),
  });
  await assert.rejects(deliver(signed), /was delivered already/);
  // A forged signature: the last byte of the certificate changed.
  const forged = ethers.getBytes(signed);
  forged[forged.length - 1] ^= 1;
  await assert.rejects(deliver(forged), /message|certificate|signature/);
  // A message for another subnet (sent to wasm, offered to evm).
  const other = await send('evm', 'wasm', receiver.target, '0x01');
  const elsewhere = await settled('evm', other);
  await assert.rejects(deliver(elsewhere.signedMessage), /addressed to subnet/);
  assert.equal(await receiver.count(), 1n);
});

t('a failed delivery is kept and a retry delivers it once', async () => {
  const { Receiver } = contracts();
  const owner = devWallet(3, provider('evm'));
  const receiver = await new ethers.ContractFactory(Receiver.abi, Receiver.bytecode, owner).deploy();
  await receiver.waitForDeployment();
  const id = await send('move', 'evm', receiver.target, ethers.hexlify(ethers.toUtf8Bytes('fail')));
  const got = await settled('move', id);
  assert.equal(got.status, 'failed');
  assert.equal(await receiver.count(), 0n);
  // Retrying before the receiver changes its mind: still failed.
  assert.equal((await retry('evm', got.message)).status, 1);
  assert.deepEqual(await outcomes('evm', id), [false, false]);
  await mined(receiver.setOpen());
  assert.equal((await retry('evm', got.message)).status, 1);
  assert.deepEqual(await outcomes('evm', id), [false, false, true]);
  assert.equal(await receiver.count(), 1n);
  assert.equal((await rpc(url('move'), 'plexus_getMessage', [id])).status, 'delivered');
  // Once delivered, a retry is refused.
  await assert.rejects(devWallet(7, provider('evm')).call({
    to: kMessenger, data: messenger().encodeFunctionData('retryMessage', [got.message]),
  }), /was delivered already/);
});

const cReceiver = wasmDeployHex('message_receiver');
t('a C contract on the WASM subnet receives through the SDK', {
  skip: cReceiver ? false : skipReason('build/examples/message_receiver.deploy.hex'),
}, async () => {
  const wallet = devWallet(5, provider('wasm'));
  const deployed = await mined(wallet.sendTransaction({ data: cReceiver }));
  assert.equal(deployed.status, 1);
  const contract = deployed.contractAddress;
  const ok = await settled('evm', await send('evm', 'wasm', contract, '0x0102'));
  assert.equal(ok.status, 'delivered');
  // "fail" reverts in the contract until it is opened; then a retry delivers it.
  const failing = await send('evm', 'wasm', contract, ethers.hexlify(ethers.toUtf8Bytes('fail')));
  const failed = await settled('evm', failing);
  assert.equal(failed.status, 'failed');
  await mined(wallet.sendTransaction({ to: contract, data: ethers.hexlify(ethers.toUtf8Bytes('open')) }));
  assert.equal((await retry('wasm', failed.message)).status, 1);
  assert.deepEqual(await outcomes('wasm', failing), [false, true]);
  // Nobody but the messenger can call the receiver.
  const iface = new ethers.Interface(['function receiveMessage(bytes32,address,bytes)']);
  await assert.rejects(wallet.call({
    to: contract,
    data: iface.encodeFunctionData('receiveMessage', [subnetId('evm'), wallet.address, '0x01']),
  }), /only the messenger/);
});

const moveReceiver = assembleMove('tests/e2e/contracts/move/message_receiver.mvir');
t('a Move module receives through message_receiver::receive', {
  skip: moveReceiver ? false : skipReason('build/plexus-move'),
}, async () => {
  const publisher = devWallet(0, provider('move'));
  assert.equal((await mined(publisher.sendTransaction({ data: publishPayload([moveReceiver]) }))).status, 1);
  const id = await send('evm', 'move', publisher.address, '0x6d6f7665');
  assert.equal((await settled('evm', id)).status, 'delivered');
  const receipts = await provider('move').getLogs({ fromBlock: 0, toBlock: 'latest' });
  const received = receipts.filter((l) =>
    l.topics[0] === ethers.keccak256(ethers.toUtf8Bytes(
      '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266::message_receiver::Received')));
  assert.equal(received.length, 1, 'the module emitted Received once');
  // "fail" aborts in the module: failed, and kept.
  const failing = await send('evm', 'move', publisher.address, ethers.hexlify(ethers.toUtf8Bytes('fail')));
  assert.equal((await settled('evm', failing)).status, 'failed');
});

t('plexus message send --wait and plexus message status follow a message', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'plexus-message-cli-'));
  try {
    const keyFile = path.join(dir, 'key');
    writeFileSync(keyFile, `${devWallet(9).privateKey}\n`, { mode: 0o600 });
    const rpcAddress = new URL(env.node.url).host;
    const plexus = (args) => execFileSync(process.env.PLEXUS_BIN, args, { encoding: 'utf8' });
    const out = plexus(['message', 'send', '--rpc', rpcAddress, '--subnet', 'evm', '--to', 'wasm',
      '--receiver', '0x00000000000000000000000000000000000000dd', '--body', '0xc0ffee',
      '--key-file', keyFile, '--wait']);
    const id = out.match(/message (0x[0-9a-f]{64})/)[1];
    assert.match(out, /\nfailed\n$/, 'no code at the receiver: the delivery fails, and is kept');
    const status = JSON.parse(plexus(['message', 'status', id, '--rpc', rpcAddress,
      '--subnet', 'evm']));
    assert.equal(status.status, 'failed');
    assert.equal(status.body, '0xc0ffee');
    assert.equal(status.sender, devWallet(9).address);
    assert.match(status.signedMessage, /^0x/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
