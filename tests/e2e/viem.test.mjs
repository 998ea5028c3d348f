// viem as a real client against `plexus dev`: transfers and deployments with receipts, an
// EIP-7702 authorization signed and sent by viem followed by a call through the delegated
// account, calls at an older block by number and by hash, state overrides, and the debug
// tracing methods on a mined transaction.
import assert from 'node:assert/strict';
import {
  concat,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  numberToHex,
  pad,
  parseEther,
  size,
  slice,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { createRequire } from 'node:module';
import { nodeSuite, kChainId, kMnemonic } from './lib/suite.mjs';

const require = createRequire(import.meta.url);
const solc = require('solc');

const env = nodeSuite();
const t = env.test;

const account = (i) => mnemonicToAccount(kMnemonic, { addressIndex: i });
let chain, client, wallet;
function clients() {
  if (client) return;
  chain = defineChain({
    id: Number(kChainId),
    name: 'plexus dev',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [env.node.url] } },
  });
  client = createPublicClient({ chain, transport: http(env.node.url), pollingInterval: 50 });
  wallet = createWalletClient({ chain, transport: http(env.node.url), account: account(3) });
}

// Initcode that returns `runtime` (11 bytes of CODECOPY/RETURN, then the runtime).
const initcode = (runtime) =>
  concat([`0x60${size(runtime).toString(16).padStart(2, '0')}80600b6000396000f3`, runtime]);
// SSTORE(0, CALLER); return ADDRESS.
const kDelegateRuntime = '0x336000553060005260206000f3';
// Returns slot 0, then stores calldata word 0 there: a call reads the value at its block.
const kSwapRuntime = '0x60005460005260003560005560206000f3';
// return SLOAD(0)
const kGetRuntime = '0x60005460005260206000f3';

async function deploy(runtime, from = wallet) {
  const hash = await from.sendTransaction({ data: initcode(runtime) });
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  assert.equal(await client.getCode({ address: receipt.contractAddress }), runtime);
  return receipt.contractAddress;
}

t('viem sends a transfer and reads it back', async () => {
  clients();
  const to = account(4).address;
  const before = await client.getBalance({ address: to });
  const hash = await wallet.sendTransaction({ to, value: parseEther('1') });
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  assert.equal(receipt.type, 'eip1559');
  assert.equal(await client.getBalance({ address: to }), before + parseEther('1'));
  const tx = await client.getTransaction({ hash });
  assert.equal(getAddress(tx.from), account(3).address);
  assert.equal((await client.getBlock({ blockNumber: receipt.blockNumber })).hash, receipt.blockHash);
});

