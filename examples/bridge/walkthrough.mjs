// The token bridge across the three VMs (examples/bridge/README.md): BridgeToken locked on the
// EVM subnet, a wrapped C token on the WASM subnet and a wrapped Move coin on the Move subnet,
// joined by cross-subnet messages that the node's relayer signs and delivers. runBridge walks a
// round trip EVM -> Move -> WASM -> EVM and shows that a replayed or forged message moves
// nothing; it returns every figure it saw.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bcs, ethers } from '../../tests/e2e/lib/deps.mjs';
import { devWallet, makeProvider, mined } from '../../tests/e2e/lib/suite.mjs';
import { assembleMove, wasmDeployHex } from '../../tests/e2e/lib/artifacts.mjs';
import { compileSources } from '../../tests/e2e/lib/contracts.mjs';
import { rpc } from '../../tests/e2e/lib/node.mjs';
import { argAddress, entryCall, kMoveRouter, publishPayload } from '../../tests/e2e/lib/move_bcs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const kMessenger = '0x00000000000000000000000000000000004d5347';
export const subnetId = (name) => ethers.keccak256(ethers.toUtf8Bytes(`plexus subnet ${name}`));
const word = (address) => ethers.zeroPadValue(address, 32);
const vecU8 = (hex) => bcs.vector(bcs.u8()).serialize([...ethers.getBytes(hex)]).toBytes();
const argU64 = (n) => bcs.u64().serialize(n).toBytes();

export function compileBridge() {
  return compileSources({
    'contracts/IPlexusMessenger.sol': {
      content: readFileSync(path.join(here, '../../sdk/solidity/IPlexusMessenger.sol'), 'utf8'),
    },
    'contracts/Bridge.sol': { content: readFileSync(path.join(here, 'Bridge.sol'), 'utf8') },
  });
}

export function bridgeArtifacts() {
  const wasm = wasmDeployHex('bridge_token');
  const move = assembleMove('examples/bridge/bridge.mvir');
  return wasm && move ? { wasm, move } : null;
}

