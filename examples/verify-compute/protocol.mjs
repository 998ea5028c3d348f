// Verifiable compute on two subnets: verifier.c on the WASM subnet and Verifier.sol on the EVM
// subnet. The worker runs the network off chain (model.mjs) and claims its result with a bond;
// a watcher re-checks the claim locally and challenges a wrong one, which the contract re-executes
// and slashes; a right claim is accepted after the window. run.mjs prints it, the e2e test
// checks it.
import { readFileSync } from 'node:fs';
import { ethers } from '../../tests/e2e/lib/deps.mjs';
import { compileSources } from '../../tests/e2e/lib/contracts.mjs';
import { devWallet, mined, revertReason } from '../../tests/e2e/lib/suite.mjs';
import { deployOnBothSubnets } from '../lib/deploy.mjs';
import { infer } from './model.mjs';

export const kVerifierAbi = [
  'constructor(uint256 window)',
  'function infer(bytes32 input) view returns (uint256 cls, bytes32 commitment)',
  'function claim(bytes32 input, uint256 cls, bytes32 commitment) payable returns (uint256 id)',
  'function challenge(uint256 id)',
  'function finalize(uint256 id)',
  'function claims(uint256 id) view returns (address worker, bytes32 input, uint256 cls, bytes32 commitment, uint256 bond, uint256 deadline, uint256 status)',
  'function window() view returns (uint256)',
  'function claimCount() view returns (uint256)',
  'function bond() view returns (uint256)',
  'event Claimed(uint256 indexed id, address indexed worker, bytes32 input, uint256 cls, bytes32 commitment)',
  'event Slashed(uint256 indexed id, address indexed challenger, uint256 cls, bytes32 commitment)',
  'event Accepted(uint256 indexed id, address indexed worker)',
];
export const kWindow = 3n;
export const kStatus = { pending: 1n, accepted: 2n, slashed: 3n };
const iface = new ethers.Interface(kVerifierAbi);

export function evmBytecode() {
  const source = (f) => ({ content: readFileSync(new URL(`./${f}`, import.meta.url), 'utf8') });
  return compileSources({
    'contracts/Model.sol': source('Model.sol'),
    'contracts/Verifier.sol': source('Verifier.sol'),
  }).Verifier.bytecode;
}

export function deployVerifiers(url, window = kWindow) {
  return deployOnBothSubnets(url, {
    abi: kVerifierAbi,
    wasmName: 'verify_compute',
    evmBytecode: evmBytecode(),
    args: [window],
  });
}

// Deterministic inputs: keccak256 of a counter.
export const inputFor = (i) => ethers.keccak256(ethers.toUtf8Bytes(`verify-compute input ${i}`));

const parsed = (receipt) => receipt.logs.map((l) => iface.parseLog(l)).filter(Boolean);

// The worker: runs the network and claims the result (or a wrong class when `cheat`).
export async function postClaim(verifier, wallet, input, { cheat = false } = {}) {
  const contract = new ethers.Contract(verifier.address, kVerifierAbi, wallet);
  const result = infer(input);
  const cls = cheat ? (result.cls + 1) % 10 : result.cls;
  const receipt = await mined(contract.claim(input, cls, result.commitment, { value: await contract.bond() }));
  const [claimed] = parsed(receipt);
  return { id: claimed.args.id, cls, honest: result, receipt };
}

// Mines `n` blocks (plain transfers: the dev network makes a block per arrival).
async function advance(provider, n) {
  const w = devWallet(8, provider);
  for (let i = 0; i < n; i++) await mined(w.sendTransaction({ to: w.address, value: 0n }));
}

// One honest and one cheating claim, end to end, on one subnet.
export async function scenario(verifier) {
  const { provider } = verifier;
  const worker = devWallet(3, provider);
  const watcher = devWallet(4, provider);
  const asWatcher = new ethers.Contract(verifier.address, kVerifierAbi, watcher);
  const r = {};
  // Every node computes what the worker computes: the contract's view agrees with model.mjs.
  r.agree = [];
  for (let i = 0; i < 4; i++) {
    const input = inputFor(i);
    const [cls, commitment] = await asWatcher.infer(input);
    const local = infer(input);
    r.agree.push(cls === BigInt(local.cls) && commitment === local.commitment);
  }
  const honest = await postClaim(verifier, worker, inputFor(10));
  const cheat = await postClaim(verifier, worker, inputFor(11), { cheat: true });
  r.honestChallenge = await revertReason(asWatcher.challenge.staticCall(honest.id));
  r.earlyFinalize = await revertReason(asWatcher.finalize.staticCall(honest.id));
  // The watcher re-runs the claim locally before paying for a challenge.
  const claimed = await asWatcher.claims(cheat.id);
  r.watcherSees = BigInt(infer(claimed.input).cls) !== claimed.cls;
  const before = await provider.getBalance(watcher.address);
  const slash = await mined(asWatcher.challenge(cheat.id));
  r.slashGas = slash.gasUsed;
  r.slashEvents = parsed(slash).map((e) => [e.name, e.args.cls, e.args.commitment]);
  r.expected = [BigInt(cheat.honest.cls), cheat.honest.commitment];
  const fee = slash.gasUsed * slash.gasPrice;
  r.watcherGain = (await provider.getBalance(watcher.address)) - before + fee;
  r.cheatStatus = (await asWatcher.claims(cheat.id)).status;
  r.slashAgain = await revertReason(asWatcher.challenge.staticCall(cheat.id));
  await advance(provider, Number(kWindow));
  r.lateChallenge = await revertReason(asWatcher.challenge.staticCall(honest.id));
  const workerBefore = await provider.getBalance(worker.address);
  const accept = await mined(asWatcher.finalize(honest.id));
  r.acceptEvents = parsed(accept).map((e) => e.name);
  r.workerRefund = (await provider.getBalance(worker.address)) - workerBefore;
  r.honestStatus = (await asWatcher.claims(honest.id)).status;
  r.claimGas = honest.receipt.gasUsed;
  r.finalizeGas = accept.gasUsed;
  return r;
}

// Gas (eth_estimateGas of infer, which includes the 21,000 of a transaction) and the time of
// one inference by eth_call, averaged over `n` distinct inputs.
export async function measure(verifier, n = 20) {
  const contract = new ethers.Contract(verifier.address, kVerifierAbi, verifier.provider);
  const gas = await contract.infer.estimateGas(inputFor(0));
  await contract.infer(inputFor(0)); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) await contract.infer(inputFor(100 + i));
  const callMs = (performance.now() - start) / n;
  return { vm: verifier.vm, inferGas: gas, callMs };
}
