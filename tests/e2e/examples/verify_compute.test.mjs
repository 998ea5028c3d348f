// examples/verify-compute: the quantised network re-executed on chain. The generated weights
// match the seed; verifier.c (WASM) and Verifier.sol (EVM) compute what the worker computes; an
// honest claim survives a challenge and is accepted after the window, a cheating one is slashed
// with the bond paid to the challenger; gas and time per inference on both.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nodeSuite } from '../lib/suite.mjs';
import { skipReason, wasmDeployHex } from '../lib/artifacts.mjs';
import { modelHeader, modelSolidity } from '../../../examples/verify-compute/model.mjs';
import * as protocol from '../../../examples/verify-compute/protocol.mjs';

const { deployVerifiers, kStatus, measure, scenario } = protocol;

const env = nodeSuite();
const t = env.test;
const skip = wasmDeployHex('verify_compute') ? false : skipReason('build/examples/verify_compute.deploy.hex');
const state = { results: {} };
const committed = (f) =>
  readFileSync(new URL(`../../../examples/verify-compute/${f}`, import.meta.url), 'utf8');

t('the committed weights are the ones the seed generates', async () => {
  assert.equal(committed('model.h'), modelHeader());
  assert.equal(committed('Model.sol'), modelSolidity());
});

t('deploy verifier.c on the WASM subnet and Verifier.sol on the EVM subnet', { skip }, async () => {
  state.verifiers = await deployVerifiers(env.node.url);
});

for (const vm of ['wasm', 'evm']) {
  t(`${vm}: honest claims are accepted, cheating ones slashed`, { skip }, async () => {
    const r = await scenario(state.verifiers[vm]);
    state.results[vm] = r;
    assert.deepEqual(r.agree, [true, true, true, true], 'the contract computes what the worker computes');
    assert.equal(r.honestChallenge, 'Verify: the claim is correct');
    assert.equal(r.earlyFinalize, 'Verify: challenge window open');
    assert.ok(r.watcherSees);
    assert.deepEqual(r.slashEvents, [['Slashed', ...r.expected]]);
    assert.equal(r.watcherGain, 10n ** 16n, 'the challenger receives the bond');
    assert.equal(r.cheatStatus, kStatus.slashed);
    assert.equal(r.slashAgain, 'Verify: claim already settled');
    assert.equal(r.lateChallenge, 'Verify: challenge window closed');
    assert.deepEqual(r.acceptEvents, ['Accepted']);
    assert.equal(r.workerRefund, 10n ** 16n, 'the worker gets its bond back');
    assert.equal(r.honestStatus, kStatus.accepted);
  });
}

t('gas and time per inference, WASM and Solidity', { skip }, async () => {
  const rows = [];
  for (const vm of ['wasm', 'evm']) rows.push(await measure(state.verifiers[vm], 10));
  for (const r of rows) {
    assert.ok(r.inferGas > 21_000n);
    console.log(
      `${r.vm}: inference ${r.inferGas} gas, ${r.callMs.toFixed(1)} ms per eth_call; ` +
        `challenge with slash ${state.results[r.vm].slashGas} gas`,
    );
  }
  for (const v of Object.values(state.verifiers)) v.provider.destroy();
});
