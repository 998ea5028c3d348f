// Durability of `plexus dev`: whatever the node acknowledged (by returning a receipt) survives a
// SIGKILL in the middle of a load, the chain continues after a restart, and SIGTERM / SIGINT shut
// down cleanly. These tests own their node process, so they skip against an external node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import { startNode, rpc, rpcRaw, externalUrl } from './lib/node.mjs';
import { headerHash, transactionsRoot, receiptsRoot } from './lib/block.mjs';
import { deploy } from './lib/contracts.mjs';
import { devWallet, makeProvider, mined, kChainId, kDevBalance } from './lib/suite.mjs';

const skip = externalUrl ? 'needs its own plexus process; PLEXUS_E2E_EXTERNAL_URL is set' : false;
const kSenders = [1, 2, 3, 4, 5, 6, 7, 8];
const kTxPerSender = 40;
const kRecipients = 16;

// Runs `fn(node)` against a fresh node; prints the node's output if anything fails.
async function withNode(opts, fn) {
  const node = await startNode(opts);
  try {
    await fn(node);
    await node.stop();
  } catch (e) {
    console.error(
      `\n=== node output (most recent last) ===\n${node.logs()}\ndata dir kept: ${node.dataDir}\n`,
    );
    await node.kill().catch(() => {});
    throw e;
  }
}

async function batch(url, calls) {
  const body = calls.map(([method, params], i) => ({ jsonrpc: '2.0', id: i, method, params }));
  const { json, text } = await rpcRaw(url, body);
  assert.ok(Array.isArray(json), `batch answer is not an array: ${text.slice(0, 500)}`);
  const byId = new Map(json.map((r) => [r.id, r]));
  return calls.map((_, i) => {
    const r = byId.get(i);
    if (!r || r.error) throw new Error(`${calls[i][0]} failed: ${JSON.stringify(r)}`);
    return r.result;
  });
}

async function receipts(url, hashes) {
  const out = [];
  for (let i = 0; i < hashes.length; i += 100) {
    out.push(
      ...(await batch(
        url,
        hashes.slice(i, i + 100).map((h) => ['eth_getTransactionReceipt', [h]]),
      )),
    );
  }
  return out;
}

const recipient = (k) =>
  ethers.getAddress(ethers.dataSlice(ethers.id(`plexus-e2e-recipient-${k}`), 12));

// Every transaction of the load, signed up front so that the senders only do I/O.
async function signLoad(url) {
  const head = await rpc(url, 'eth_getBlockByNumber', ['latest', false]);
  const maxFeePerGas = BigInt(head.baseFeePerGas) * 4n + 2n * 10n ** 9n;
  const perSender = [];
  let k = 0;
  for (const i of kSenders) {
    const w = devWallet(i);
    const nonce0 = Number(await rpc(url, 'eth_getTransactionCount', [w.address, 'latest']));
    const txs = [];
    for (let n = 0; n < kTxPerSender; n++, k++) {
      const tx = {
        type: 2,
        chainId: kChainId,
        nonce: nonce0 + n,
        to: recipient(k % kRecipients),
        value: BigInt(k + 1) * 10n ** 12n,
        gasLimit: 21000n,
        maxFeePerGas,
        maxPriorityFeePerGas: 10n ** 9n,
      };
      const raw = await w.signTransaction(tx);
      txs.push({ ...tx, from: w.address, raw, hash: ethers.keccak256(raw) });
    }
    perSender.push(txs);
  }
  return perSender;
}

