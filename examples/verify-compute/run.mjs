// node examples/verify-compute/run.mjs   (against a running `plexus dev`; PLEXUS_URL to point
// elsewhere). Deploys verifier.c on the WASM subnet and Verifier.sol on the EVM subnet, plays an
// honest and a cheating claim on each, and prints gas and time per inference side by side.
import os from 'node:os';
import { nodeUrl, useDefaultBuildDir } from '../lib/env.mjs';
import { deployVerifiers, measure, scenario } from './protocol.mjs';

useDefaultBuildDir();
const verifiers = await deployVerifiers(nodeUrl());
const rows = [];
for (const v of Object.values(verifiers)) {
  const s = await scenario(v);
  console.log(
    `${v.vm}: contract ${v.address}; the view agrees with the worker on ${s.agree.filter(Boolean).length}/${s.agree.length} inputs; ` +
      `honest claim: challenge reverts "${s.honestChallenge}", accepted after the window ` +
      `(bond ${s.workerRefund} wei back); cheating claim: slashed, challenger +${s.watcherGain} wei`,
  );
  rows.push({ ...s, ...(await measure(v)), deployGas: v.deployGas });
}
console.log(`\n${os.cpus().length} cores (${os.cpus()[0].model})`);
const row = (label, f) => console.log(label.padEnd(34) + rows.map((r) => String(f(r)).padStart(16)).join(''));
row('', (r) => (r.vm === 'wasm' ? 'WASM (C)' : 'EVM (Solidity)'));
row('gas per inference (eth_estimateGas)', (r) => r.inferGas);
row('ms per inference (eth_call)', (r) => r.callMs.toFixed(1));
row('gas claim', (r) => r.claimGas);
row('gas challenge (re-execute, slash)', (r) => r.slashGas);
row('gas finalize', (r) => r.finalizeGas);
row('gas deploy', (r) => r.deployGas);
for (const v of Object.values(verifiers)) v.provider.destroy();
