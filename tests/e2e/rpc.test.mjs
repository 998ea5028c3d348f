// The JSON-RPC surface as an Ethereum client sees it: chain identity, dev accounts, nonces, block
// linkage, receipts, polling filters, batches, malformed input, mempool rejections and proofs.
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import WebSocket from 'ws';
import { nodeSuite, devWallet, mined, kChainId, kDevBalance, within } from './lib/suite.mjs';
import { rpc, rpcRaw } from './lib/node.mjs';
import { deploy } from './lib/contracts.mjs';
import { verifyProof } from './lib/mpt.mjs';
import { headerHash, transactionsRoot, receiptsRoot } from './lib/block.mjs';

const env = nodeSuite();
const t = env.test;
const kEmptyCodeHash = ethers.keccak256('0x');
const kEmptyTrieRoot = ethers.keccak256(ethers.encodeRlp('0x'));

// Accounts 3..5 only, so this file and tokens.test.mjs never race on nonces when both run
// against one external node.
const sender = () => devWallet(3, env.provider);
const other = () => devWallet(4, env.provider);

async function rpcError(method, params) {
  const { json } = await rpcRaw(env.node.url, { jsonrpc: '2.0', id: 1, method, params });
  assert.ok(json?.error, `${method} should fail, got ${JSON.stringify(json)}`);
  return json.error;
}

t('chain identity: eth_chainId, net_version, web3_clientVersion', async () => {
  assert.equal(await rpc(env.node.url, 'eth_chainId'), '0x7a69');
  assert.equal(await rpc(env.node.url, 'net_version'), '31337');
  const version = await rpc(env.node.url, 'web3_clientVersion');
  assert.match(version, /\S+/);
  assert.equal((await env.provider.getNetwork()).chainId, kChainId);
});

t('the EVM subnet also answers at /subnet/evm', async () => {
  assert.equal(await rpc(new URL('subnet/evm', env.node.url).href, 'eth_chainId'), '0x7a69');
});

