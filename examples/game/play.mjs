// The game economy of examples/game on two subnets: game.c on the WASM subnet and Game.sol on the
// EVM subnet, with one ABI. `deployGames` deploys both, `tour` plays every rule once (what the
// e2e test checks), `load` plays many players at once and measures throughput, latency and gas
// per action. run.mjs prints them side by side.
import { readFileSync } from 'node:fs';
import { ethers } from '../../tests/e2e/lib/deps.mjs';
import { compileSources } from '../../tests/e2e/lib/contracts.mjs';
import { devWallet, mined, revertReason } from '../../tests/e2e/lib/suite.mjs';
import { deployOnBothSubnets } from '../lib/deploy.mjs';
import { percentiles } from '../lib/env.mjs';

export const kGameAbi = [
  'function name() view returns (string)',
  'function symbol() view returns (string)',
  'function supportsInterface(bytes4) view returns (bool)',
  'function balanceOf(address) view returns (uint256)',
  'function ownerOf(uint256) view returns (address)',
  'function tokenURI(uint256) view returns (string)',
  'function kindOf(uint256) view returns (uint256)',
  'function totalMinted() view returns (uint256)',
  'function getApproved(uint256) view returns (address)',
  'function isApprovedForAll(address, address) view returns (bool)',
  'function approve(address to, uint256 id)',
  'function setApprovalForAll(address op, bool approved)',
  'function transferFrom(address from, address to, uint256 id)',
  'function safeTransferFrom(address from, address to, uint256 id)',
  'function safeTransferFrom(address from, address to, uint256 id, bytes data)',
  'function goldOf(address) view returns (uint256)',
  'function transferGold(address to, uint256 amount) returns (bool)',
  'function quest()',
  'function forage(uint256 kind) returns (uint256)',
  'function craft(uint256 a, uint256 b) returns (uint256)',
  'function list(uint256 id, uint256 price)',
  'function buy(uint256 id)',
  'function cancel(uint256 id)',
  'function listing(uint256) view returns (address seller, uint256 price)',
  'event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)',
  'event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)',
  'event ApprovalForAll(address indexed owner, address indexed operator, bool approved)',
  'event Gold(address indexed from, address indexed to, uint256 amount)',
  'event Listed(address indexed seller, uint256 indexed tokenId, uint256 price)',
  'event Sold(address indexed buyer, uint256 indexed tokenId, uint256 price)',
];
export const kKinds = { wood: 1n, ore: 2n, sword: 3n, greatsword: 4n };
const iface = new ethers.Interface(kGameAbi);

let compiled;
// {Game, ItemReceiver}: {abi, bytecode} compiled from Game.sol.
export function compileGame() {
  const content = readFileSync(new URL('./Game.sol', import.meta.url), 'utf8');
  compiled ??= compileSources({ 'contracts/Game.sol': { content } });
  return compiled;
}

// Deploys game.c on the WASM subnet and Game.sol on the EVM subnet (dev account 0 on each).
export function deployGames(url) {
  return deployOnBothSubnets(url, { abi: kGameAbi, wasmName: 'game', evmBytecode: compileGame().Game.bytecode });
}

// The item ids minted to `to` in a receipt.
export function mintedIds(receipt) {
  return receipt.logs
    .map((l) => {
      try {
        return iface.parseLog(l);
      } catch {
        return null;
      }
    })
    .filter((e) => e && e.name === 'Transfer' && e.args.from === ethers.ZeroAddress)
    .map((e) => e.args.tokenId);
}

export function eventNames(receipt) {
  return receipt.logs.map((l) => iface.parseLog(l)?.name);
}

