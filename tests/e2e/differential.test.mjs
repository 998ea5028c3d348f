// Differential test against a reference EVM: seeded random contracts (arithmetic, CLZ, storage,
// transient storage, memory, hashing, environment, GAS, precompile calls with random input) and
// hand-targeted transactions (the EIP-7623 calldata floor, MODEXP bounds, an EIP-7702 set-code
// transaction) run on `plexus dev` and on @ethereumjs/vm at Osaka, fed the same signed bytes.
// Status, gas used, created address, return data (the node's from debug_traceTransaction) and
// storage must agree. PLEXUS_DIFF_SEED and PLEXUS_DIFF_CASES choose another run.
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import { nodeSuite, devWallet, kChainId, kDevBalance } from './lib/suite.mjs';
import { rpc } from './lib/node.mjs';
import { referenceEvm } from './lib/reference_evm.mjs';

const env = nodeSuite();
const t = env.test;
const kSeed = Number(process.env.PLEXUS_DIFF_SEED ?? 7702);
const kCases = Number(process.env.PLEXUS_DIFF_CASES ?? 30);

// mulberry32: a small seeded generator, so a failing case can be run again.
function random(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const bytes = (n) => Array.from({ length: n }, () => int(256).toString(16).padStart(2, '0')).join('');
  return { int, bytes, pick: (list) => list[int(list.length)] };
}

const hex1 = (n) => n.toString(16).padStart(2, '0');
const push1 = (n) => `60${hex1(n)}`;
const kPrecompiles = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x100];

// A random runtime that never jumps: each instruction is picked among those the stack height
// allows. It ends by storing the top of the stack and returning memory, or by failing.
function randomRuntime(r) {
  let code = '';
  let height = 0;
  const binary = ['01', '02', '03', '04', '05', '06', '07', '0a', '0b', '10', '11', '12', '13', '14', '16', '17', '18', '1a', '1b', '1c', '1d'];
  const context = ['30', '32', '33', '34', '36', '38', '3d', '46', '47', '58', '59', '5a'];
  const steps = 20 + r.int(60);
  for (let i = 0; i < steps; ++i) {
    const kind = r.int(12);
    if (kind === 0 || height < 3) {
      const n = r.pick([1, 1, 1, 2, 4, 8, 20, 32]);
      code += (0x5f + n).toString(16) + r.bytes(n);
      height += 1;
    } else if (kind === 1) {
      code += r.pick(binary);
      height -= 1;
    } else if (kind === 2) {
      code += r.pick(['08', '09']);
      height -= 2;
    } else if (kind === 3) {
      code += r.pick(['15', '19', '1e']);  // ISZERO, NOT, CLZ
    } else if (kind === 4) {
      code += push1(r.int(8)) + r.pick(['55', '5d']);  // SSTORE, TSTORE to a small key
      height -= 1;
    } else if (kind === 5) {
      code += push1(r.int(8)) + r.pick(['54', '5c']);  // SLOAD, TLOAD
      height += 1;
    } else if (kind === 6) {
      code += push1(r.int(4) * 32) + '52';  // MSTORE
      height -= 1;
    } else if (kind === 7) {
      code += push1(r.int(65)) + push1(r.int(96)) + '20';  // KECCAK256
      height += 1;
    } else if (kind === 8) {
      code += r.pick(context);
      height += 1;
    } else if (kind === 9) {
      code += push1(r.int(64)) + '35';  // CALLDATALOAD
      height += 1;
    } else if (kind === 10) {
      code += push1(r.int(64)) + push1(r.int(64)) + push1(r.int(64)) + '5e';  // MCOPY
    } else {
      // STATICCALL a precompile on memory [0, n): ret [128, 160), then RETURNDATASIZE.
      const target = r.pick(kPrecompiles);
      const gas = r.pick(['5a', `62${r.bytes(3)}`]);
      code += `6020608060${hex1(r.int(192))}6000` + `61${target.toString(16).padStart(4, '0')}` + gas + 'fa3d';
      height += 2;
    }
  }
  const end = r.int(10);
  if (end === 0) return code + 'fe';                       // INVALID
  if (end === 1) return code + '60206000fd';               // REVERT with memory [0, 32)
  return code + push1(100) + '55' + '60406000f3';          // SSTORE(100, top); RETURN [0, 64)
}

function initcode(runtimeHex) {
  const size = runtimeHex.length / 2;
  return `0x61${size.toString(16).padStart(4, '0')}80600c6000396000f3${runtimeHex}`;
}

let sender, reference, nonce;
async function setup() {
  if (reference) return;
  sender = devWallet(9, env.provider);
  reference = await referenceEvm(kChainId);
  await reference.fund(sender.address, kDevBalance);
  nonce = await env.provider.getTransactionCount(sender.address);
}

