// The reference EVM of the differential test: @ethereumjs/vm at Osaka with plexus dev's chain id,
// fed the very bytes of the transactions sent to the node.
import { createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common';
import { createTxFromRLP } from '@ethereumjs/tx';
import { createBlock } from '@ethereumjs/block';
import { Account, createAddressFromString, bytesToHex, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { createVM, runTx } from '@ethereumjs/vm';

export async function referenceEvm(chainId) {
  const common = createCustomCommon({ chainId: Number(chainId) }, Mainnet, { hardfork: Hardfork.Osaka });
  const vm = await createVM({ common });
  let number = 1n;
  return {
    async fund(address, wei) {
      await vm.stateManager.putAccount(createAddressFromString(address), new Account(0n, wei));
    },
    // Runs signed transaction `raw` (hex) in a block of its own; what the node's receipt and
    // trace give for it.
    async run(raw, { baseFee = 0n, gasLimit = 30_000_000n } = {}) {
      const tx = createTxFromRLP(hexToBytes(raw), { common });
      const block = createBlock(
        { header: { number: number++, gasLimit, baseFeePerGas: baseFee, timestamp: number * 12n } },
        { common },
      );
      const r = await runTx(vm, { tx, block, skipBlockGasLimitValidation: true });
      return {
        gasUsed: r.totalGasSpent,
        success: r.execResult.exceptionError === undefined,
        output: bytesToHex(r.execResult.returnValue),
        created: r.createdAddress?.toString(),
      };
    },
    async storage(address, slot) {
      const value = await vm.stateManager.getStorage(
        createAddressFromString(address),
        setLengthLeft(hexToBytes(slot), 32),
      );
      return bytesToHex(setLengthLeft(value, 32));
    },
  };
}
