// The WASM subnet through ethers: the C ERC-20 of examples/erc20 deployed with a ContractFactory
// and called through an ordinary Contract, events in receipts and eth_getLogs, revert reasons,
// and a call from an EVM contract into the WASM token on the same subnet.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ethers } from 'ethers';
import { nodeSuite, devWallet, makeProvider, mined, revertReason } from './lib/suite.mjs';
import { skipReason, wasmDeployHex } from './lib/artifacts.mjs';
import { rpc } from './lib/node.mjs';

const env = nodeSuite();
const t = env.test;
const kWasmChainId = 31338n;
const erc20Abi = [
  'constructor(uint256 initialSupply)',
  'function name() view returns (string)',
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address) view returns (uint256)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function transferFrom(address from, address to, uint256 amount) returns (bool)',
  'function mint(address to, uint256 amount)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'event Approval(address indexed owner, address indexed spender, uint256 value)',
];
const bytecode = wasmDeployHex('erc20');
const skip = bytecode ? false : skipReason('build/examples/erc20.deploy.hex');
const state = {};

t('the WASM subnet answers with its own chain id', { skip }, async () => {
  state.provider = makeProvider(`${env.node.url}subnet/wasm`, kWasmChainId);
  assert.equal((await state.provider.getNetwork()).chainId, kWasmChainId);
  state.owner = devWallet(0, state.provider);
  state.alice = devWallet(1, state.provider);
});

t('deploy the C ERC-20 with a ContractFactory and read it', { skip }, async () => {
  const factory = new ethers.ContractFactory(erc20Abi, bytecode, state.owner);
  const token = await factory.deploy(1000n);
  const receipt = await mined(token.deploymentTransaction());
  assert.ok(receipt.contractAddress);
  state.token = new ethers.Contract(receipt.contractAddress, erc20Abi, state.owner);
  const code = await state.provider.getCode(receipt.contractAddress);
  assert.ok(code.startsWith('0x0061736d'), 'the account holds the WASM module');
  assert.equal(await state.token.totalSupply(), 1000n);
  assert.equal(await state.token.balanceOf(state.owner.address), 1000n);
  assert.equal(await state.token.decimals(), 18n);
  // The constructor's mint is an ordinary Transfer log from the zero address.
  const minted = state.token.interface.parseLog(receipt.logs[0]);
  assert.equal(minted.name, 'Transfer');
  assert.equal(minted.args.from, ethers.ZeroAddress);
  assert.equal(minted.args.value, 1000n);
});

t('transfer emits Transfer; balances move; eth_getLogs finds it', { skip }, async () => {
  const receipt = await mined(state.token.transfer(state.alice.address, 250n));
  const log = state.token.interface.parseLog(receipt.logs[0]);
  assert.equal(log.name, 'Transfer');
  assert.deepEqual([...log.args], [state.owner.address, state.alice.address, 250n]);
  assert.equal(await state.token.balanceOf(state.alice.address), 250n);
  assert.equal(await state.token.balanceOf(state.owner.address), 750n);
  const logs = await state.token.queryFilter(
    state.token.filters.Transfer(state.owner.address, state.alice.address),
    receipt.blockNumber,
    receipt.blockNumber,
  );
  assert.equal(logs.length, 1);
  assert.equal(logs[0].transactionHash, receipt.hash);
});

t('an insufficient balance reverts with the reason and changes nothing', { skip }, async () => {
  const asAlice = state.token.connect(state.alice);
  assert.equal(
    await revertReason(asAlice.transfer.staticCall(state.owner.address, 251n)),
    'ERC20: insufficient balance',
  );
  assert.equal(
    await revertReason(asAlice.transfer.estimateGas(state.owner.address, 251n)),
    'ERC20: insufficient balance',
  );
  const tx = await asAlice.transfer(state.owner.address, 251n, { gasLimit: 200_000 });
  const receipt = await mined(tx, { allowFailure: true });
  assert.equal(receipt.status, 0);
  assert.equal(receipt.logs.length, 0);
  assert.equal(await state.token.balanceOf(state.alice.address), 250n);
});