// Sends `fields` signed by the sender to both; returns both outcomes after comparing them.
async function both(fields, what) {
  const raw = await sender.signTransaction({
    type: 2,
    chainId: kChainId,
    nonce: nonce++,
    gasLimit: 2_000_000,
    maxFeePerGas: ethers.parseUnits('100', 'gwei'),
    maxPriorityFeePerGas: 1n,
    ...fields,
  });
  const expected = await reference.run(raw);
  const hash = await rpc(env.node.url, 'eth_sendRawTransaction', [raw]);
  let receipt;
  for (let i = 0; !receipt && i < 400; ++i) {
    receipt = await rpc(env.node.url, 'eth_getTransactionReceipt', [hash]);
    if (!receipt) await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(receipt, `${what}: not mined`);
  assert.equal(receipt.status === '0x1', expected.success, `${what}: status`);
  assert.equal(BigInt(receipt.gasUsed), expected.gasUsed, `${what}: gas used`);
  if (expected.created)
    assert.equal(receipt.contractAddress.toLowerCase(), expected.created.toLowerCase(), `${what}: address`);
  const trace = await rpc(env.node.url, 'debug_traceTransaction', [hash, { disableStack: true, limit: 1 }]);
  // A creation's output is the code it installs, which the reference reports as empty.
  if (!expected.created) assert.equal(trace.returnValue, expected.output, `${what}: return data`);
  return { receipt, expected };
}

async function sameStorage(address, slots, what) {
  for (const slot of slots) {
    const key = ethers.toBeHex(slot, 32);
    const got = await rpc(env.node.url, 'eth_getStorageAt', [address, key, 'latest']);
    assert.equal(got, await reference.storage(address, key), `${what}: slot ${slot}`);
  }
}

t(`random contracts agree with @ethereumjs/vm (seed ${kSeed}, ${kCases} cases)`, { timeout: 120_000 }, async () => {
  await setup();
  const r = random(kSeed);
  const outcomes = { succeeded: 0, failed: 0 };
  for (let i = 0; i < kCases; ++i) {
    const runtime = randomRuntime(r);
    const what = `case ${i} (seed ${kSeed}) runtime 0x${runtime}`;
    const { receipt } = await both({ data: initcode(runtime) }, `${what} deploy`);
    if (receipt.status !== '0x1') continue;
    const calldata = `0x${r.bytes(r.int(96))}`;
    const call = await both({ to: receipt.contractAddress, data: calldata, value: BigInt(r.int(1000)) }, `${what} call`);
    outcomes[call.expected.success ? 'succeeded' : 'failed'] += 1;
    await sameStorage(receipt.contractAddress, [0, 1, 2, 3, 4, 5, 6, 7, 100], what);
  }
  // Both endings were compared, not only one.
  assert.ok(outcomes.succeeded >= kCases / 4 && outcomes.failed >= 1, JSON.stringify(outcomes));
});

t('hand-targeted: calldata floor, MODEXP bounds, an EIP-7702 set-code transaction', { timeout: 60_000 }, async () => {
  await setup();
  // EIP-7623: mostly non-zero calldata to an account without code costs the floor.
  // (Accounts neither side holds, so no balance or existence differs.)
  const nobody = (label) => new ethers.Wallet(ethers.id(`plexus differential ${label}`));
  await both({ to: nobody('floor').address, data: `0x${'ab'.repeat(4000)}` }, 'calldata floor');
  await both({ to: nobody('zeros').address, data: `0x${'00'.repeat(5000)}` }, 'zero calldata floor');
  // EIP-7823/7883: MODEXP priced from Osaka, inputs over 1024 bytes refused.
  const modexp = (b, e, m, body) =>
    ethers.concat([ethers.toBeHex(b, 32), ethers.toBeHex(e, 32), ethers.toBeHex(m, 32), body]);
  const modexpCaller = // CALLDATACOPY all, STATICCALL 0x05 with all gas, store success and output size
    '0x366000600037' + '602060803660006005' + '5afa' + '600055' + '3d600155' + '00';
  const { receipt } = await both({ data: initcode(modexpCaller.slice(2)) }, 'modexp caller deploy');
  for (const [b, e, m] of [[32, 32, 32], [1, 1025, 1], [1025, 1, 1], [64, 8, 64], [0, 0, 0]]) {
    const input = modexp(b, e, m, `0x${'5a'.repeat(Math.min(b + e + m, 2000))}`);
    await both({ to: receipt.contractAddress, data: input }, `modexp ${b}/${e}/${m}`);
    await sameStorage(receipt.contractAddress, [0, 1], `modexp ${b}/${e}/${m}`);
  }
  // EIP-7702: the authority delegates to the MODEXP caller and runs it on its own account.
  const authority = nobody('authority');
  const auth = await authority.authorize({ address: receipt.contractAddress, nonce: 0, chainId: kChainId });
  await both(
    { type: 4, to: authority.address, authorizationList: [auth], data: modexp(1, 1, 1, '0x030507') },
    'set-code transaction',
  );
  const code = await env.provider.getCode(authority.address);
  assert.equal(code, ethers.concat(['0xef0100', receipt.contractAddress]).toLowerCase());
  await sameStorage(authority.address, [0, 1], 'delegated storage');
});