t('EIP-7702: viem signs an authorization, sends it and calls through the account', async () => {
  clients();
  const delegate = await deploy(kDelegateRuntime);
  const authority = account(5);
  const authorization = await wallet.signAuthorization({ account: authority, contractAddress: delegate });
  const hash = await wallet.sendTransaction({
    authorizationList: [authorization],
    to: authority.address,
    data: '0x',
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, 'success');
  assert.equal(receipt.type, 'eip7702');
  assert.equal(
    await client.getCode({ address: authority.address }),
    concat(['0xef0100', delegate]).toLowerCase(),
  );
  // The delegate ran on the authority's storage with the sender as caller...
  const slot = await client.getStorageAt({ address: authority.address, slot: pad('0x0') });
  assert.equal(getAddress(slice(slot, 12)), account(3).address);
  // ...and a call through the authority runs the delegate as the authority.
  const { data } = await client.call({ to: authority.address });
  assert.equal(getAddress(slice(data, 12)), authority.address);
  const tx = await client.getTransaction({ hash });
  assert.equal(tx.authorizationList.length, 1);
  assert.equal(getAddress(tx.authorizationList[0].address), getAddress(delegate));
});

t('calls at an older block by number and by hash; state overrides', async () => {
  clients();
  const contract = await deploy(kSwapRuntime);
  const set = async (n) => {
    const hash = await wallet.sendTransaction({ to: contract, data: pad(numberToHex(n)) });
    return client.waitForTransactionReceipt({ hash });
  };
  const first = await set(11);
  await set(22);
  // The contract's storage read at the first set's block answers 11, now 22.
  const at = async (block) =>
    BigInt(
      (await client.request({
        method: 'eth_call',
        params: [{ to: contract, data: pad('0x0') }, block],
      })),
    );
  assert.equal(await at('latest'), 22n);
  assert.equal(await at(numberToHex(first.blockNumber)), 11n);
  assert.equal(await at({ blockHash: first.blockHash }), 11n);
  const { data } = await client.call({ to: contract, blockNumber: first.blockNumber });
  assert.equal(BigInt(data), 11n);

  // viem's stateOverride: the getter's code at a fresh address, with a slot set.
  const fresh = '0x00000000000000000000000000000000000c0de1';
  const overridden = await client.call({
    to: fresh,
    stateOverride: [
      {
        address: fresh,
        code: kGetRuntime,
        stateDiff: [{ slot: pad('0x0'), value: pad('0x2a') }],
      },
    ],
  });
  assert.equal(BigInt(overridden.data), 42n);
  assert.equal(await client.getCode({ address: fresh }), undefined);  // nothing stayed

  // viem's blockOverrides: NUMBER and TIMESTAMP of the block the call runs in.
  const seen = async (opcode, blockOverrides) => BigInt((await client.call({
    to: fresh,
    stateOverride: [{ address: fresh, code: `0x${opcode}60005260206000f3` }],
    blockOverrides,
  })).data);
  assert.equal(await seen('43', { number: 123456n }), 123456n);
  assert.equal(await seen('42', { time: 1_900_000_000n }), 1_900_000_000n);
});

t('debug_traceTransaction: struct logs and callTracer for a mined transaction', async () => {
  clients();
  const contract = await deploy(kSwapRuntime);
  const hash = await wallet.sendTransaction({ to: contract, data: pad('0x7') });
  const receipt = await client.waitForTransactionReceipt({ hash });
  const trace = await client.request({ method: 'debug_traceTransaction', params: [hash] });
  assert.equal(trace.failed, false);
  assert.equal(BigInt(trace.gas), receipt.gasUsed);
  assert.equal(trace.returnValue, pad('0x0'));  // the slot's value before
  const ops = trace.structLogs.map((l) => l.op);
  assert.deepEqual(ops.slice(0, 3), ['PUSH1', 'SLOAD', 'PUSH1']);
  assert.equal(trace.structLogs[1].gasCost, 2100);  // a cold slot
  assert.equal(ops.at(-1), 'RETURN');
  const sstore = trace.structLogs.find((l) => l.op === 'SSTORE');
  assert.deepEqual(sstore.stack, ['0x7', '0x0']);
  assert.equal(sstore.gasCost, 20000);  // warm since the SLOAD, set from zero
  const calls = await client.request({
    method: 'debug_traceTransaction',
    params: [hash, { tracer: 'callTracer' }],
  });
  assert.equal(calls.type, 'CALL');
  assert.equal(getAddress(calls.to), getAddress(contract));
  assert.equal(BigInt(calls.gasUsed), receipt.gasUsed);
  assert.equal(calls.output, pad('0x0'));
});

// go-ethereum's prestateTracer on a hand-built transaction: exact JSON for the contract, and the
// sender's entry matching what the node reports for the parent block.
t('debug_traceTransaction: prestateTracer, default and diff mode', async () => {
  clients();
  const contract = (await deploy(kSwapRuntime)).toLowerCase();
  const first = await wallet.sendTransaction({ to: contract, data: pad('0x5') });  // slot 0 = 5
  await client.waitForTransactionReceipt({ hash: first });
  const hash = await wallet.sendTransaction({ to: contract, data: pad('0x7') });
  const receipt = await client.waitForTransactionReceipt({ hash });
  const sender = receipt.from.toLowerCase();
  const parent = receipt.blockNumber - 1n;
  const [balance, nonce, block] = await Promise.all([
    client.getBalance({ address: sender, blockNumber: parent }),
    client.getTransactionCount({ address: sender, blockNumber: parent }),
    client.getBlock({ blockNumber: receipt.blockNumber }),
  ]);
  const trace = (config) =>
    client.request({ method: 'debug_traceTransaction', params: [hash, { tracer: 'prestateTracer', ...config }] });

  const pre = await trace({});
  // A created contract starts at nonce 1 (EIP-161).
  const stored = { balance: '0x0', nonce: 1, code: kSwapRuntime, storage: { [pad('0x0')]: pad('0x5') } };
  assert.deepEqual(pre[contract], stored);
  assert.deepEqual(pre[sender], { balance: numberToHex(balance), nonce });
  assert.deepEqual(Object.keys(pre).sort(), [...new Set([contract, sender, block.miner.toLowerCase()])].sort());
  assert.deepEqual((await trace({ tracerConfig: { disableCode: true, disableStorage: true } }))[contract], {
    balance: '0x0',
    nonce: 1,
  });

  const diff = await trace({ tracerConfig: { diffMode: true } });
  assert.deepEqual(diff.pre[contract], stored);
  assert.deepEqual(diff.post[contract], { storage: { [pad('0x0')]: pad('0x7') } });
  const after = await client.getBalance({ address: sender, blockNumber: receipt.blockNumber });
  assert.deepEqual(diff.post[sender], { balance: numberToHex(after), nonce: nonce + 1 });
});

t('a contract compiled by solc with its default settings (Osaka) deploys and runs CLZ', async () => {
  clients();
  const source = [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity ^0.8.31;',
    'contract Bits {',
    '  function leading(uint256 x) external pure returns (uint256 n) { assembly { n := clz(x) } }',
    '}',
  ].join('\n');
  const input = {
    language: 'Solidity',
    sources: { 'Bits.sol': { content: source } },
    settings: { outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'metadata'] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  assert.deepEqual((output.errors ?? []).filter((e) => e.severity === 'error'), []);
  const bits = output.contracts['Bits.sol'].Bits;
  assert.equal(JSON.parse(bits.metadata).settings.evmVersion, 'osaka');
  const hash = await wallet.deployContract({ abi: bits.abi, bytecode: `0x${bits.evm.bytecode.object}` });
  const { contractAddress, status } = await client.waitForTransactionReceipt({ hash });
  assert.equal(status, 'success');
  for (const [x, n] of [[0n, 256n], [1n, 255n], [1n << 200n, 55n]]) {
    const got = await client.readContract({ address: contractAddress, abi: bits.abi, functionName: 'leading', args: [x] });
    assert.equal(got, n, `clz(${x})`);
  }
});
