// Deploys one contract's two builds side by side: the WebAssembly one (build/examples/<name>.
// deploy.hex) on the WASM subnet and the Solidity one on the EVM subnet, with the same ABI and
// constructor arguments, each by dev account 0.
import { ethers } from '../../tests/e2e/lib/deps.mjs';
import { wasmDeployHex } from '../../tests/e2e/lib/artifacts.mjs';
import { devWallet, makeProvider, mined } from '../../tests/e2e/lib/suite.mjs';

export const kSubnets = {
  wasm: { path: 'subnet/wasm', chainId: 31338n },
  evm: { path: '', chainId: 31337n },
};

// Returns {wasm, evm}, each {vm, provider, chainId, address, deployGas}.
export async function deployOnBothSubnets(url, { abi, wasmName, evmBytecode, args = [] }) {
  const wasm = wasmDeployHex(wasmName);
  if (!wasm) throw new Error(`build/examples/${wasmName}.deploy.hex is missing (build the examples)`);
  const out = {};
  for (const [vm, bytecode] of [
    ['wasm', wasm],
    ['evm', evmBytecode],
  ]) {
    const { path, chainId } = kSubnets[vm];
    const provider = makeProvider(`${url}${path}`, chainId);
    const factory = new ethers.ContractFactory(abi, bytecode, devWallet(0, provider));
    const contract = await factory.deploy(...args);
    const receipt = await mined(contract.deploymentTransaction());
    out[vm] = { vm, provider, chainId, address: receipt.contractAddress, deployGas: receipt.gasUsed };
  }
  return out;
}