t('approve and transferFrom; only the owner mints', { skip }, async () => {
  await mined(state.token.approve(state.alice.address, 100n));
  assert.equal(await state.token.allowance(state.owner.address, state.alice.address), 100n);
  const asAlice = state.token.connect(state.alice);
  await mined(asAlice.transferFrom(state.owner.address, state.alice.address, 60n));
  assert.equal(await state.token.allowance(state.owner.address, state.alice.address), 40n);
  assert.equal(await state.token.balanceOf(state.alice.address), 310n);
  assert.equal(
    await revertReason(asAlice.mint.staticCall(state.alice.address, 1n)),
    'ERC20: caller is not the owner',
  );
});

t('an unknown selector and a call without code are clear', { skip }, async () => {
  const wrong = new ethers.Contract(
    await state.token.getAddress(),
    ['function burn(uint256)'],
    state.owner,
  );
  assert.equal(await revertReason(wrong.burn.staticCall(1n)), 'ERC20: unknown function selector');
  // An account without code answers like on Ethereum: success with no data, which the ABI
  // cannot decode, so ethers reports BAD_DATA instead of inventing a balance.
  const nobody = new ethers.Contract(ethers.Wallet.createRandom().address, erc20Abi, state.owner);
  await assert.rejects(nobody.balanceOf(state.owner.address), { code: 'BAD_DATA' });
});

t('an EVM contract on the WASM subnet calls the WASM token', { skip }, async () => {
  const fixtures = JSON.parse(
    readFileSync(new URL('../fixtures/solidity/contracts.json', import.meta.url), 'utf8'),
  );
  const { abi, bytecode: evmBytecode } = fixtures.CrossCaller;
  const caller = await new ethers.ContractFactory(abi, evmBytecode, state.owner).deploy();
  await mined(caller.deploymentTransaction());
  const callerAddress = await caller.getAddress();
  await mined(state.token.transfer(callerAddress, 5n));
  const data = state.token.interface.encodeFunctionData('transfer', [state.alice.address, 5n]);
  // Kept: the WASM token's transfer from the EVM contract lands.
  await mined(caller.callAndKeep(await state.token.getAddress(), data));
  assert.equal(await state.token.balanceOf(callerAddress), 0n);
  // Rolled back: the EVM side reverts after the WASM side wrote; nothing survives.
  await mined(state.token.transfer(callerAddress, 5n));
  const before = await state.token.balanceOf(state.alice.address);
  const tx = await caller.callThenRevert(await state.token.getAddress(), data, {
    gasLimit: 500_000,
  });
  assert.equal((await mined(tx, { allowFailure: true })).status, 0);
  assert.equal(await state.token.balanceOf(callerAddress), 5n);
  assert.equal(await state.token.balanceOf(state.alice.address), before);
});

t('a malformed WASM module is refused with a reason', { skip }, async () => {
  // The creation envelope with a module that is not WebAssembly.
  const junk = '0xef5741530000000400616263';
  const url = `${env.node.url}subnet/wasm`;
  const err = await rpc(url, 'eth_estimateGas', [{ from: state.owner.address, data: junk }]).then(
    () => assert.fail('expected an error'),
    (e) => e.rpcError,
  );
  assert.equal(err.code, -32000);
  assert.match(err.message, /^execution failed: .*(wasm|module|magic)/i);
  // Sent anyway, it fails in its block and installs nothing.
  const nonce = await state.provider.getTransactionCount(state.owner.address);
  const tx = await state.owner.sendTransaction({ data: junk, gasLimit: 300_000, nonce });
  const receipt = await mined(tx, { allowFailure: true });
  assert.equal(receipt.status, 0);
  assert.equal(await state.provider.getCode(receipt.contractAddress), '0x');
});