t('dev accounts: the mnemonic derives the funded genesis accounts', async () => {
  assert.equal(devWallet(0).address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
  for (let i = 0; i < 10; i++) {
    const balance = await env.provider.getBalance(devWallet(i).address, 0);
    assert.equal(balance, kDevBalance, `account ${i} at genesis`);
  }
  assert.equal(
    await env.provider.getBalance(devWallet(10).address, 0),
    0n,
    'account 10 is not funded',
  );
  assert.equal(await env.provider.getCode(devWallet(0).address), '0x');
});

t('value transfer: nonce increments, balances move, receipt fields', async () => {
  const from = sender();
  const to = ethers.Wallet.createRandom().address;
  const nonce = await env.provider.getTransactionCount(from.address, 'latest');
  const before = await env.provider.getBalance(from.address);
  const value = ethers.parseEther('1.5');
  // Hardhat's estimator answers 21001 for a plain transfer; go-ethereum answers exactly 21000.
  const estimate = await env.provider.estimateGas({ from: from.address, to, value });
  assert.equal(estimate, env.isHardhat ? 21001n : 21000n);
  const tx = await from.sendTransaction({ to, value });
  assert.equal(tx.nonce, nonce);
  const rc = await mined(tx);
  assert.equal(await env.provider.getTransactionCount(from.address, 'latest'), nonce + 1);
  assert.equal(await env.provider.getTransactionCount(from.address, 'pending'), nonce + 1);
  assert.equal(await env.provider.getBalance(to), value);
  assert.equal(
    await env.provider.getBalance(from.address),
    before - value - rc.gasUsed * rc.gasPrice,
  );

  assert.equal(rc.status, 1);
  assert.equal(rc.gasUsed, 21000n);
  assert.ok(rc.cumulativeGasUsed >= rc.gasUsed);
  assert.equal(rc.logs.length, 0);
  assert.equal(rc.contractAddress, null);
  assert.equal(rc.from, from.address);
  assert.equal(rc.to, to);
  assert.equal(rc.hash, tx.hash);
  assert.equal(rc.type, 2);
  const block = await env.provider.getBlock(rc.blockNumber);
  assert.ok(rc.gasPrice >= block.baseFeePerGas, 'effective gas price below the base fee');

  // The transaction as the node stores it matches what was signed.
  const got = await env.provider.getTransaction(tx.hash);
  assert.equal(got.hash, tx.hash);
  assert.equal(got.from, from.address);
  assert.equal(got.to, to);
  assert.equal(got.value, value);
  assert.equal(got.nonce, nonce);
  assert.equal(got.chainId, kChainId);
  assert.equal(got.blockHash, rc.blockHash);
  assert.equal(got.blockNumber, rc.blockNumber);
  assert.equal(got.index, rc.index);
  assert.equal(got.signature.r, tx.signature.r);
  assert.equal(got.signature.s, tx.signature.s);
  // Re-serialised from the node's fields (signature included), it is the transaction that was sent.
  const signed = await sender().signTransaction(ethers.Transaction.from(tx));
  assert.equal(ethers.Transaction.from(got).serialized, signed);
  assert.equal(ethers.keccak256(signed), tx.hash);
});

// Automine semantics: in instant mode eth_sendRawTransaction answers once the transaction's block
// is committed, so a client that asks for the receipt right after the hash always gets it.
t('instant mode: the receipt exists as soon as eth_sendRawTransaction answers', async () => {
  const w = sender();
  const nonce = await env.provider.getTransactionCount(w.address);
  const head = await env.provider.getBlock('latest');
  for (let n = 0; n < 10; n++) {
    const raw = await w.signTransaction({
      type: 2,
      chainId: kChainId,
      nonce: nonce + n,
      to: other().address,
      value: 1n,
      gasLimit: 21000n,
      maxFeePerGas: head.baseFeePerGas * 2n + 10n ** 9n,
      maxPriorityFeePerGas: 1n,
    });
    const hash = await rpc(env.node.url, 'eth_sendRawTransaction', [raw]);
    const rc = await rpc(env.node.url, 'eth_getTransactionReceipt', [hash]);
    assert.ok(rc, `no receipt right after eth_sendRawTransaction returned ${hash}`);
    assert.equal(rc.status, '0x1');
  }
});

t('contract creation receipt and eth_getStorageAt', async () => {
  const from = sender();
  const nonce = await env.provider.getTransactionCount(from.address);
  const token = await deploy('PlexusToken', from);
  const rc = await mined(token.deploymentTransaction());
  const expected = ethers.getCreateAddress({ from: from.address, nonce });
  assert.equal(rc.contractAddress, expected);
  assert.equal(await token.getAddress(), expected);
  assert.equal(rc.to, null);
  assert.ok(rc.gasUsed > 21000n);
  env.token = token;

  const holder = other().address;
  const mint = await mined(token.mint(holder, 12345n));
  assert.equal(mint.logs.length, 1);
  assert.equal(mint.logs[0].address, expected);
  assert.equal(mint.logs[0].topics[0], ethers.id('Transfer(address,address,uint256)'));
  // ERC20's _balances mapping is the contract's first storage slot.
  const slot = ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(['address', 'uint256'], [holder, 0]),
  );
  assert.equal(BigInt(await env.provider.getStorage(expected, slot)), 12345n);
  assert.equal(BigInt(await env.provider.getStorage(expected, slot, mint.blockNumber - 1)), 0n);
  env.balanceSlot = slot;
});