// Sends the load, SIGKILLs the node once a third of it is acknowledged, restarts it on the same
// data directory and checks what survived.
async function killUnderLoad(args) {
  await withNode({ args }, async (node) => {
    const load = await signLoad(node.url);
    const all = load.flat();
    const acked = new Map(); // hash -> receipt as first returned
    const submitted = new Set();
    let killed = false;
    let senderError = null;

    // One sequential submitter per account (nonces in order), all accounts concurrently.
    const senders = load.map(async (txs) => {
      for (const tx of txs) {
        if (killed) return;
        try {
          const hash = await rpc(node.url, 'eth_sendRawTransaction', [tx.raw]);
          assert.equal(hash, tx.hash);
          submitted.add(tx.hash);
        } catch (e) {
          if (!killed) senderError = e;
          return;
        }
      }
    });
    // Polls receipts of submitted transactions and kills the node once a third are acknowledged.
    const deadline = Date.now() + 60_000;
    const poller = (async () => {
      while (!killed) {
        if (senderError) throw senderError;
        if (Date.now() > deadline)
          throw new Error(`only ${acked.size} of ${all.length} acknowledged after 60 s`);
        const pending = [...submitted].filter((h) => !acked.has(h));
        if (pending.length) {
          const got = await receipts(node.url, pending);
          got.forEach((r, i) => {
            if (r) acked.set(pending[i], r);
          });
        }
        if (acked.size >= all.length / 3) {
          killed = true;
          const exit = await node.kill();
          assert.equal(exit.signal, 'SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await poller;
    await Promise.all(senders);
    console.log(
      `# killed: ${acked.size} acknowledged, ${submitted.size} submitted, ${all.length} signed`,
    );
    assert.ok(acked.size > 0);

    await node.restart();
    const url = node.url;
    // Every acknowledged receipt is still there, in the same block.
    const ackedHashes = [...acked.keys()];
    const after = await receipts(url, ackedHashes);
    after.forEach((r, i) => {
      const before = acked.get(ackedHashes[i]);
      assert.ok(r, `acknowledged ${ackedHashes[i]} lost (was in block ${before.blockNumber})`);
      for (const f of [
        'blockHash',
        'blockNumber',
        'transactionIndex',
        'status',
        'gasUsed',
        'cumulativeGasUsed',
        'effectiveGasPrice',
      ]) {
        assert.equal(r[f], before[f], `${ackedHashes[i]}.${f}`);
      }
    });

    // Balances and nonces agree with replaying exactly the included transactions. The mempool
    // may still be mining leftovers, so the check repeats until the head stood still throughout.
    for (let attempt = 0; ; attempt++) {
      const head = Number(await rpc(url, 'eth_blockNumber'));
      const rcs = await receipts(
        url,
        all.map((tx) => tx.hash),
      );
      const expected = new Map();
      const add = (a, v) => expected.set(a, (expected.get(a) ?? 0n) + v);
      for (const i of kSenders) add(devWallet(i).address, kDevBalance);
      const included = new Map();
      all.forEach((tx, j) => {
        const r = rcs[j];
        if (!r || Number(r.blockNumber) > head) return;
        assert.equal(r.status, '0x1');
        // Only the load's 21000-gas transfers are in these blocks, however many share one.
        assert.equal(
          BigInt(r.cumulativeGasUsed),
          21000n * (BigInt(r.transactionIndex) + 1n),
          `${tx.hash} cumulative gas`,
        );
        included.set(tx.from, (included.get(tx.from) ?? 0) + 1);
        add(tx.from, -(tx.value + BigInt(r.gasUsed) * BigInt(r.effectiveGasPrice)));
        add(tx.to, tx.value);
      });
      // Included nonces form a prefix per sender.
      for (const txs of load) {
        const count = included.get(txs[0].from) ?? 0;
        txs.forEach((tx, n) => {
          const j = all.indexOf(tx);
          const isIn = rcs[j] && Number(rcs[j].blockNumber) <= head;
          assert.equal(
            Boolean(isIn),
            n < count,
            `${tx.from} nonce ${tx.nonce}: inclusion is not a prefix`,
          );
        });
      }
      const addresses = [...expected.keys()];
      const state = await batch(
        url,
        addresses.flatMap((a) => [
          ['eth_getBalance', [a, 'latest']],
          ['eth_getTransactionCount', [a, 'latest']],
        ]),
      );
      if (Number(await rpc(url, 'eth_blockNumber')) !== head && attempt < 5) continue;
      addresses.forEach((a, i) => {
        assert.equal(BigInt(state[2 * i]), expected.get(a), `balance of ${a}`);
        const sent = included.get(a);
        if (sent !== undefined) assert.equal(Number(state[2 * i + 1]), sent, `nonce of ${a}`);
      });
      const count = [...included.values()].reduce((x, y) => x + y, 0);
      console.log(`# after restart: head ${head}, ${count} included`);
      break;
    }

    // Parent-hash linkage over the whole chain, then new transactions mine on top of it.
    const head = Number(await rpc(url, 'eth_blockNumber'));
    const blocks = await batch(
      url,
      Array.from({ length: head + 1 }, (_, n) => [
        'eth_getBlockByNumber',
        [ethers.toQuantity(n), false],
      ]),
    );
    blocks.forEach((b, n) => {
      if (n > 0) assert.equal(b.parentHash, blocks[n - 1].hash, `block ${n}`);
    });
    const provider = makeProvider(url);
    try {
      const rcs = await Promise.all(
        kSenders.slice(0, 3).map(async (i) => {
          const tx = await devWallet(i, provider).sendTransaction({
            to: recipient(0),
            value: 1n,
          });
          return mined(tx);
        }),
      );
      for (const rc of rcs) {
        assert.equal(rc.status, 1);
        assert.ok(rc.blockNumber > head);
      }
      const next = await provider.getBlock(head + 1);
      assert.equal(next.parentHash, blocks[head].hash);
    } finally {
      provider.destroy();
    }
  });
}

test(
  'SIGKILL under load keeps every acknowledged receipt; the chain continues',
  { skip, timeout: 120_000 },
  () => killUnderLoad([]),
);

test(
  'SIGKILL under load in interval mode (--block-time 100), many transactions per block',
  { skip, timeout: 120_000 },
  () => killUnderLoad(['--block-time', '100']),
);

test(
  'SIGTERM and SIGINT shut down cleanly; a restart continues at the last block',
  { skip, timeout: 60_000 },
  async () => {
    await withNode({}, async (node) => {
      let provider = makeProvider(node.url);
      const w = devWallet(1, provider);
      const rcs = [];
      for (let n = 0; n < 10; n++) {
        rcs.push(await mined(w.sendTransaction({ to: recipient(n), value: 1000n + BigInt(n) })));
      }
      // Contract code and storage must come back from disk too, not only accounts.
      const token = await deploy('PlexusToken', devWallet(2, provider));
      await mined(token.mint(recipient(0), 4242n));
      const code = await provider.getCode(token.target);
      const slot = ethers.keccak256(
        ethers.AbiCoder.defaultAbiCoder().encode(['address', 'uint256'], [recipient(0), 0]),
      );
      provider.destroy();

      for (const signal of ['SIGTERM', 'SIGINT']) {
        const head = await rpc(node.url, 'eth_getBlockByNumber', ['latest', false]);
        const balance = await rpc(node.url, 'eth_getBalance', [w.address, 'latest']);
        const exit = await node.signal(signal);
        assert.deepEqual(exit, { code: 0, signal: null }, `exit after ${signal}`);

        await node.restart();
        const again = await rpc(node.url, 'eth_getBlockByNumber', [head.number, false]);
        assert.equal(again?.hash, head.hash, `block ${head.number} after restart`);
        assert.equal(
          await rpc(node.url, 'eth_blockNumber'),
          head.number,
          'head moved across the restart',
        );
        assert.equal(await rpc(node.url, 'eth_getBalance', [w.address, 'latest']), balance);
        assert.equal(await rpc(node.url, 'eth_getCode', [token.target, 'latest']), code);
        const stored = await rpc(node.url, 'eth_getStorageAt', [token.target, slot, 'latest']);
        assert.equal(BigInt(stored), 4242n, `token storage after ${signal}`);
        for (const rc of rcs) {
          const r = await rpc(node.url, 'eth_getTransactionReceipt', [rc.hash]);
          assert.equal(r?.blockHash, rc.blockHash, `receipt ${rc.hash} after ${signal}`);
        }
        provider = makeProvider(node.url);
        const rc = await mined(
          devWallet(1, provider).sendTransaction({ to: recipient(99), value: 1n }),
        );
        provider.destroy();
        assert.equal(rc.blockNumber, Number(head.number) + 1);
        assert.equal(
          (await rpc(node.url, 'eth_getBlockByNumber', [ethers.toQuantity(rc.blockNumber), false]))
            .parentHash,
          head.hash,
        );
        rcs.push(rc);
      }
    });
  },
);

test(
  'interval mode (--block-time) batches transactions into blocks',
  { skip, timeout: 60_000 },
  async () => {
    await withNode({ args: ['--block-time', '1000'] }, async (node) => {
      const provider = makeProvider(node.url);
      try {
        const start = await provider.getBlockNumber();
        const txs = await Promise.all(
          kSenders
            .slice(0, 5)
            .map((i) => devWallet(i, provider).sendTransaction({ to: recipient(1), value: 1n })),
        );
        const rcs = await Promise.all(txs.map((tx) => mined(tx)));
        const blocks = new Set(rcs.map((rc) => rc.blockNumber));
        assert.ok(
          blocks.size <= 2,
          `5 transactions sent together spread over ${blocks.size} blocks`,
        );
        assert.ok([...blocks].every((b) => b > start));
        for (const b of blocks) {
          const block = await provider.getBlock(b);
          const mine = rcs
            .filter((rc) => rc.blockNumber === b)
            .map((rc) => rc.hash)
            .sort();
          assert.deepEqual(block.transactions.filter((h) => mine.includes(h)).sort(), mine);
          // Blocks with several transactions exercise branch nodes of the two tries.
          const raw = await rpc(node.url, 'eth_getBlockByNumber', [ethers.toQuantity(b), false]);
          assert.equal(headerHash(raw), raw.hash, `hash of block ${b}`);
          const full = await provider.getBlock(b, true);
          assert.equal(transactionsRoot(full.prefetchedTransactions), raw.transactionsRoot);
          const all = await Promise.all(
            raw.transactions.map((h) => rpc(node.url, 'eth_getTransactionReceipt', [h])),
          );
          assert.equal(receiptsRoot(all), raw.receiptsRoot, `receipts root of block ${b}`);
          console.log(`# block ${b}: ${raw.transactions.length} transactions, roots match`);
        }

        // One account sending several transactions before a block: ethers takes each nonce from
        // eth_getTransactionCount(pending), and a pending transaction is already retrievable.
        const w = devWallet(6, provider);
        const burst = [];
        for (let i = 0; i < 3; i++)
          burst.push(await w.sendTransaction({ to: recipient(2), value: 1n }));
        const first = burst[0].nonce;
        assert.deepEqual(
          burst.map((tx) => tx.nonce),
          [first, first + 1, first + 2],
        );
        if ((await rpc(node.url, 'eth_getTransactionReceipt', [burst[2].hash])) === null) {
          const pending = await rpc(node.url, 'eth_getTransactionByHash', [burst[2].hash]);
          assert.ok(pending, 'a pending transaction is not found by hash');
          assert.equal(pending.blockHash, null);
          assert.equal(Number(pending.nonce), first + 2);
        }
        for (const rc of await Promise.all(burst.map((tx) => mined(tx))))
          assert.equal(rc.status, 1);
      } finally {
        provider.destroy();
      }
    });
  },
);
