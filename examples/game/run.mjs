// node examples/game/run.mjs [players] [rounds]   (against a running `plexus dev`; PLEXUS_URL to
// point elsewhere). Deploys game.c on the WASM subnet and Game.sol on the EVM subnet, plays every
// rule once on each, then plays `players` players (default 16) for `rounds` rounds (default 2)
// on each and prints throughput, latency and gas per action side by side.
import os from 'node:os';
import { nodeUrl, useDefaultBuildDir } from '../lib/env.mjs';
import { deployGames, load, tour } from './play.mjs';

useDefaultBuildDir();
const players = Number(process.argv[2] ?? 16);
const rounds = Number(process.argv[3] ?? 2);
const games = await deployGames(nodeUrl());
for (const game of Object.values(games)) {
  const t = await tour(game);
  console.log(
    `${game.vm}: contract ${game.address}; crafted a sword (${t.craftEvents.join(', ')}), ` +
      `sold it for 30 gold, moved it with safeTransferFrom; ${t.totalMinted} items minted`,
  );
}
const results = [];
for (const game of Object.values(games)) results.push(await load(game, { players, rounds }));
console.log(`\n${players} players x ${rounds} rounds, ${os.cpus().length} cores (${os.cpus()[0].model})`);
const row = (label, f) => console.log(label.padEnd(22) + results.map((r) => String(f(r)).padStart(16)).join(''));
row('', (r) => (r.vm === 'wasm' ? 'WASM (C)' : 'EVM (Solidity)'));
row('transactions', (r) => r.transactions);
row('tx/s', (r) => r.tps.toFixed(1));
row('latency p50 ms', (r) => r.latencyMs.p50.toFixed(0));
row('latency p95 ms', (r) => r.latencyMs.p95.toFixed(0));
for (const action of Object.keys(results[0].gasPerAction))
  row(`gas ${action}`, (r) => r.gasPerAction[action]);
row('gas deploy', (r) => games[r.vm].deployGas);
for (const game of Object.values(games)) game.provider.destroy();