t('blocks link by parent hash; latest block with full transactions', async () => {
  const head = await env.provider.getBlockNumber();
  assert.ok(head >= 2, `head ${head}`);
  const first = Math.max(0, head - 30);
  let prev = null;
  for (let n = first; n <= head; n++) {
    const b = await env.provider.getBlock(n);
    assert.equal(b.number, n);
    if (prev) {
      assert.equal(b.parentHash, prev.hash, `block ${n} parent`);
      // Ethereum's header rule: a block's timestamp is strictly greater than its parent's.
      assert.ok(
        b.timestamp > prev.timestamp,
        `block ${n} timestamp ${b.timestamp} <= parent ${prev.timestamp}`,
      );
    }
    const byHash = await env.provider.getBlock(b.hash);
    assert.equal(byHash.number, n);
    assert.equal(byHash.stateRoot, b.stateRoot);
    prev = b;
  }
  const genesis = await env.provider.getBlock(0);
  assert.equal(genesis.parentHash, ethers.ZeroHash);

  const tx = await sender().sendTransaction({ to: other().address, value: 1n });
  const rc = await mined(tx);
  const raw = await rpc(env.node.url, 'eth_getBlockByNumber', ['latest', true]);
  assert.equal(BigInt(raw.number), BigInt(rc.blockNumber));
  assert.equal(raw.hash, rc.blockHash);
  const full = raw.transactions.find((x) => x.hash === tx.hash);
  assert.ok(full, 'full transaction object missing from the block');
  assert.equal(ethers.getAddress(full.from), sender().address);
  assert.equal(full.blockHash, rc.blockHash);
  assert.equal(BigInt(full.value), 1n);
  const bare = await rpc(env.node.url, 'eth_getBlockByNumber', [raw.number, false]);
  assert.deepEqual(
    bare.transactions,
    raw.transactions.map((x) => x.hash),
  );
  assert.equal(await rpc(env.node.url, 'eth_getBlockByNumber', ['0xffffffff', false]), null);
  assert.equal(await rpc(env.node.url, 'eth_getTransactionReceipt', [ethers.ZeroHash]), null);
});

t('polling filters: eth_newBlockFilter and eth_newFilter with eth_getFilterChanges', async () => {
  const url = env.node.url;
  const installHead = await env.provider.getBlockNumber();
  const blockFilter = await rpc(url, 'eth_newBlockFilter');
  const logFilter = await rpc(url, 'eth_newFilter', [
    {
      fromBlock: ethers.toQuantity(installHead + 1),
      address: env.token.target,
      topics: [ethers.id('Transfer(address,address,uint256)')],
    },
  ]);
  const rc1 = await mined(env.token.mint(other().address, 1n));
  const rc2 = await mined(sender().sendTransaction({ to: other().address, value: 1n }));

  const hashes = await rpc(url, 'eth_getFilterChanges', [blockFilter]);
  assert.ok(hashes.includes(rc1.blockHash), 'first block missing from the block filter');
  assert.ok(hashes.includes(rc2.blockHash), 'second block missing from the block filter');
  assert.deepEqual(
    await rpc(url, 'eth_getFilterChanges', [blockFilter]),
    [],
    'changes are reported once',
  );

  const logs = await rpc(url, 'eth_getFilterChanges', [logFilter]);
  assert.equal(logs.length, 1, JSON.stringify(logs));
  assert.equal(logs[0].transactionHash, rc1.hash);
  assert.equal(logs[0].blockHash, rc1.blockHash);
  assert.equal(BigInt(logs[0].data), 1n);
  assert.equal(logs[0].removed, false);
  // eth_getFilterLogs re-runs the filter's criteria over its block range (Hardhat answers [] here).
  if (!env.isHardhat) assert.deepEqual(await rpc(url, 'eth_getFilterLogs', [logFilter]), logs);

  assert.equal(await rpc(url, 'eth_uninstallFilter', [blockFilter]), true);
  assert.equal(await rpc(url, 'eth_uninstallFilter', [blockFilter]), false);
  // go-ethereum: "filter not found"; Hardhat answers null.
  if (env.isHardhat) assert.equal(await rpc(url, 'eth_getFilterChanges', [blockFilter]), null);
  else
    assert.match(
      (await rpcError('eth_getFilterChanges', [blockFilter])).message,
      /filter not found/,
    );
  assert.equal(await rpc(url, 'eth_uninstallFilter', [logFilter]), true);
});

