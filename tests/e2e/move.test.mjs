// The Move subnet through ethers and @mysten/bcs: the coin of examples/move/coin.mvir published
// by a creation transaction, entry functions called through the router with BCS arguments,
// events as Ethereum logs, resources read with plexus_getMoveResource, aborts as revert reasons,
// and an EVM contract calling Move atomically.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bcs } from '@mysten/bcs';
import { ethers } from 'ethers';
import { nodeSuite, devWallet, makeProvider, mined, revertReason } from './lib/suite.mjs';
import { assembleMove, skipReason } from './lib/artifacts.mjs';
import { rpc } from './lib/node.mjs';
import {
  Address32,
  argAddress,
  argU64,
  entryCall,
  kMoveRouter,
  moveAddress,
  publishPayload,
} from './lib/move_bcs.mjs';

const env = nodeSuite();
const t = env.test;
const kMoveChainId = 31339n;
const coin = assembleMove('examples/move/coin.mvir');
const skip = coin ? false : skipReason('plexus-move (to assemble examples/move/coin.mvir)');
const state = {};
const TransferEvent = bcs.struct('Transfer', { from: Address32, to: Address32, amount: bcs.u64() });

async function send(wallet, data, opts = {}) {
  return mined(wallet.sendTransaction({ to: kMoveRouter, data, ...opts }), opts);
}

async function balanceOf(addr) {
  const url = `${env.node.url}subnet/move`;
  const resource = await rpc(url, 'plexus_getMoveResource', [addr, `${state.publisher}::coin::Balance`]);
  return resource === null ? null : BigInt(resource.json.value);
}

t('the Move subnet answers with its own chain id', { skip }, async () => {
  state.provider = makeProvider(`${env.node.url}subnet/move`, kMoveChainId);
  assert.equal((await state.provider.getNetwork()).chainId, kMoveChainId);
  state.owner = devWallet(0, state.provider);
  state.alice = devWallet(1, state.provider);
  state.publisher = state.owner.address.toLowerCase();
});

t('publish the coin with a creation transaction', { skip }, async () => {
  const receipt = await mined(state.owner.sendTransaction({ data: publishPayload([coin]) }));
  assert.equal(receipt.status, 1);
  // Publishing again is an upgrade of the same module: accepted (compatible).
  const again = await mined(state.owner.sendTransaction({ data: publishPayload([coin]) }));
  assert.equal(again.status, 1);
});

t('register, mint and transfer with BCS arguments; events are logs', { skip }, async () => {
  await send(state.owner, entryCall(state.publisher, 'coin', 'register', []));
  await send(state.alice, entryCall(state.publisher, 'coin', 'register', []));
  const minted = await send(
    state.owner,
    entryCall(state.publisher, 'coin', 'mint', [argAddress(state.alice.address), argU64(1000n)]),
  );
  assert.equal(minted.logs.length, 1);
  const log = minted.logs[0];
  assert.equal(log.address, state.owner.address);
  assert.deepEqual(log.topics, [ethers.id(`${state.publisher}::coin::Transfer`)]);
  const event = TransferEvent.parse(ethers.getBytes(log.data));
  assert.deepEqual(event.to, moveAddress(state.alice.address));
  assert.equal(BigInt(event.amount), 1000n);

  const sent = await send(
    state.alice,
    entryCall(state.publisher, 'coin', 'transfer', [argAddress(state.owner.address), argU64(300n)]),
  );
  const moved = TransferEvent.parse(ethers.getBytes(sent.logs[0].data));
  assert.deepEqual(moved.from, moveAddress(state.alice.address));
  assert.equal(BigInt(moved.amount), 300n);
  assert.equal(await balanceOf(state.alice.address), 700n);
  assert.equal(await balanceOf(state.owner.address), 300n);
  assert.equal(await balanceOf(devWallet(5).address), null);
});

t('an abort is a revert with a readable reason and changes nothing', { skip }, async () => {
  const data = entryCall(state.publisher, 'coin', 'transfer', [
    argAddress(state.owner.address),
    argU64(701n),
  ]);
  const reason = await revertReason(state.alice.call({ to: kMoveRouter, data }));
  assert.equal(reason, `Move abort ${state.publisher}::coin::transfer code 3`);
  const receipt = await send(state.alice, data, { gasLimit: 500_000, allowFailure: true });
  assert.equal(receipt.status, 0);
  assert.equal(receipt.logs.length, 0);
  assert.equal(await balanceOf(state.alice.address), 700n);
});

t('malformed envelopes and missing functions are clear errors', { skip }, async () => {
  const url = `${env.node.url}subnet/move`;
  const failure = (data) =>
    rpc(url, 'eth_call', [{ from: state.owner.address, to: kMoveRouter, data }, 'latest']).then(
      () => assert.fail('expected an error'),
      (e) => e.rpcError,
    );
  const junk = await failure('0x07');
  assert.match(junk.message, /^execution failed: .*envelope|variant/i);
  const missing = await failure(entryCall(state.publisher, 'coin', 'no_such_function', []));
  assert.match(missing.message, /no_such_function/);
  const noModule = await failure(entryCall(state.alice.address, 'coin', 'register', []));
  assert.match(noModule.message, /coin/);
});

t('an EVM contract calls Move through the router, atomically', { skip }, async () => {
  const fixtures = JSON.parse(
    readFileSync(new URL('../fixtures/solidity/contracts.json', import.meta.url), 'utf8'),
  );
  const { abi, bytecode } = fixtures.CrossCaller;
  const caller = await new ethers.ContractFactory(abi, bytecode, state.owner).deploy();
  await mined(caller.deploymentTransaction());
  const callerAddress = await caller.getAddress();
  const register = entryCall(state.publisher, 'coin', 'register', []);
  // Rolled back: the contract (the signer) registers, then the EVM side reverts.
  const tx = await caller.callThenRevert(kMoveRouter, register, { gasLimit: 1_000_000 });
  assert.equal((await mined(tx, { allowFailure: true })).status, 0);
  assert.equal(await balanceOf(callerAddress), null);
  // Kept.
  await mined(caller.callAndKeep(kMoveRouter, register, { gasLimit: 1_000_000 }));
  assert.equal(await balanceOf(callerAddress), 0n);
});
