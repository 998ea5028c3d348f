// Build outputs the multi-VM tests deploy: the WASM examples (build/examples/<name>.deploy.hex,
// written by the build) and Move modules assembled with plexus-move. Their locations come from
// the test script (PLEXUS_EXAMPLES_DIR, PLEXUS_MOVE_BIN); a missing one skips those tests loudly.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function wasmDeployHex(name) {
  const dir = process.env.PLEXUS_EXAMPLES_DIR;
  const file = dir && path.join(dir, `${name}.deploy.hex`);
  if (!file || !existsSync(file)) return null;
  return readFileSync(file, 'utf8').trim();
}

// Assembles a Move IR file of the repository against the subnet's standard library and `deps`
// (the compiled modules it imports, as returned by earlier calls).
export function assembleMove(relativePath, deps = []) {
  const bin = process.env.PLEXUS_MOVE_BIN;
  if (!bin || !existsSync(bin)) return null;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plexus-move-'));
  try {
    const out = path.join(dir, 'module.mv');
    const depArgs = deps.flatMap((bytes, i) => {
      const file = path.join(dir, `dep${i}.mv`);
      writeFileSync(file, bytes);
      return ['--dep', file];
    });
    execFileSync(bin, ['asm', '--subnet-stdlib', path.join(repo, relativePath), '-o', out, ...depArgs]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function skipReason(what) {
  const line = `SKIPPED: ${what} is not built (see tests/e2e/README.md)`;
  console.log(line);
  return line;
}
