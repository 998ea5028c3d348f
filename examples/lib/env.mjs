// What the example scripts share: the node to talk to (PLEXUS_URL, default a local `plexus dev`),
// the build's outputs (build/ unless PLEXUS_EXAMPLES_DIR / PLEXUS_MOVE_BIN say otherwise), and
// timing helpers. The packages (ethers, @mysten/bcs) are tests/e2e's: run `npm ci` there first
// (scripts/setup.sh does).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Points the build-output lookups of tests/e2e/lib/artifacts.mjs at build/ when unset.
export function useDefaultBuildDir() {
  const build = path.join(repoRoot, 'build');
  process.env.PLEXUS_EXAMPLES_DIR ??= path.join(build, 'examples');
  const move = path.join(build, 'plexus-move');
  if (!process.env.PLEXUS_MOVE_BIN && existsSync(move)) process.env.PLEXUS_MOVE_BIN = move;
}

export function nodeUrl() {
  return (process.env.PLEXUS_URL || 'http://127.0.0.1:8545').replace(/\/?$/, '/');
}

// Runs `main` when the importing module is the script node was started with.
export function isMain(metaUrl) {
  return process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(metaUrl);
}

// Latency percentiles (ms) of a list of durations.
export function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: at(50), p95: at(95), max: sorted[sorted.length - 1] };
}
