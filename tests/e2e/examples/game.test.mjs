// examples/game: the C game on the WASM subnet and its Solidity twin on the EVM subnet, driven
// through one ethers ABI: every rule once on each (same outcomes on both VMs), then a short
// concurrent load with throughput, latency and gas per action printed side by side.
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import { devWallet, nodeSuite } from '../lib/suite.mjs';
import { skipReason, wasmDeployHex } from '../lib/artifacts.mjs';
import { deployGames, load, tour } from '../../../examples/game/play.mjs';

const env = nodeSuite();
const t = env.test;
const skip = wasmDeployHex('game') ? false : skipReason('build/examples/game.deploy.hex');
const state = {};
const plain = (r) =>
  Object.fromEntries(
    Object.entries(r).filter(([, v]) => !(v && typeof v === 'object' && 'gasUsed' in v)),
  );

t('deploy game.c on the WASM subnet and Game.sol on the EVM subnet', { skip }, async () => {
  state.games = await deployGames(env.node.url);
  const code = await state.games.wasm.provider.getCode(state.games.wasm.address);
  assert.ok(code.startsWith('0x0061736d'), 'the WASM subnet holds the module');
});

t('every rule once on the WASM contract', { skip }, async () => {
  const r = await tour(state.games.wasm);
  state.wasm = r;
  assert.deepEqual(r.interfaces, [true, true, true, false]);
  assert.deepEqual(r.craftEvents, ['Gold', 'Transfer', 'Transfer', 'Transfer']);
  assert.equal(r.burnt, 'ERC721: invalid token ID');
  assert.equal(r.badRecipe, 'Game: two different items are needed');
  assert.equal(r.badForage, 'Game: only wood or ore grow wild');
  assert.equal(r.swordKind, 3n);
  assert.equal(r.swordUri, 'data:application/json,{"name":"Sword"}');
  assert.equal(r.goldAfterCraft, 45n);
  assert.equal(r.notYours, 'Game: not your item');
  assert.equal(r.escrowOwner, state.games.wasm.address, 'a listed item is held by the contract');
  assert.equal(r.escrowedTransfer, 'ERC721: incorrect owner');
  assert.equal(r.ownListing, 'Game: your own listing');
  assert.equal(r.swordOwner, devWallet(2).address, 'the buyer holds the sword');
  assert.deepEqual(r.gold, [75n, 20n]);
  assert.equal(r.approvalCleared, ethers.ZeroAddress);
  assert.deepEqual(r.afterSafe.slice(1), [1n, 0n]);
  assert.equal(r.refused, 'ERC721: transfer to non ERC721Receiver');
  assert.deepEqual(r.received, [devWallet(1).address, r.received[1], '0xc0ffee']);
  assert.ok(r.receivedBy, 'the receiving contract holds the item');
  assert.equal(r.tooPoor, 'Game: not enough gold');
  assert.equal(r.cancelled[1], ethers.ZeroAddress);
  assert.equal(r.totalMinted, 4n);
});

t('the Solidity twin behaves the same on the EVM subnet', { skip }, async () => {
  const r = await tour(state.games.evm);
  const strip = (x) => ({ ...plain(x), escrowOwner: null });
  assert.deepEqual(strip(r), strip(state.wasm));
  assert.equal(r.escrowOwner, state.games.evm.address);
});

t('players play at once on both subnets; every trade settles', { skip }, async () => {
  const players = 8;
  const results = [];
  for (const vm of ['wasm', 'evm']) results.push(await load(state.games[vm], { players, rounds: 1 }));
  for (const r of results) {
    assert.equal(r.transactions, players * 6);
    // Each player crafted one sword and bought its neighbour's.
    assert.deepEqual(r.swordsOwned, Array(players).fill(1n));
    assert.ok(r.tps > 0);
    for (const action of ['quest', 'forage', 'craft', 'list', 'buy'])
      assert.ok(r.gasPerAction[action] > 21_000n, `${r.vm} ${action}`);
    console.log(
      `${r.vm}: ${r.transactions} tx in ${r.seconds.toFixed(2)} s = ${r.tps.toFixed(1)} tx/s, ` +
        `latency p50 ${r.latencyMs.p50.toFixed(0)} ms p95 ${r.latencyMs.p95.toFixed(0)} ms, gas ` +
        Object.entries(r.gasPerAction).map(([k, v]) => `${k} ${v}`).join(' '),
    );
  }
  for (const g of Object.values(state.games)) g.provider.destroy();
});
