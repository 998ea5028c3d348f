// A subnet on DA (docs/DA.md, Subnets on DA): plexus dev started with `--da-subnet evm` posts every
// block of the evm subnet as a blob in its namespace; transfers are sent, a stranger posts junk in
// the same namespace, and `plexus da rebuild` rebuilds the chain from the platform chain's blobs
// alone (completeness proofs checked against each header's data root) into a fresh directory. The
// rebuilt head hash, state root and a balance equal the live node's; the junk is skipped by rule.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { devWallet, mined, nodeSuite } from './lib/suite.mjs';
import { externalUrl, makeDataDir, plexusBin, rpc, until } from './lib/node.mjs';

const env = nodeSuite({ args: ['--da-subnet', 'evm'] });
const t = env.test;
const skip = externalUrl ? 'starts its own node with --da-subnet' : false;

function plexus(args) {
  return spawnSync(plexusBin(), args, { encoding: 'utf8', timeout: 60_000 });
}

const recipient = ethers.Wallet.createRandom().address;

t('a subnet rebuilt from DA alone ends at the live head, state root and balances', { skip }, async () => {
  const where = env.node.url.replace('http://', '').replace(/\/$/, '');
  const sender = devWallet(1, env.provider);
  for (let i = 0; i < 4; i++) await mined(sender.sendTransaction({ to: recipient, value: 1000n + BigInt(i) }));

  // A stranger's blob in the subnet's namespace: anyone may post there.
  const keyFile = path.join(makeDataDir(), 'dev2.key');
  writeFileSync(keyFile, devWallet(2).privateKey);
  const junk = plexus(['blob', 'submit', '--rpc', where, '--key-file', keyFile, '--blob', 'evm=0x6a756e6b']);
  assert.equal(junk.status, 0, junk.stderr);
  await mined(sender.sendTransaction({ to: recipient, value: 7n }));

  const live = await rpc(env.node.url, 'eth_getBlockByNumber', ['latest', false]);
  const balance = BigInt(await rpc(env.node.url, 'eth_getBalance', [recipient, 'latest']));
  assert.equal(balance, 1000n + 1001n + 1002n + 1003n + 7n);

  // The poster works beside consensus: wait (on the outcome, not a fixed time) until a rebuild
  // reaches the live head.
  let last;
  const rebuilt = await until('a rebuild from DA that reaches the live head', () => {
    const dir = makeDataDir();
    const r = plexus(['da', 'rebuild', '--rpc', where, '--subnet', 'evm', '--dir', path.join(dir, 'rebuilt'),
      '--balance', recipient]);
    last = r;
    if (r.status !== 0) return false;
    const out = JSON.parse(r.stdout);
    return BigInt(out.number) >= BigInt(live.number) ? out : false;
  }, 60_000, 300);
  assert.equal(rebuilt.number, Number(live.number));
  assert.equal(rebuilt.hash, live.hash);
  assert.equal(rebuilt.stateRoot, live.stateRoot);
  assert.equal(BigInt(Object.values(rebuilt.balances)[0]), balance);
  assert.equal(rebuilt.held, 0);
  assert.ok(rebuilt.skipped >= 1, JSON.stringify(rebuilt));
  assert.match(last.stderr, /skipped: junk: subnet blob: no PXS1 or PXS2 magic/);
});

t('plexus da rebuild explains itself and refuses what it cannot do', { skip }, () => {
  const help = plexus(['da', 'rebuild', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--subnet/);
  assert.match(help.stdout, /data root/);
  const where = env.node.url.replace('http://', '').replace(/\/$/, '');
  // wasm does not post to DA on this node: the genesis the rebuild makes must match the node's.
  const other = plexus(['da', 'rebuild', '--rpc', where, '--subnet', 'wasm', '--dir', path.join(makeDataDir(), 'x')]);
  assert.equal(other.status, 1);
  assert.match(other.stderr, /platform block 0 is .*this configuration's/);
  const wrong = plexus(['da', 'rebuild', '--rpc', where, '--subnet', 'wasm', '--da-subnet', 'evm', '--dir',
    path.join(makeDataDir(), 'y')]);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /subnet wasm does not post to DA/);
});
