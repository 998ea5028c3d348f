// Checks a Merkle-Patricia proof as returned by eth_getProof: walks the proof nodes from the root
// along keccak256(key) and returns the RLP value stored there. A client-side check keeps the node
// honest: a proof that does not hash up to the block's state root fails here.
import { ethers } from 'ethers';

function nibbles(hex) {
  return [...ethers.getBytes(hex)].flatMap((b) => [b >> 4, b & 15]);
}

// Hex-prefix encoding of a leaf or extension path: flag nibble (bit 1 = leaf, bit 0 = odd length).
function decodePath(encoded) {
  const n = nibbles(encoded);
  const flag = n[0];
  return { leaf: (flag & 2) !== 0, path: n.slice(flag & 1 ? 1 : 2) };
}

// proofNodes: hex RLP nodes, root first. Returns the value (hex) or throws with the reason.
export function verifyProof(rootHash, key, proofNodes) {
  const path = nibbles(ethers.keccak256(key));
  let pos = 0;
  let next = rootHash.toLowerCase();
  let index = 0;
  for (;;) {
    let node;
    if (typeof next === 'string') {
      const raw = proofNodes[index++];
      if (raw === undefined)
        throw new Error(`proof ends before the key is reached (${index - 1} nodes)`);
      if (ethers.keccak256(raw) !== next)
        throw new Error(`proof node ${index - 1} does not hash to its reference`);
      node = ethers.decodeRlp(raw);
    } else {
      node = next; // a node under 32 bytes is embedded in its parent
    }
    if (node.length === 17) {
      if (pos === path.length) return node[16];
      next = node[path[pos++]];
      if (next === '0x') throw new Error('key absent: empty branch slot');
    } else if (node.length === 2) {
      const { leaf, path: part } = decodePath(node[0]);
      const here = path.slice(pos, pos + part.length);
      if (here.length !== part.length || here.some((x, i) => x !== part[i]))
        throw new Error('key absent: path diverges');
      pos += part.length;
      if (leaf) {
        if (pos !== path.length) throw new Error('leaf reached before the end of the key');
        if (index !== proofNodes.length) throw new Error('proof has nodes past the leaf');
        return node[1];
      }
      next = node[1];
    } else {
      throw new Error(`malformed trie node with ${node.length} items`);
    }
  }
}
