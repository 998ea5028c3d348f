// node examples/rwa/run.mjs   (against a fresh `plexus dev`; PLEXUS_URL to point elsewhere)
// Assembles the modules with the build's plexus-move and runs the walk-through of walkthrough.mjs.
import { assembleMove } from '../../tests/e2e/lib/artifacts.mjs';
import { nodeUrl, useDefaultBuildDir } from '../lib/env.mjs';
import { runRwa } from './walkthrough.mjs';

useDefaultBuildDir();
const token = assembleMove('examples/rwa/rwa_token.mvir');
if (!token) {
  console.error('plexus-move not found: build it (ninja -C build plexus-move) or set PLEXUS_MOVE_BIN');
  process.exit(1);
}
const unsafe = ['unsafe_double_spend', 'unsafe_lost_funds'].map((name) => ({
  name,
  bytes: assembleMove(`examples/rwa/${name}.mvir`),
}));
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
await runRwa({
  url: nodeUrl(),
  modules: { token, unsafe },
  log: (what, detail) => console.log(`${what}: ${show(detail)}`),
});
