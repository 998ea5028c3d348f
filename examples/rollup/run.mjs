// Runs the rollup against a node: `./build/plexus dev &` then `node examples/rollup/run.mjs`.
// PLEXUS_BIN (default build/plexus), PLEXUS_RPC (default 127.0.0.1:8545) and PLEXUS_KEY_FILE (a
// funded platform key; default dev account 0's) may be set.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devWallet } from '../../tests/e2e/lib/suite.mjs';
import { runRollup } from './walkthrough.mjs';

const keyFile = process.env.PLEXUS_KEY_FILE ?? (() => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'rollup-')), 'dev0.key');
  writeFileSync(file, devWallet(0).privateKey);  // funded by `plexus dev`
  return file;
})();
const out = runRollup({
  bin: process.env.PLEXUS_BIN ?? 'build/plexus',
  rpc: process.env.PLEXUS_RPC ?? '127.0.0.1:8545',
  keyFile,
  log: (line) => console.log(line),
});
console.log(JSON.stringify({ sequencer: out.sequencer, rebuilt: out.rebuilt.balances, skipped: out.rebuilt.skipped }));