export async function runBridge({ url, artifacts, log = () => {} }) {
  const providers = {
    evm: makeProvider(`${url}subnet/evm`, 31337n),
    wasm: makeProvider(`${url}subnet/wasm`, 31338n),
    move: makeProvider(`${url}subnet/move`, 31339n),
  };
  const operator = (subnet) => devWallet(0, providers[subnet]);
  const alice = (subnet) => devWallet(1, providers[subnet]);
  const { BridgeToken, EvmBridge, IPlexusMessenger } = compileBridge();
  const messenger = new ethers.Interface(IPlexusMessenger.abi);
  const out = { steps: [] };
  const step = (what, detail = {}) => {
    out.steps.push({ what, ...detail });
    log(what, detail);
  };

  // Deploy: the token and its bridge on EVM, the wrapped token on WASM, the Move module.
  const token = await new ethers.ContractFactory(BridgeToken.abi, BridgeToken.bytecode, operator('evm'))
    .deploy(1_000_000n);
  await token.waitForDeployment();
  const evmBridge = await new ethers.ContractFactory(EvmBridge.abi, EvmBridge.bytecode, operator('evm'))
    .deploy(token.target);
  await evmBridge.waitForDeployment();
  const wasmDeployed = await mined(operator('wasm').sendTransaction({ data: artifacts.wasm }));
  const wasmToken = new ethers.Contract(wasmDeployed.contractAddress, [
    'function setPeer(bytes32,address)', 'function balanceOf(address) view returns (uint256)',
    'function totalSupply() view returns (uint256)',
    'function bridge(bytes32,bytes32,uint64) returns (bytes32)',
  ], operator('wasm'));
  const moveBridge = operator('move').address;  // the module's publisher: it sends as itself
  const move = (wallet, fn, args) => mined(wallet.sendTransaction({
    to: kMoveRouter, data: entryCall(moveBridge, 'message_receiver', fn, args), gasLimit: 1_000_000,
  }));
  await mined(operator('move').sendTransaction({ data: publishPayload([artifacts.move]) }));
  await move(operator('move'), 'init', [vecU8(subnetId('evm')), argAddress(evmBridge.target),
    vecU8(subnetId('wasm')), argAddress(wasmToken.target)]);
  await mined(evmBridge.setPeer(subnetId('move'), moveBridge));
  await mined(evmBridge.setPeer(subnetId('wasm'), wasmToken.target));
  await mined(wasmToken.setPeer(subnetId('evm'), evmBridge.target));
  await mined(wasmToken.setPeer(subnetId('move'), moveBridge));
  await mined(token.transfer(alice('evm').address, 1_000n));
  await move(alice('move'), 'register', []);
  step('deployed', { token: token.target, evmBridge: evmBridge.target, wasmToken: wasmToken.target, moveBridge });

  const settled = async (subnet, id) => {
    const started = Date.now();
    for (;;) {
      const got = await rpc(`${url}subnet/${subnet}`, 'plexus_getMessage', [id]);
      if (got && (got.status === 'delivered' || got.status === 'failed'))
        return { ...got, ms: Date.now() - started };
      if (Date.now() - started > 30_000) throw new Error(`message ${id} still ${got?.status}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const sentId = (receipt) => receipt.logs.find((l) => l.address.toLowerCase() === kMessenger).topics[1];
  const moveBalance = async (owner) => {
    const r = await rpc(`${url}subnet/move`, 'plexus_getMoveResource',
      [owner, `${moveBridge}::message_receiver::Balance`]);
    return r ? BigInt(r.json.value) : 0n;
  };
  const moveSupply = async () => {
    const r = await rpc(`${url}subnet/move`, 'plexus_getMoveResource',
      [moveBridge, `${moveBridge}::message_receiver::Config`]);
    return BigInt(r.json.supply);
  };
  const totals = async () => {
    const locked = await evmBridge.locked();
    const wrapped = { move: await moveSupply(), wasm: await wasmToken.totalSupply() };
    return { locked, wrapped, conserved: locked === wrapped.move + wrapped.wasm };
  };

  // EVM -> Move: lock 600.
  await mined(token.connect(alice('evm')).approve(evmBridge.target, 600n));
  const locked = await mined(evmBridge.connect(alice('evm')).lock(subnetId('move'), word(alice('evm').address), 600n));
  const toMove = await settled('evm', sentId(locked));
  out.toMove = { status: toMove.status, ms: toMove.ms, balance: await moveBalance(alice('move').address), ...await totals() };
  step('EVM -> Move', out.toMove);

  // Move -> WASM: send 250 on.
  const fromMove = await move(alice('move'), 'send', [vecU8(subnetId('wasm')), vecU8(word(alice('wasm').address)), argU64(250n)]);
  const toWasm = await settled('move', sentId(fromMove));
  out.toWasm = { status: toWasm.status, ms: toWasm.ms, balance: await wasmToken.balanceOf(alice('wasm').address), ...await totals() };
  step('Move -> WASM', out.toWasm);

  // WASM -> EVM: back home with 100.
  const fromWasm = await mined(wasmToken.connect(alice('wasm')).bridge(subnetId('evm'), word(alice('evm').address), 100n));
  const toEvm = await settled('wasm', sentId(fromWasm));
  out.toEvm = { status: toEvm.status, ms: toEvm.ms, balance: await token.balanceOf(alice('evm').address), ...await totals() };
  step('WASM -> EVM', out.toEvm);

  // A replay of the first message, offered to the Move subnet's messenger: refused.
  const deliverAgain = messenger.encodeFunctionData('deliverMessage', [toMove.signedMessage]);
  out.replay = { reason: await alice('move').call({ to: kMessenger, data: deliverAgain }).then(() => 'accepted', (e) => e.shortMessage ?? e.message) };
  // A forged mint: a wallet on EVM (not the bridge) sends a mint message to the Move bridge. It
  // is signed and delivered like any message, and the bridge refuses it: nothing moves.
  const before = await moveBalance(alice('move').address);
  const forged = await mined(alice('evm').sendTransaction({
    to: kMessenger,
    data: messenger.encodeFunctionData('sendMessage', [subnetId('move'), moveBridge,
      ethers.concat([word(alice('evm').address), ethers.toBeHex(1_000_000n, 8)])]),
  }));
  const forgedOutcome = await settled('evm', sentId(forged));
  out.forged = { status: forgedOutcome.status, balanceBefore: before, balanceAfter: await moveBalance(alice('move').address), ...await totals() };
  step('replayed and forged', { replay: out.replay, forged: out.forged });
  return out;
}
