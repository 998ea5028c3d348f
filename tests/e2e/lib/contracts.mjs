// Compiles tests/e2e/contracts/*.sol with solc-js. The output is cached in the temp dir keyed by
// a hash of the sources, compiler version and settings: solc-js (the compiler built to
// JavaScript) needs several seconds for the OpenZeppelin sources, and two test files use them.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ethers } from 'ethers';
import { mined } from './suite.mjs';

const require = createRequire(import.meta.url);
const solc = require('solc');

const here = path.dirname(fileURLToPath(import.meta.url));
const kContractsDir = path.join(here, '..', 'contracts');
const kNodeModules = path.join(here, '..', 'node_modules');

const kSettings = {
  // Pinning the target keeps these contracts' bytecode independent of the compiler's default
  // (Osaka from solc 0.8.31; viem.test.mjs compiles with the defaults).
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
};

function findImport(importPath) {
  const file = path.join(kNodeModules, importPath);
  if (!file.startsWith(kNodeModules + path.sep) || !existsSync(file)) {
    return { error: `import not found: ${importPath}` };
  }
  return { contents: readFileSync(file, 'utf8') };
}

// {Name: {abi, bytecode}} of the contracts in `sources` ({'contracts/X.sol': {content}}).
export function compileSources(sources) {
  const input = { language: 'Solidity', sources, settings: kSettings };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length)
    throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const artifacts = {};
  for (const [file, contracts] of Object.entries(output.contracts)) {
    if (!file.startsWith('contracts/')) continue;
    for (const [name, c] of Object.entries(contracts)) {
      artifacts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  return artifacts;
}

let memo;

// Returns {Name: {abi, bytecode}} for every contract defined in tests/e2e/contracts.
export function compileContracts() {
  if (memo) return memo;
  const sources = {};
  const hash = createHash('sha256');
  hash.update(solc.version());
  hash.update(JSON.stringify(kSettings));
  const ozVersion = JSON.parse(
    readFileSync(path.join(kNodeModules, '@openzeppelin/contracts/package.json'), 'utf8'),
  ).version;
  hash.update(ozVersion);
  for (const f of readdirSync(kContractsDir)
    .filter((f) => f.endsWith('.sol'))
    .sort()) {
    const content = readFileSync(path.join(kContractsDir, f), 'utf8');
    sources[`contracts/${f}`] = { content };
    hash.update(f).update(content);
  }
  const cacheFile = path.join(
    os.tmpdir(),
    `plexus-e2e-solc-${hash.digest('hex').slice(0, 24)}.json`,
  );
  if (existsSync(cacheFile)) {
    memo = JSON.parse(readFileSync(cacheFile, 'utf8'));
    return memo;
  }
  memo = compileSources(sources);
  // Written under a unique name then renamed, so concurrent test files never read half a file.
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(memo));
  renameSync(tmp, cacheFile);
  return memo;
}

export async function deploy(name, signer, ...args) {
  const { abi, bytecode } = compileContracts()[name];
  const factory = new ethers.ContractFactory(abi, bytecode, signer);
  const contract = await factory.deploy(...args);
  await mined(contract.deploymentTransaction());
  return contract;
}
