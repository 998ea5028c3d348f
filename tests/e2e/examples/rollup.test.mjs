// examples/rollup: a sovereign rollup posts its blocks as blobs on a fresh dev network and its
// state is rebuilt from the data layer alone (blobs read with completeness proofs against each
// platform block's data root); a stranger's blob in the namespace is skipped by the rollup's rules.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeSuite, devWallet } from '../lib/suite.mjs';
import { makeDataDir, plexusBin } from '../lib/node.mjs';
import { runRollup } from '../../../examples/rollup/walkthrough.mjs';

const env = nodeSuite();
const t = env.test;
let run;

t('the rollup posts three blocks and rebuilds from DA', { timeout: 120_000 }, async () => {
  const keyFile = path.join(makeDataDir(), 'dev0.key');
  writeFileSync(keyFile, devWallet(0).privateKey);
  run = runRollup({ bin: plexusBin(), rpc: env.node.url.replace('http://', '').replace(/\/$/, ''), keyFile });
});

t('the rebuilt state is the sequencer state', () => {
  assert.deepEqual(run.sequencer, { alice: 650, bob: 200, carol: 150 });
  assert.deepEqual(run.rebuilt.balances, run.sequencer);
  assert.deepEqual(run.rebuilt.head, run.head);
  assert.equal(run.posted.length, 3);
});

t('the stranger blob is skipped by the rollup rules', () => {
  assert.deepEqual(run.rebuilt.skipped.map((s) => s.why), ['not a rollup block']);
});