t('fee methods: eth_gasPrice, eth_maxPriorityFeePerGas, eth_feeHistory', async () => {
  const url = env.node.url;
  const latest = await env.provider.getBlock('latest');
  const gasPrice = BigInt(await rpc(url, 'eth_gasPrice'));
  assert.ok(
    gasPrice >= latest.baseFeePerGas,
    `gas price ${gasPrice} below base fee ${latest.baseFeePerGas}`,
  );
  assert.ok(BigInt(await rpc(url, 'eth_maxPriorityFeePerGas')) >= 0n);
  const history = await rpc(url, 'eth_feeHistory', ['0x4', 'latest', [25, 75]]);
  const count = Math.min(4, latest.number + 1);
  assert.equal(Number(history.oldestBlock), latest.number - count + 1);
  assert.equal(history.baseFeePerGas.length, count + 1);
  assert.equal(history.gasUsedRatio.length, count);
  assert.equal(history.reward.length, count);
  assert.ok(history.reward.every((r) => r.length === 2));
  assert.equal(BigInt(history.baseFeePerGas[count - 1]), latest.baseFeePerGas);
  assert.ok(history.gasUsedRatio.every((r) => r >= 0 && r <= 1));
});

t('batch request: responses per id, errors per entry', async () => {
  const { json } = await rpcRaw(env.node.url, [
    { jsonrpc: '2.0', id: 11, method: 'eth_chainId', params: [] },
    { jsonrpc: '2.0', id: 12, method: 'eth_no_such_method', params: [] },
    { jsonrpc: '2.0', id: 13, method: 'eth_getBalance', params: [devWallet(9).address, '0x0'] },
    { jsonrpc: '2.0', id: 14, method: 'eth_blockNumber', params: [] },
  ]);
  assert.ok(Array.isArray(json), `batch answer is not an array: ${JSON.stringify(json)}`);
  assert.equal(json.length, 4);
  const byId = Object.fromEntries(json.map((r) => [r.id, r]));
  assert.equal(byId[11].result, '0x7a69');
  assert.equal(byId[12].error?.code, env.isHardhat ? -32004 : -32601, JSON.stringify(byId[12]));
  assert.equal(BigInt(byId[13].result), kDevBalance);
  assert.ok(BigInt(byId[14].result) > 0n);
});

t('malformed JSON gets -32700 and the node keeps serving', async () => {
  const r = await rpcRaw(env.node.url, '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"');
  assert.equal(r.json?.error?.code, -32700, `status ${r.status} body ${r.text}`);
  assert.equal(r.json.id, null);
  const r2 = await rpcRaw(env.node.url, '\u0000\u00ff garbage');
  assert.equal(r2.json?.error?.code, -32700, `status ${r2.status} body ${r2.text}`);
  assert.equal(await rpc(env.node.url, 'eth_chainId'), '0x7a69');
  const missing = await rpcRaw(env.node.url, {
    jsonrpc: '2.0',
    id: 5,
    method: 'eth_getBalance',
    params: ['not-an-address', 'latest'],
  });
  assert.ok(missing.json?.error, `bad params accepted: ${missing.text}`);
  assert.equal(missing.json.id, 5);
  assert.equal(await rpc(env.node.url, 'eth_chainId'), '0x7a69');
});