// Every rule once, on one subnet: what happened, for the test to compare across VMs.
export async function tour(game) {
  const [alice, bob] = [devWallet(1, game.provider), devWallet(2, game.provider)];
  const as = (w) => new ethers.Contract(game.address, kGameAbi, w);
  const A = as(alice);
  const B = as(bob);
  const r = {};
  const tx = async (p) => mined(await p);
  r.name = await A.name();
  r.interfaces = await Promise.all(
    ['0x80ac58cd', '0x5b5e139f', '0x01ffc9a7', '0x12345678'].map((i) => A.supportsInterface(i)),
  );
  r.quest = await tx(A.quest());
  await tx(B.quest());
  const [wood] = mintedIds(await tx(A.forage(kKinds.wood)));
  const [ore] = mintedIds(await tx(A.forage(kKinds.ore)));
  r.badForage = await revertReason(A.forage.staticCall(kKinds.sword));
  r.badRecipe = await revertReason(A.craft.staticCall(wood, wood));
  r.craft = await tx(A.craft(wood, ore));
  const [sword] = mintedIds(r.craft);
  r.craftEvents = eventNames(r.craft);
  r.burnt = await revertReason(A.ownerOf(wood));
  r.swordKind = await A.kindOf(sword);
  r.swordUri = await A.tokenURI(sword);
  r.goldAfterCraft = await A.goldOf(alice.address);
  r.notYours = await revertReason(B.list.staticCall(sword, 10n));
  r.list = await tx(A.list(sword, 30n));
  r.escrowOwner = await A.ownerOf(sword);
  r.listing = await A.listing(sword);
  r.escrowedTransfer = await revertReason(A.transferFrom.staticCall(alice.address, bob.address, sword));
  r.ownListing = await revertReason(A.buy.staticCall(sword));
  r.buy = await tx(B.buy(sword));
  r.swordOwner = await A.ownerOf(sword);
  r.gold = [await A.goldOf(alice.address), await A.goldOf(bob.address)];
  r.notListed = await revertReason(A.buy.staticCall(sword + 100n));
  // Plain ERC-721 moves, as a wallet makes them.
  await tx(B.approve(alice.address, sword));
  r.approved = await B.getApproved(sword);
  r.safeTransfer = await tx(
    A.getFunction('safeTransferFrom(address,address,uint256)')(bob.address, alice.address, sword),
  );
  r.afterSafe = [await A.ownerOf(sword), await A.balanceOf(alice.address), await A.balanceOf(bob.address)];
  r.approvalCleared = await A.getApproved(sword);
  // safeTransferFrom into contracts: the data reaches onERC721Received; a refusal reverts.
  const { abi, bytecode } = compileGame().ItemReceiver;
  const receiverFactory = new ethers.ContractFactory(abi, bytecode, alice);
  const receiver = await receiverFactory.deploy(true);
  await mined(receiver.deploymentTransaction());
  const refuser = await receiverFactory.deploy(false);
  await mined(refuser.deploymentTransaction());
  const safeWithData = A.getFunction('safeTransferFrom(address,address,uint256,bytes)');
  r.refused = await revertReason(
    safeWithData.staticCall(alice.address, await refuser.getAddress(), sword, '0x01'),
  );
  await tx(safeWithData(alice.address, await receiver.getAddress(), sword, '0xc0ffee'));
  r.received = [await receiver.lastOperator(), await receiver.lastId(), await receiver.lastData()];
  r.receivedBy = (await A.ownerOf(sword)) === (await receiver.getAddress());
  const [wood2] = mintedIds(await tx(B.forage(kKinds.wood)));
  await tx(B.list(wood2, 1000n));
  r.tooPoor = await revertReason(A.buy.staticCall(wood2));
  await tx(B.cancel(wood2));
  r.cancelled = [await A.ownerOf(wood2), (await A.listing(wood2)).seller];
  r.totalMinted = await A.totalMinted();
  return r;
}

// `count` fresh players (keys derived from `seed`), funded with 1 ETH each by `funder`.
async function fundedPlayers(provider, count, funder, seed) {
  const players = [];
  let nonce = await provider.getTransactionCount(funder.address, 'pending');
  const sends = [];
  for (let i = 0; i < count; i++) {
    const wallet = new ethers.Wallet(ethers.id(`plexus game player ${seed} ${i}`), provider);
    players.push(wallet);
    sends.push(
      funder.sendTransaction({ to: wallet.address, value: ethers.parseEther('1'), nonce: nonce++ }),
    );
  }
  await Promise.all((await Promise.all(sends)).map((t) => mined(t)));
  return players;
}

// `players` players play `rounds` rounds at once on one subnet: quest, forage wood and ore,
// craft a sword, list it; then each buys its neighbour's sword. Transactions are signed locally
// with explicit nonce, gas and fees (no estimate), so time is the node's: send to receipt.
export async function load(game, { players = 16, rounds = 2 } = {}) {
  const funder = devWallet(9, game.provider);
  const wallets = await fundedPlayers(game.provider, players, funder, game.vm);
  const fee = await game.provider.getFeeData();
  const gas = {};
  const latencies = [];
  let txCount = 0;
  const nonces = await Promise.all(wallets.map((w) => w.getNonce('pending')));
  const act = async (i, action, args) => {
    const data = iface.encodeFunctionData(action, args);
    const start = performance.now();
    const sent = await wallets[i].sendTransaction({
      to: game.address,
      data,
      nonce: nonces[i]++,
      gasLimit: 400_000,
      maxFeePerGas: fee.maxFeePerGas * 2n,
      maxPriorityFeePerGas: fee.maxPriorityFeePerGas ?? 0n,
      chainId: game.chainId,
      type: 2,
    });
    const receipt = await mined(sent);
    latencies.push(performance.now() - start);
    txCount++;
    (gas[action] ??= []).push(receipt.gasUsed);
    return receipt;
  };
  const swords = [];
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      wallets.map(async (_, i) => {
        await act(i, 'quest', []);
        const [wood] = mintedIds(await act(i, 'forage', [kKinds.wood]));
        const [ore] = mintedIds(await act(i, 'forage', [kKinds.ore]));
        const [sword] = mintedIds(await act(i, 'craft', [wood, ore]));
        await act(i, 'list', [sword, 20n]);
        swords[i] = sword;
      }),
    );
    await Promise.all(wallets.map((_, i) => act(i, 'buy', [swords[(i + 1) % players]])));
  }
  const seconds = (performance.now() - started) / 1000;
  const gasPerAction = Object.fromEntries(
    Object.entries(gas).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0n) / BigInt(v.length)]),
  );
  return {
    vm: game.vm,
    players,
    rounds,
    transactions: txCount,
    seconds,
    tps: txCount / seconds,
    latencyMs: percentiles(latencies),
    gasPerAction,
    swordsOwned: await Promise.all(
      wallets.map((w) => new ethers.Contract(game.address, kGameAbi, game.provider).balanceOf(w.address)),
    ),
  };
}
