// OpenZeppelin ERC-20 and ERC-721 contracts driven through ethers: deployment, transfers, events
// over eth_getLogs and over WebSocket subscriptions, custom-error reverts and gas estimation.
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import { nodeSuite, devWallet, mined, within } from './lib/suite.mjs';
import { compileContracts, deploy } from './lib/contracts.mjs';
import { rpc } from './lib/node.mjs';

const env = nodeSuite();

// Whether a 2048-bit logs bloom has the 3 bits that keccak256(value) selects (yellow paper 4.3.1).
function bloomHas(bloom, value) {
  const bits = ethers.getBytes(bloom);
  const h = ethers.getBytes(ethers.keccak256(value));
  return [0, 2, 4].every((i) => {
    const bit = ((h[i] << 8) | h[i + 1]) & 2047;
    return (bits[255 - (bit >> 3)] & (1 << (bit & 7))) !== 0;
  });
}
const t = env.test;
const state = {};

// Decodes the revert data of a failed call or estimate with the contract's ABI: the node must
// return it as the error's data (code 3, data = hex), which ethers exposes as `err.data`.
async function expectCustomError(promise, contract, name, args) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected a revert with ${name}`);
  assert.equal(
    err.code,
    'CALL_EXCEPTION',
    `expected CALL_EXCEPTION, got ${err.code}: ${err.message}`,
  );
  assert.ok(err.data && err.data !== '0x', `revert data missing: ${err.message}`);
  const parsed = contract.interface.parseError(err.data);
  assert.ok(parsed, `revert data ${err.data} is not an error of the ABI`);
  assert.equal(parsed.name, name);
  assert.deepEqual([...parsed.args], args);
}

t('compile and deploy ERC-20 and ERC-721', async () => {
  const artifacts = compileContracts();
  assert.ok(artifacts.PlexusToken.bytecode.length > 1000);
  state.owner = devWallet(0, env.provider);
  state.alice = devWallet(1, env.provider);
  state.bob = devWallet(2, env.provider);
  state.token = await deploy('PlexusToken', state.owner);
  state.nft = await deploy('PlexusNft', state.owner, 3);
  for (const c of [state.token, state.nft]) {
    const code = await env.provider.getCode(await c.getAddress());
    assert.ok(code.length > 100, 'deployed code is empty');
    const receipt = await mined(c.deploymentTransaction());
    assert.equal(receipt.status, 1);
    assert.equal(receipt.contractAddress, await c.getAddress());
  }
  assert.equal(await state.token.name(), 'Plexus Test Token');
  assert.equal(await state.token.symbol(), 'PXT');
  assert.equal(await state.token.minter(), state.owner.address);
  assert.equal(await state.nft.maxSupply(), 3n);
});

t('ERC-20 mint and transfer update balances and emit Transfer logs', async () => {
  const { token, owner, alice, bob } = state;
  const mintTx = await token.mint(alice.address, ethers.parseEther('1000'));
  const mintReceipt = await mined(mintTx);
  assert.equal(mintReceipt.status, 1);
  const transferTx = await token.connect(alice).transfer(bob.address, ethers.parseEther('250'));
  const receipt = await mined(transferTx);
  assert.equal(await token.balanceOf(alice.address), ethers.parseEther('750'));
  assert.equal(await token.balanceOf(bob.address), ethers.parseEther('250'));
  assert.equal(await token.totalSupply(), ethers.parseEther('1000'));

  // The receipt's own log, decoded through the ABI.
  assert.equal(receipt.logs.length, 1);
  const parsed = token.interface.parseLog(receipt.logs[0]);
  assert.equal(parsed.name, 'Transfer');
  assert.deepEqual([...parsed.args], [alice.address, bob.address, ethers.parseEther('250')]);

  // The receipt's and the block's blooms cover the emitting address and every topic.
  const block = await rpc(env.node.url, 'eth_getBlockByNumber', [
    ethers.toQuantity(receipt.blockNumber),
    false,
  ]);
  for (const v of [await token.getAddress(), ...receipt.logs[0].topics]) {
    assert.ok(bloomHas(receipt.logsBloom, v), `receipt bloom lacks ${v}`);
    assert.ok(bloomHas(block.logsBloom, v), `block bloom lacks ${v}`);
  }

  // eth_getLogs over the whole range, filtered by the indexed `from` topic.
  const fromAlice = await token.queryFilter(token.filters.Transfer(alice.address), 0, 'latest');
  assert.equal(fromAlice.length, 1);
  assert.equal(fromAlice[0].transactionHash, transferTx.hash);
  assert.equal(fromAlice[0].blockHash, receipt.blockHash);
  const all = await token.queryFilter(
    token.filters.Transfer(),
    mintReceipt.blockNumber,
    receipt.blockNumber,
  );
  assert.deepEqual(
    all.map((e) => e.args.value),
    [ethers.parseEther('1000'), ethers.parseEther('250')],
  );
  assert.equal(all[0].args.from, ethers.ZeroAddress);

  // Raw provider.getLogs with an explicit topic list (from = anyone, to = bob).
  const logs = await env.provider.getLogs({
    address: await token.getAddress(),
    fromBlock: 0,
    toBlock: 'latest',
    topics: [
      ethers.id('Transfer(address,address,uint256)'),
      null,
      ethers.zeroPadValue(bob.address, 32),
    ],
  });
  assert.equal(logs.length, 1);
  assert.equal(logs[0].transactionHash, transferTx.hash);
  assert.equal(logs[0].index, receipt.logs[0].index);
  void owner;
});

t('ERC-721 mint, transfer and ownership; SoldOut custom error', async () => {
  const { nft, owner, alice, bob } = state;
  const ids = [];
  for (const to of [alice, alice, bob]) {
    const rc = await mined(nft.mint(to.address));
    const ev = rc.logs.map((l) => nft.interface.parseLog(l)).find((l) => l?.name === 'Transfer');
    ids.push(ev.args.tokenId);
  }
  assert.deepEqual(ids, [1n, 2n, 3n]);
  assert.equal(await nft.ownerOf(2n), alice.address);
  assert.equal(await nft.balanceOf(alice.address), 2n);
  const rc = await mined(nft.connect(alice).transferFrom(alice.address, bob.address, 2n));
  assert.equal(rc.status, 1);
  assert.equal(await nft.ownerOf(2n), bob.address);
  const events = await nft.queryFilter(nft.filters.Transfer(null, null, 2n), 0, 'latest');
  assert.deepEqual(
    events.map((e) => [e.args.from, e.args.to]),
    [
      [ethers.ZeroAddress, alice.address],
      [alice.address, bob.address],
    ],
  );
  // Supply 3 is exhausted: the custom error comes back from both eth_call and eth_estimateGas.
  await expectCustomError(nft.mint.staticCall(owner.address), nft, 'SoldOut', [3n]);
  await expectCustomError(nft.mint.estimateGas(owner.address), nft, 'SoldOut', [3n]);
  // An OpenZeppelin error with an address and a token id.
  await expectCustomError(
    nft.connect(alice).transferFrom.staticCall(bob.address, alice.address, 3n),
    nft,
    'ERC721InsufficientApproval',
    [alice.address, 3n],
  );
});

t('custom-error reverts decode from eth_call and eth_estimateGas', async () => {
  const { token, alice, bob } = state;
  const balance = await token.balanceOf(bob.address);
  const tooMuch = balance + 1n;
  const args = [bob.address, balance, tooMuch];
  await expectCustomError(
    token.connect(bob).transfer.staticCall(alice.address, tooMuch),
    token,
    'ERC20InsufficientBalance',
    args,
  );
  await expectCustomError(
    token.connect(bob).transfer.estimateGas(alice.address, tooMuch),
    token,
    'ERC20InsufficientBalance',
    args,
  );
  // The wrapper's own errors.
  await expectCustomError(token.connect(bob).mint.staticCall(bob.address, 1n), token, 'NotMinter', [
    bob.address,
  ]);
  await expectCustomError(
    token.connect(bob).mint.estimateGas(bob.address, 1n),
    token,
    'NotMinter',
    [bob.address],
  );
  const remaining = (await token.CAP()) - (await token.totalSupply());
  await expectCustomError(
    token.mint.estimateGas(bob.address, remaining + 1n),
    token,
    'CapExceeded',
    [remaining + 1n, remaining],
  );
  // The raw JSON-RPC error: code 3, data = ABI-encoded error.
  const data = token.interface.encodeFunctionData('transfer', [alice.address, tooMuch]);
  const raw = await fetch(env.node.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_call',
      params: [{ from: bob.address, to: await token.getAddress(), data }, 'latest'],
    }),
  }).then((r) => r.json());
  const expected = token.interface.encodeErrorResult('ERC20InsufficientBalance', args);
  if (env.isHardhat) {
    // Hardhat reports reverts as -32603 with the revert data nested one level deeper.
    assert.equal(raw.error?.data?.data, expected, JSON.stringify(raw));
  } else {
    assert.equal(raw.error?.code, 3, JSON.stringify(raw));
    assert.equal(raw.error.data, expected);
  }
});

// A never-used address without zero bytes: calldata pays 16 gas per non-zero byte and 4 per zero
// byte, so transfers to two such addresses cost exactly the same gas.
function freshAddress() {
  for (;;) {
    const a = ethers.Wallet.createRandom().address;
    if (!ethers.getBytes(a).includes(0)) return a;
  }
}

// Tolerance: the estimate must be at least the gas the transaction then uses (a limit of exactly
// the estimate succeeds) and at most 2 % + 2300 above it. The 2 % covers estimators that stop the
// binary search within a relative error (go-ethereum stops within 1.5 %); the 2300 covers the
// rule that SSTORE needs more than 2300 gas left, which can make the smallest working limit
// exceed the gas finally used. The transfer goes to a fresh holder and leaves the sender a
// balance, so no storage refund separates the needed limit from the gas used.
t('eth_estimateGas is sufficient and tight', async () => {
  const { token, alice } = state;
  const fresh = freshAddress();
  const amount = ethers.parseEther('1');
  const estimate = await token.connect(alice).transfer.estimateGas(fresh, amount);
  const tx = await token.connect(alice).transfer(fresh, amount, { gasLimit: estimate });
  const rc = await mined(tx);
  assert.equal(rc.status, 1, 'a transaction with gas limit = estimate must succeed');
  assert.equal((await env.provider.getTransaction(tx.hash)).gasLimit, estimate);
  assert.ok(rc.gasUsed <= estimate, `gasUsed ${rc.gasUsed} > estimate ${estimate}`);
  const bound = (rc.gasUsed * 102n) / 100n + 2300n;
  assert.ok(
    estimate <= bound,
    `estimate ${estimate} exceeds gasUsed ${rc.gasUsed} by more than 2 % + 2300`,
  );

  // The same transfer (to another fresh holder, so the same cost) with one gas less than it
  // needs runs out of gas on chain: status 0, the whole limit consumed, balances unchanged.
  const fresh2 = freshAddress();
  const short = rc.gasUsed - 1n;
  const tx2 = await token.connect(alice).transfer(fresh2, amount, { gasLimit: short });
  const rc2 = await mined(tx2, { allowFailure: true });
  assert.equal(rc2.status, 0);
  assert.equal(rc2.gasUsed, short);
  assert.equal(rc2.logs.length, 0);
  assert.equal(await token.balanceOf(fresh2), 0n);
});

t('Transfer events arrive over a WebSocket subscription', async () => {
  const { token, owner, alice } = state;
  const ws = new ethers.WebSocketProvider(env.node.wsUrl, 31337, { staticNetwork: true });
  try {
    const wsToken = token.connect(ws);
    const amount = ethers.parseEther('7');
    const target = ethers.Wallet.createRandom().address;
    let onContract, onLog, onHead;
    const viaContract = new Promise((resolve) => {
      onContract = resolve;
    });
    const viaProvider = new Promise((resolve) => {
      onLog = resolve;
    });
    const headSeen = new Promise((resolve) => {
      onHead = resolve;
    });
    const heads = [];
    // With a topic filter ethers passes only the payload; its args are decoded from the ABI.
    await wsToken.on(wsToken.filters.Transfer(null, target), (ev) => onContract(ev));
    await ws.on(
      { address: token.target, topics: [ethers.id('Transfer(address,address,uint256)')] },
      (log) => {
        if (log.topics[2] === ethers.zeroPadValue(target, 32)) onLog(log);
      },
    );
    await ws.on('block', (n) => {
      heads.push(n);
      onHead();
    });
    // ethers sends eth_subscribe without waiting for the id; a request on the same socket that is
    // answered after them, plus a short pause, lets the subscriptions reach the node first.
    await ws.getBlockNumber();
    await new Promise((r) => setTimeout(r, 300));
    const tx = await token.connect(alice).transfer(target, amount);
    const rc = await mined(tx);
    const ev = await within(viaContract, 10_000, 'contract event');
    assert.deepEqual([...ev.args], [alice.address, target, amount]);
    assert.equal(ev.log.transactionHash, tx.hash);
    assert.equal(ev.log.blockHash, rc.blockHash);
    const log = await within(viaProvider, 10_000, 'provider log');
    assert.equal(log.transactionHash, tx.hash);
    assert.equal(BigInt(log.data), amount);
    await within(headSeen, 10_000, 'newHeads block');
    assert.ok(
      heads.every((n) => n <= rc.blockNumber + 1 && n > 0),
      `unexpected heads ${heads}`,
    );
    void owner;
  } finally {
    await ws.destroy();
  }
});

t(
  'Error(string) reasons and Panic codes from eth_call, eth_estimateGas and a mined transaction',
  async () => {
    const probe = await deploy('RevertProbe', state.owner);
    const reason = async (promise) => {
      const err = await promise.then(
        () => assert.fail('expected a revert'),
        (e) => e,
      );
      assert.equal(err.code, 'CALL_EXCEPTION', err.message);
      return err;
    };
    for (const run of [probe.failWith.staticCall, probe.failWith.estimateGas]) {
      const err = await reason(run('no luck today'));
      assert.equal(probe.interface.parseError(err.data)?.name, 'Error');
      assert.equal(probe.interface.parseError(err.data).args[0], 'no luck today');
    }
    const panic = await reason(probe.divide.staticCall(1n, 0n));
    assert.equal(panic.revert?.name, 'Panic');
    assert.equal(BigInt(panic.revert.args[0]), 0x12n, 'division by zero is Panic(0x12)');
    assert.equal(await probe.divide(10n, 3n), 3n);

    // A transaction that reverts on chain: status 0, no state change, the nonce still used.
    const nonce = await env.provider.getTransactionCount(state.owner.address);
    const tx = await probe.store(11n, { gasLimit: 100_000n });
    const rc = await mined(tx, { allowFailure: true });
    assert.equal(rc.status, 0);
    assert.ok(rc.gasUsed < 100_000n, 'a revert refunds the unused gas');
    assert.equal(await probe.value(), 0n);
    assert.equal(await env.provider.getTransactionCount(state.owner.address), nonce + 1);
    const ok = await mined(probe.store(7n));
    assert.equal(ok.status, 1);
    assert.equal(await probe.value(), 7n);
  },
);

// Where the gas a transaction needs exceeds the gas it finally uses: a storage refund (the whole
// balance moves, clearing the sender's slot) and a nested call (only 63/64 of the remaining gas
// is passed on). An estimate that is merely the gas used would make both transactions fail.
t('eth_estimateGas is sufficient with a storage refund and with a nested call', async () => {
  const { token, bob } = state;
  const holder = devWallet(6, env.provider);
  await mined(token.mint(holder.address, 1000n));
  const all = await token.balanceOf(holder.address);
  const to = freshAddress();
  const estimate = await token.connect(holder).transfer.estimateGas(to, all);
  const rc = await mined(token.connect(holder).transfer(to, all, { gasLimit: estimate }));
  assert.equal(await token.balanceOf(holder.address), 0n);
  assert.ok(rc.gasUsed < estimate, `refund: gasUsed ${rc.gasUsed}, estimate ${estimate}`);

  const nft = await deploy('PlexusNft', state.owner, 5);
  const vault = await deploy('NftVault', state.owner);
  const mintEstimate = await nft.connect(bob).mint.estimateGas(vault.target);
  const rc2 = await mined(nft.connect(bob).mint(vault.target, { gasLimit: mintEstimate }));
  assert.equal(await nft.ownerOf(1n), vault.target);
  assert.ok(rc2.gasUsed <= mintEstimate);
});
