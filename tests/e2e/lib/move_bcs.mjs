// The Move router's BCS envelope (docs/MOVE_SUBNET.md) written with @mysten/bcs, the library Move
// wallets and SDKs use: entry calls and publish payloads for the Move subnet.
import { bcs } from '@mysten/bcs';
import { ethers } from 'ethers';

export const kMoveRouter = '0x00000000000000000000000000000000000a11ce';
export const kCreationMagic = '0xef4d5601';

export const Address32 = bcs.fixedArray(32, bcs.u8());
export const TypeTag = bcs.enum('TypeTag', {
  bool: null,
  u8: null,
  u64: null,
  u128: null,
  address: null,
  signer: null,
  vector: bcs.lazy(() => TypeTag),
  struct: bcs.struct('StructTag', {
    address: Address32,
    module: bcs.string(),
    name: bcs.string(),
    typeArgs: bcs.vector(bcs.lazy(() => TypeTag)),
  }),
  u16: null,
  u32: null,
  u256: null,
});
export const RouterCall = bcs.enum('RouterCall', {
  EntryCall: bcs.struct('EntryCall', {
    moduleAddress: Address32,
    moduleName: bcs.string(),
    functionName: bcs.string(),
    typeArgs: bcs.vector(TypeTag),
    args: bcs.vector(bcs.vector(bcs.u8())),
  }),
  Publish: bcs.struct('Publish', { modules: bcs.vector(bcs.vector(bcs.u8())) }),
});

// A 20-byte account as a Move address: twelve zero bytes, then the account.
export function moveAddress(addr20) {
  return [...ethers.getBytes(ethers.zeroPadValue(addr20, 32))];
}

export function entryCall(publisher, moduleName, functionName, args, typeArgs = []) {
  return ethers.hexlify(
    RouterCall.serialize({
      EntryCall: {
        moduleAddress: moveAddress(publisher),
        moduleName,
        functionName,
        typeArgs,
        args: args.map((a) => [...a]),
      },
    }).toBytes(),
  );
}

// Creation data that publishes `modules` (Uint8Arrays) under the sender.
export function publishPayload(modules) {
  const list = bcs.vector(bcs.vector(bcs.u8())).serialize(modules.map((m) => [...m]));
  return ethers.concat([kCreationMagic, list.toBytes()]);
}

export const argAddress = (addr20) => Address32.serialize(moveAddress(addr20)).toBytes();
export const argU64 = (n) => bcs.u64().serialize(n).toBytes();