// Messages follow go-ethereum's txpool; Hardhat words them differently.
const kRejections = {
  wrongChain: { geth: [-32000, /invalid chain id/i], hardhat: [-32602, /invalid chainId/] },
  nonceLow: { geth: [-32000, /^nonce too low/], hardhat: [-32000, /Nonce too low/] },
  funds: {
    geth: [-32000, /^insufficient funds for gas \* price \+ value/],
    hardhat: [-32000, /doesn't have enough funds/],
  },
  intrinsic: {
    geth: [-32000, /^intrinsic gas too low/],
    hardhat: [-32000, /requires at least 21000 gas/],
  },
  baseFee: {
    geth: [-32000, /^max fee per gas less than block base fee/],
    hardhat: [-32000, /is too low for the next block/],
  },
};

t('mempool rejections carry go-ethereum messages', async () => {
  const w = sender();
  // Make sure the account has sent at least one transaction so that nonce - 1 exists.
  await mined(w.sendTransaction({ to: other().address, value: 1n }));
  const nonce = await env.provider.getTransactionCount(w.address);
  const head = await env.provider.getBlock('latest');
  const base = {
    type: 2,
    chainId: kChainId,
    nonce,
    to: other().address,
    value: 1n,
    gasLimit: 21000n,
    maxFeePerGas: head.baseFeePerGas * 2n + 10n ** 9n,
    maxPriorityFeePerGas: 10n ** 9n,
  };
  const cases = {
    wrongChain: { ...base, chainId: 1n },
    nonceLow: { ...base, nonce: nonce - 1 },
    funds: { ...base, value: kDevBalance * 10n },
    intrinsic: { ...base, gasLimit: 20999n },
    baseFee: { ...base, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n },
  };
  for (const [name, tx] of Object.entries(cases)) {
    const raw = await w.signTransaction(tx);
    const err = await rpcError('eth_sendRawTransaction', [raw]);
    const [code, re] = kRejections[name][env.isHardhat ? 'hardhat' : 'geth'];
    assert.equal(err.code, code, `${name}: ${JSON.stringify(err)}`);
    assert.match(err.message, re, `${name}: ${JSON.stringify(err)}`);
  }
  // None of them was mined or kept: the same nonce still goes through.
  assert.equal(await env.provider.getTransactionCount(w.address, 'pending'), nonce);
  const rc = await mined(w.sendTransaction({ ...base, chainId: undefined, type: undefined }));
  assert.equal(rc.status, 1);
  // ethers surfaces the message too.
  await assert.rejects(w.sendTransaction({ ...base }), /nonce/i);
});

t('eth_getProof: account and storage proofs verify against the state root', async () => {
  const block = await env.provider.getBlock('latest');
  const blockTag = ethers.toQuantity(block.number);
  const eoa = devWallet(0).address;
  const p = await rpc(env.node.url, 'eth_getProof', [eoa, [], blockTag]);
  assert.equal(ethers.getAddress(p.address), eoa);
  assert.equal(BigInt(p.balance), await env.provider.getBalance(eoa, block.number));
  assert.equal(Number(p.nonce), await env.provider.getTransactionCount(eoa, block.number));
  assert.equal(p.codeHash, kEmptyCodeHash);
  assert.equal(p.storageHash, kEmptyTrieRoot);
  assert.ok(p.accountProof.length > 0);
  const leaf = ethers.decodeRlp(verifyProof(block.stateRoot, eoa, p.accountProof));
  assert.deepEqual(
    leaf.map((x) => BigInt(x === '0x' ? 0 : x)),
    [BigInt(p.nonce), BigInt(p.balance), BigInt(p.storageHash), BigInt(p.codeHash)],
  );

  const token = env.token.target;
  const cp = await rpc(env.node.url, 'eth_getProof', [token, [env.balanceSlot], blockTag]);
  assert.equal(cp.codeHash, ethers.keccak256(await env.provider.getCode(token)));
  assert.notEqual(cp.storageHash, kEmptyTrieRoot);
  const account = ethers.decodeRlp(verifyProof(block.stateRoot, token, cp.accountProof));
  assert.equal(account[2], cp.storageHash);
  assert.equal(account[3], cp.codeHash);
  assert.equal(cp.storageProof.length, 1);
  const sp = cp.storageProof[0];
  assert.equal(BigInt(sp.key), BigInt(env.balanceSlot));
  assert.equal(
    BigInt(sp.value),
    BigInt(await env.provider.getStorage(token, env.balanceSlot, block.number)),
  );
  const stored = ethers.decodeRlp(
    verifyProof(cp.storageHash, ethers.zeroPadValue(sp.key, 32), sp.proof),
  );
  assert.equal(BigInt(stored), BigInt(sp.value));
});

t('legacy (EIP-155) and access-list (EIP-2930) transactions', async () => {
  const w = sender();
  const to = ethers.Wallet.createRandom().address;
  const gasPrice = (await env.provider.getBlock('latest')).baseFeePerGas * 2n + 10n ** 9n;
  const legacy = await mined(w.sendTransaction({ type: 0, to, value: 5n, gasPrice }));
  assert.equal(legacy.status, 1);
  assert.equal(legacy.type, 0);
  assert.equal(legacy.gasPrice, gasPrice, 'a legacy transaction pays its gas price');
  const got = await env.provider.getTransaction(legacy.hash);
  assert.equal(got.type, 0);
  assert.equal(got.chainId, kChainId, 'EIP-155 chain id recovered from v');

  const slot = ethers.zeroPadValue('0x01', 32);
  const tx2 = await w.sendTransaction({
    type: 1,
    to,
    value: 6n,
    gasPrice,
    accessList: [{ address: to, storageKeys: [slot] }],
  });
  const rc2 = await mined(tx2);
  assert.equal(rc2.status, 1);
  assert.equal(rc2.type, 1);
  // 21000 + 2400 per address + 1900 per storage key.
  assert.equal(rc2.gasUsed, 21000n + 2400n + 1900n);
  const got2 = await env.provider.getTransaction(tx2.hash);
  assert.deepEqual(
    got2.accessList.map((e) => [e.address, e.storageKeys]),
    [[to, [slot]]],
  );
  assert.equal(await env.provider.getBalance(to), 11n);
});

// ethers hides the subscription protocol; this checks the frames themselves.
t('eth_subscribe over a raw WebSocket: ids, notifications, eth_unsubscribe', async () => {
  const ws = new WebSocket(env.node.wsUrl);
  const frames = [];
  const waiters = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    frames.push(msg);
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = (pred, what) =>
    within(
      (async () => {
        for (;;) {
          const hit = frames.find(pred);
          if (hit) return hit;
          await new Promise((r) => waiters.push(r));
        }
      })(),
      10_000,
      what,
    );
  try {
    await within(
      new Promise((r, j) => {
        ws.once('open', r);
        ws.once('error', j);
      }),
      5_000,
      'WebSocket open',
    );
    const send = (id, method, params) =>
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    send(1, 'eth_chainId', []);
    assert.equal((await waitFor((m) => m.id === 1, 'eth_chainId answer')).result, '0x7a69');
    send(2, 'eth_subscribe', ['newHeads']);
    send(3, 'eth_subscribe', ['logs', { address: env.token.target }]);
    const heads = (await waitFor((m) => m.id === 2, 'newHeads subscription id')).result;
    const logs = (await waitFor((m) => m.id === 3, 'logs subscription id')).result;
    assert.match(heads, /^0x[0-9a-f]+$/);
    assert.notEqual(heads, logs);

    const rc = await mined(env.token.mint(other().address, 77n));
    const head = await waitFor(
      (m) =>
        m.method === 'eth_subscription' &&
        m.params?.subscription === heads &&
        m.params.result.hash === rc.blockHash,
      'newHeads notification',
    );
    assert.equal(Number(head.params.result.number), rc.blockNumber);
    assert.ok(head.params.result.parentHash && head.params.result.stateRoot);
    const log = await waitFor(
      (m) => m.method === 'eth_subscription' && m.params?.subscription === logs,
      'logs notification',
    );
    assert.equal(log.params.result.transactionHash, rc.hash);
    assert.equal(BigInt(log.params.result.data), 77n);

    send(4, 'eth_unsubscribe', [heads]);
    assert.equal((await waitFor((m) => m.id === 4, 'eth_unsubscribe answer')).result, true);
    send(5, 'eth_unsubscribe', [heads]);
    const again = await waitFor((m) => m.id === 5, 'second eth_unsubscribe answer');
    assert.ok(again.result === false || again.error, JSON.stringify(again));

    // After eth_unsubscribe only the remaining subscription is notified.
    const rc2 = await mined(env.token.mint(other().address, 78n));
    await waitFor(
      (m) => m.params?.subscription === logs && m.params.result.transactionHash === rc2.hash,
      'logs notification after the unsubscribe',
    );
    const stale = frames.filter(
      (m) => m.params?.subscription === heads && m.params.result.hash === rc2.blockHash,
    );
    assert.deepEqual(stale, [], 'newHeads notified after eth_unsubscribe');

    // A frame that is not JSON gets -32700 and the socket keeps serving.
    ws.send('{"jsonrpc":"2.0",');
    const parseError = await waitFor((m) => m.error?.code === -32700, 'parse error answer');
    assert.equal(parseError.id, null);
    send(6, 'eth_blockNumber', []);
    const number = await waitFor((m) => m.id === 6, 'eth_blockNumber after a bad frame');
    assert.equal(Number(number.result), rc2.blockNumber);
  } finally {
    ws.close();
  }
});

// EIP-1559: the next base fee moves towards half-full blocks by at most 1/8.
function nextBaseFee(parent) {
  const target = parent.gasLimit / 2n;
  if (parent.gasUsed === target) return parent.baseFeePerGas;
  if (parent.gasUsed > target) {
    const delta = (parent.baseFeePerGas * (parent.gasUsed - target)) / target / 8n;
    return parent.baseFeePerGas + (delta > 1n ? delta : 1n);
  }
  return parent.baseFeePerGas - (parent.baseFeePerGas * (target - parent.gasUsed)) / target / 8n;
}

t(
  'EIP-1559 accounting: base fee chain, effective gas price, tip to the fee recipient',
  async () => {
    const w = sender();
    // The next base fee is within 1/8 of the parent's, so this fee cap leaves less room than the
    // offered tip: the tip actually paid is maxFeePerGas - baseFee.
    const parent = await env.provider.getBlock('latest');
    const tip = parent.baseFeePerGas;
    const maxFeePerGas = (parent.baseFeePerGas * 3n) / 2n;
    const rc = await mined(
      w.sendTransaction({
        to: other().address,
        value: 1n,
        maxFeePerGas,
        maxPriorityFeePerGas: tip,
      }),
    );
    const block = await env.provider.getBlock(rc.blockNumber);
    assert.equal(block.transactions.length, 1);
    const prev = await env.provider.getBlock(rc.blockNumber - 1);
    assert.equal(block.baseFeePerGas, nextBaseFee(prev), `base fee of block ${block.number}`);
    const paidTip =
      maxFeePerGas - block.baseFeePerGas < tip ? maxFeePerGas - block.baseFeePerGas : tip;
    assert.equal(rc.gasPrice, block.baseFeePerGas + paidTip, 'effectiveGasPrice');
    // The fee recipient gains exactly the tip; the base fee is burnt.
    const miner = block.miner;
    const gained =
      (await env.provider.getBalance(miner, block.number)) -
      (await env.provider.getBalance(miner, block.number - 1));
    assert.equal(gained, rc.gasUsed * paidTip, `fee recipient ${miner}`);

    // Every block so far follows the base-fee rule.
    for (let n = Math.max(1, block.number - 20); n <= block.number; n++) {
      const [p, b] = await Promise.all([env.provider.getBlock(n - 1), env.provider.getBlock(n)]);
      assert.equal(b.baseFeePerGas, nextBaseFee(p), `base fee of block ${n}`);
      assert.ok(b.gasUsed <= b.gasLimit);
    }
  },
);

t('block hashes, transaction / receipt roots and senders digests recompute from the JSON', async () => {
  const head = await env.provider.getBlockNumber();
  for (let n = Math.max(0, head - 40); n <= head; n++) {
    const raw = await rpc(env.node.url, 'eth_getBlockByNumber', [ethers.toQuantity(n), false]);
    assert.equal(headerHash(raw), raw.hash, `hash of block ${n}`);
    const full = await env.provider.getBlock(n, true);
    assert.equal(transactionsRoot(full.prefetchedTransactions), raw.transactionsRoot, `block ${n}`);
    const rcs = await Promise.all(
      raw.transactions.map((h) => rpc(env.node.url, 'eth_getTransactionReceipt', [h])),
    );
    assert.equal(receiptsRoot(rcs), raw.receiptsRoot, `receipts root of block ${n}`);
    if (n > 0) {
      // The extra data ends with the senders digest: keccak256 of the senders, in block order.
      const senders = ethers.concat(full.prefetchedTransactions.map((tx) => tx.from));
      assert.equal(ethers.dataSlice(raw.extraData, -32), ethers.keccak256(senders), `block ${n}`);
    }
  }
});

t(
  'eth_getLogs: address lists, OR-ed topics, blockHash, exact ranges, ranges past the head',
  async () => {
    const url = env.node.url;
    const a = devWallet(3).address;
    const b = devWallet(4).address;
    const token2 = await deploy('PlexusToken', sender());
    const r1 = await mined(env.token.mint(a, 101n));
    const r2 = await mined(token2.mint(b, 102n));
    const r3 = await mined(env.token.mint(b, 103n));
    const from = ethers.toQuantity(r1.blockNumber);
    const transfer = ethers.id('Transfer(address,address,uint256)');
    const pad = (x) => ethers.zeroPadValue(x, 32);
    const values = async (filter) =>
      (await rpc(url, 'eth_getLogs', [filter])).map((l) => Number(BigInt(l.data)));

    assert.deepEqual(
      await values({ fromBlock: from, address: [env.token.target, token2.target] }),
      [101, 102, 103],
    );
    assert.deepEqual(await values({ fromBlock: from, address: token2.target }), [102]);
    assert.deepEqual(
      await values({ fromBlock: from, topics: [transfer, null, [pad(a), pad(b)]] }),
      [101, 102, 103],
    );
    assert.deepEqual(
      await values({ fromBlock: from, address: env.token.target, topics: [null, null, pad(b)] }),
      [103],
    );
    assert.deepEqual(await values({ blockHash: r2.blockHash }), [102]);
    const only = ethers.toQuantity(r3.blockNumber);
    assert.deepEqual(await values({ fromBlock: only, toBlock: only }), [103]);

    const unknown = await rpcRaw(url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getLogs',
      params: [{ blockHash: ethers.ZeroHash }],
    });
    assert.ok(unknown.json?.error, `unknown blockHash: ${unknown.text.slice(0, 300)}`);
  },
);

