// A minimal sovereign rollup on Plexus's data availability layer (examples/rollup/README.md).
// The sequencer orders transfers into rollup blocks and posts each block as a blob in the
// rollup's namespace on the primary network; the rollup's state is never posted anywhere else.
// Anyone rebuilds it from the data layer alone: every blob of the namespace at every platform
// height, fetched with completeness proofs checked against each block's data root
// (`plexus blob get --all`), replayed under the rollup's own rules. Blobs that are not valid
// rollup blocks (garbage, a wrong parent, a wrong state root) are skipped by those rules: the
// rollup, not the data layer, decides what counts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// The rollup's state: balances by name. Its root is the hash of the sorted balances.
export function stateRoot(balances) {
  const sorted = Object.keys(balances).sort().map((k) => [k, balances[k]]);
  return sha256(JSON.stringify(sorted));
}

export const kGenesis = Object.freeze({ alice: 1000, bob: 0, carol: 0 });

// The rollup's transition: a transfer the sender cannot pay is kept in the block but does nothing.
export function applyBlock(balances, txs) {
  const next = { ...balances };
  for (const { from, to, amount } of txs) {
    if (!Number.isSafeInteger(amount) || amount <= 0 || (next[from] ?? 0) < amount) continue;
    next[from] -= amount;
    next[to] = (next[to] ?? 0) + amount;
  }
  return next;
}

export const blockHash = (block) => sha256(JSON.stringify(block));

// The plexus command line, talking to a node at `rpc` (host:port).
export function plexusCli({ bin, rpc }) {
  const run = (args, input) =>
    execFileSync(bin, [...args, '--rpc', rpc], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    // Posts `data` as one blob in `namespace`; {height, ids, commitments}.
    submit(namespace, data, keyFile) {
      const out = run(['blob', 'submit', '--key-file', keyFile, '--blob', `${namespace}=-`], data);
      return JSON.parse(out.trim().split('\n').pop());
    },
    // Every blob of `namespace` at `height`, checked against the block's data root.
    blobsAt(namespace, height) {
      const out = JSON.parse(run(['blob', 'get', '--all', '--height', String(height), '--namespace', namespace]));
      if (!out.verified) throw new Error(`height ${height}: blobs not verified`);
      return out.blobs.map((b) => Buffer.from(b.data.slice(2), 'hex').toString('utf8'));
    },
  };
}

// The sequencer: keeps the state, makes blocks and posts them.
export class Sequencer {
  constructor({ cli, namespace, keyFile }) {
    Object.assign(this, { cli, namespace, keyFile });
    this.balances = { ...kGenesis };
    this.head = { number: 0, hash: stateRoot(kGenesis) };
    this.posted = [];  // platform heights
  }

  post(txs) {
    const balances = applyBlock(this.balances, txs);
    const block = { number: this.head.number + 1, parent: this.head.hash, txs, stateRoot: stateRoot(balances) };
    const landed = this.cli.submit(this.namespace, JSON.stringify(block), this.keyFile);
    this.balances = balances;
    this.head = { number: block.number, hash: blockHash(block) };
    this.posted.push(Number(landed.height));
    return { block, landed };
  }
}

// Rebuilds the rollup from the data layer: platform heights [from, to], blobs in square order.
export function rebuild({ cli, namespace, from, to }) {
  let balances = { ...kGenesis };
  let head = { number: 0, hash: stateRoot(kGenesis) };
  const skipped = [];
  for (let height = from; height <= to; ++height) {
    for (const text of cli.blobsAt(namespace, height)) {
      let block;
      try {
        block = JSON.parse(text);
      } catch {
        skipped.push({ height, why: 'not a rollup block' });
        continue;
      }
      if (block.number !== head.number + 1 || block.parent !== head.hash) {
        skipped.push({ height, why: 'does not extend the head' });
        continue;
      }
      const next = applyBlock(balances, block.txs ?? []);
      if (stateRoot(next) !== block.stateRoot) {
        skipped.push({ height, why: 'wrong state root' });
        continue;
      }
      balances = next;
      head = { number: block.number, hash: blockHash(block) };
    }
  }
  return { balances, head, skipped };
}
