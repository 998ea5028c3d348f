// examples/bridge: a token locked on the EVM subnet travels EVM -> Move -> WASM -> EVM through
// cross-subnet messages, every leg delivered by the node's relayer; total supply is conserved
// after each leg (locked on EVM = wrapped on Move + wrapped on WASM), and a replayed or forged
// message moves nothing.
import assert from 'node:assert/strict';
import { nodeSuite } from '../lib/suite.mjs';
import { skipReason } from '../lib/artifacts.mjs';
import { bridgeArtifacts, runBridge } from '../../../examples/bridge/walkthrough.mjs';

const env = nodeSuite();
const t = env.test;
const artifacts = bridgeArtifacts();
const skip = artifacts ? false : skipReason('build/examples/bridge_token.deploy.hex and plexus-move');
let run;

t('the round trip runs on a fresh dev network', { skip, timeout: 120_000 }, async () => {
  run = await runBridge({ url: env.node.url, artifacts });
});

t('each leg is delivered and conserves the supply', { skip }, () => {
  assert.deepEqual([run.toMove.status, run.toWasm.status, run.toEvm.status],
    ['delivered', 'delivered', 'delivered']);
  assert.equal(run.toMove.balance, 600n);
  assert.equal(run.toWasm.balance, 250n);
  assert.equal(run.toEvm.balance, 500n, '1000 - 600 locked + 100 back');
  for (const leg of [run.toMove, run.toWasm, run.toEvm]) assert.ok(leg.conserved, JSON.stringify(leg, (_, x) => (typeof x === 'bigint' ? x.toString() : x)));
  assert.equal(run.toEvm.locked, 500n);
  assert.deepEqual(run.toEvm.wrapped, { move: 350n, wasm: 150n });
});

t('a replayed message is refused and a forged one moves nothing', { skip }, () => {
  assert.match(run.replay.reason, /was delivered already/);
  assert.equal(run.forged.status, 'failed', 'the Move bridge refuses a sender that is not its peer');
  assert.equal(run.forged.balanceAfter, run.forged.balanceBefore);
  assert.ok(run.forged.conserved);
});
