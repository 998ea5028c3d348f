// node examples/bridge/run.mjs   (against a fresh `plexus dev`; PLEXUS_URL to point elsewhere)
// Builds nothing: the WASM token comes from the build (build/examples/bridge_token.deploy.hex),
// the Move module is assembled with the build's plexus-move, the Solidity with solc-js.
import { nodeUrl, useDefaultBuildDir } from '../lib/env.mjs';
import { bridgeArtifacts, runBridge } from './walkthrough.mjs';

useDefaultBuildDir();
const artifacts = bridgeArtifacts();
if (!artifacts) {
  console.error('build the examples and plexus-move first (ninja -C build), or set ' +
    'PLEXUS_EXAMPLES_DIR and PLEXUS_MOVE_BIN');
  process.exit(1);
}
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
await runBridge({ url: nodeUrl(), artifacts, log: (what, detail) => console.log(`${what}: ${show(detail)}`) });
