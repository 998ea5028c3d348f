// Recomputes a block's consensus data from its JSON-RPC form: the header hash from the JSON
// fields, and the transaction and receipt roots from the transactions and receipts themselves.
// A mismatch means the JSON the node serves is not what it hashed.
import { ethers } from 'ethers';
import { orderedTrieRoot } from './mpt.mjs';

const quantity = (hex) => ethers.toBeArray(BigInt(hex));

// Header fields in their RLP order; the fields after baseFeePerGas appear from the fork that
// introduced them (Shanghai withdrawals, Cancun blobs and beacon root, Prague requests).
export function headerHash(block) {
  const fields = [
    block.parentHash,
    block.sha3Uncles,
    block.miner,
    block.stateRoot,
    block.transactionsRoot,
    block.receiptsRoot,
    block.logsBloom,
    quantity(block.difficulty),
    quantity(block.number),
    quantity(block.gasLimit),
    quantity(block.gasUsed),
    quantity(block.timestamp),
    block.extraData,
    block.mixHash,
    block.nonce,
  ];
  const optional = [
    ['baseFeePerGas', quantity],
    ['withdrawalsRoot', (x) => x],
    ['blobGasUsed', quantity],
    ['excessBlobGas', quantity],
    ['parentBeaconBlockRoot', (x) => x],
    ['requestsHash', (x) => x],
  ];
  for (const [name, enc] of optional) {
    if (block[name] === undefined || block[name] === null) break;
    fields.push(enc(block[name]));
  }
  return ethers.keccak256(ethers.encodeRlp(fields));
}

// transactions: ethers TransactionResponse-like objects (with signature), in block order.
export function transactionsRoot(transactions) {
  return orderedTrieRoot(transactions.map((tx) => ethers.Transaction.from(tx).serialized));
}

// receipts: raw JSON-RPC receipts, in block order (EIP-2718 typed receipt encoding).
export function receiptsRoot(receipts) {
  return orderedTrieRoot(
    receipts.map((r) => {
      const body = ethers.encodeRlp([
        r.status === '0x1' ? '0x01' : '0x',
        quantity(r.cumulativeGasUsed),
        r.logsBloom,
        r.logs.map((l) => [l.address, l.topics, l.data]),
      ]);
      const type = Number(r.type ?? '0x0');
      return type === 0 ? body : ethers.concat([ethers.toBeHex(type, 1), body]);
    }),
  );
}
