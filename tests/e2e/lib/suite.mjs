// One node per test file: started before the first test, stopped after the last. Tests declared
// through `suite.test` print the node's recent output when they fail, so a node-side error is
// visible next to the client-side assertion.
import { before, after, test } from 'node:test';
import { ethers } from 'ethers';
import { startNode, rpc } from './node.mjs';

export const kChainId = 31337n;
export const kMnemonic = 'test test test test test test test test test test test junk';
export const kDevBalance = ethers.parseEther('10000');

// Dev account i: m/44'/60'/0'/0/i of the well-known development mnemonic.
export function devWallet(i, provider) {
  const w = ethers.HDNodeWallet.fromPhrase(kMnemonic, undefined, `m/44'/60'/0'/0/${i}`);
  return provider ? w.connect(provider) : w;
}

// Polling at 50 ms keeps waits quick on an automining node; no request cache, because
// ethers would otherwise answer a repeated eth_getTransactionCount from a 250 ms old result.
export function makeProvider(url, chainId = kChainId) {
  return new ethers.JsonRpcProvider(url, Number(chainId), {
    staticNetwork: true,
    pollingInterval: 50,
    cacheTimeout: -1,
  });
}

const kTestTimeoutMs = 45_000;
const kTraceLength = 40;

export function nodeSuite(opts = {}) {
  const env = { node: null, provider: null, failed: false, trace: [] };

  before(
    async () => {
      env.node = await startNode(opts);
      env.provider = makeProvider(env.node.url);
      // The provider's recent requests and answers, printed when a test fails or hangs.
      env.provider.on('debug', (e) => {
        const what = e.action === 'sendRpcPayload' ? e.payload : (e.result ?? e.error);
        const time = new Date().toISOString().slice(11, 23);
        env.trace.push(`${time} ${e.action} ${JSON.stringify(what)?.slice(0, 200)}`);
        if (env.trace.length > kTraceLength) env.trace.shift();
      });
      // Hardhat stands in for plexus while developing the suite; the few places where it differs
      // from go-ethereum's conventions (which plexus follows) check this flag.
      env.clientVersion = await rpc(env.node.url, 'web3_clientVersion');
      env.isHardhat = /^HardhatNetwork\//.test(env.clientVersion);
    },
    { timeout: 60_000 },
  );

  after(async () => {
    env.provider?.destroy();
    if (env.node) {
      await env.node.stop({ keepData: env.failed });
      if (env.failed && env.node.dataDir) console.error(`data dir kept: ${env.node.dataDir}`);
    }
  });

  env.test = (name, optsOrFn, maybeFn) => {
    const fn = maybeFn ?? optsOrFn;
    const topts = maybeFn ? optsOrFn : {};
    return test(name, topts, async (t) => {
      env.trace.length = 0;
      try {
        // A hung node must fail the test with the diagnostics below, not stall the run.
        await within(fn(t), kTestTimeoutMs, 'test completion');
      } catch (e) {
        // A known node issue (a `todo` test) is reported by the runner without failing the run.
        if (topts.todo) throw e;
        env.failed = true;
        console.error(
          `\n=== ${name} failed; node output (most recent last) ===\n${env.node?.logs()}\n` +
            `=== last JSON-RPC traffic of the test's provider ===\n${env.trace.join('\n')}\n`,
        );
        throw e;
      }
    });
  };
  return env;
}

// The receipt of a sent transaction (a TransactionResponse or a promise of one), polled directly.
// ethers' tx.wait() is not used: it checks the receipt once and then waits for a *new* block
// number, so when the node mines the transaction between those two requests (a node that mines
// after eth_sendRawTransaction has answered) it waits for a block that never comes.
export async function mined(txOrPromise, { allowFailure = false, timeoutMs = 30_000 } = {}) {
  const tx = await txOrPromise;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rc = await tx.provider.getTransactionReceipt(tx.hash);
    if (rc) {
      if (rc.status !== 1 && !allowFailure)
        throw new Error(`transaction ${tx.hash} failed: status ${rc.status}`);
      return rc;
    }
    if (Date.now() > deadline)
      throw new Error(`transaction ${tx.hash} not mined within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// The reason of a call or estimate that must revert (ethers' decoded Error(string), else its
// message).
export async function revertReason(promise) {
  try {
    await promise;
  } catch (e) {
    return e.reason ?? e.shortMessage ?? e.message;
  }
  throw new Error('expected a revert');
}

// Resolves like `promise`, or rejects after `ms` with a message naming what was awaited.
export async function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
