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

// Hex-prefix encoding of a nibble path (the inverse of decodePath).
function encodePath(path, leaf) {
  const flag = (leaf ? 2 : 0) + (path.length % 2);
  const n = path.length % 2 ? [flag, ...path] : [flag, 0, ...path];
  const bytes = new Uint8Array(n.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (n[2 * i] << 4) | n[2 * i + 1];
  return ethers.hexlify(bytes);
}

// How a parent refers to a child: by hash, or inline when its encoding is under 32 bytes.
function reference(node) {
  const encoded = ethers.encodeRlp(node);
  return ethers.dataLength(encoded) < 32 ? node : ethers.keccak256(encoded);
}

function buildNode(items, depth) {
  if (items.length === 1) return [encodePath(items[0].path.slice(depth), true), items[0].value];
  let common = 0;
  for (;;) {
    const at = depth + common;
    const first = items[0].path[at];
    if (first === undefined || items.some((it) => it.path[at] !== first)) break;
    common++;
  }
  if (common > 0) {
    const part = items[0].path.slice(depth, depth + common);
    return [encodePath(part, false), reference(buildNode(items, depth + common))];
  }
  const branch = new Array(17).fill('0x');
  for (let nibble = 0; nibble < 16; nibble++) {
    const group = items.filter((it) => it.path[depth] === nibble);
    if (group.length) branch[nibble] = reference(buildNode(group, depth + 1));
  }
  const here = items.find((it) => it.path.length === depth);
  if (here) branch[16] = here.value;
  return branch;
}

// Root of the trie keyed by RLP(index) over `values` (hex): transactionsRoot and receiptsRoot.
export function orderedTrieRoot(values) {
  if (values.length === 0) return ethers.keccak256(ethers.encodeRlp('0x'));
  const items = values.map((value, i) => ({
    path: nibbles(ethers.encodeRlp(ethers.toBeArray(i))),
    value,
  }));
  return ethers.keccak256(ethers.encodeRlp(buildNode(items, 0)));
}