t(
  'eth_getLogs: a range starting past the head holds no logs',
  async () => {
    const url = env.node.url;
    await mined(env.token.mint(other().address, 5n)); // the head block has a log
    // A range that starts after the head holds no logs: go-ethereum answers [] or an error, never
    // the logs of earlier blocks.
    const head = await env.provider.getBlockNumber();
    const past = await rpcRaw(url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getLogs',
      params: [{ fromBlock: ethers.toQuantity(head + 1000) }],
    });
    assert.ok(
      past.json?.error || (Array.isArray(past.json?.result) && past.json.result.length === 0),
      `fromBlock ${head + 1000} past the head ${head}: ${past.text.slice(0, 300)}`,
    );
  },
);

t('node-side signing for the dev accounts: getSigner, eth_sendTransaction, personal_sign', async () => {
  if (env.isHardhat) return; // Hardhat signs too, but this checks plexus's own account list
  const accounts = await env.provider.listAccounts();
  assert.equal(accounts.length, 10);
  assert.equal(accounts[0].address, devWallet(0).address);
  const signer = await env.provider.getSigner(5);
  const to = ethers.Wallet.createRandom().address;
  const tx = await signer.sendTransaction({ to, value: 4321n });
  const rc = await mined(tx);
  assert.equal(rc.status, 1);
  assert.equal(rc.from, devWallet(5).address);
  assert.equal(await env.provider.getBalance(to), 4321n);
  const signature = await signer.signMessage('plexus dev');
  assert.equal(ethers.verifyMessage('plexus dev', signature), devWallet(5).address);
  // An account the node does not hold is refused.
  const raw = await rpcRaw(env.node.url, {
    jsonrpc: '2.0',
    id: 1,
    method: 'eth_sendTransaction',
    params: [{ from: ethers.Wallet.createRandom().address, to, value: '0x1' }],
  });
  assert.equal(raw.json?.error?.message, 'unknown account');
});

t('evm_mine makes an empty block at once', async () => {
  if (env.isHardhat) return; // Hardhat has it too; this checks plexus's answer and block
  const before = await env.provider.getBlockNumber();
  assert.equal(await rpc(env.node.url, 'evm_mine'), '0x0');
  const after = await env.provider.getBlockNumber();
  assert.equal(after, before + 1);
  const block = await env.provider.getBlock(after);
  assert.equal(block.transactions.length, 0);
});
