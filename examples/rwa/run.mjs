// node examples/rwa/run.mjs   (against a fresh `plexus dev`; PLEXUS_URL to point elsewhere)
// Assembles the modules with the build's plexus-move and runs the walk-through of walkthrough.mjs.
import { nodeUrl, useDefaultBuildDir } from '../lib/env.mjs';
import { assembleRwaModules, runRwa } from './walkthrough.mjs';

useDefaultBuildDir();
const modules = assembleRwaModules();
if (!modules) {
  console.error('plexus-move not found: build it (ninja -C build plexus-move) or set PLEXUS_MOVE_BIN');
  process.exit(1);
}
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
await runRwa({
  url: nodeUrl(),
  modules,
  log: (what, detail) => console.log(`${what}: ${show(detail)}`),
});
