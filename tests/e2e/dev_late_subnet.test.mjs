// A subnet created on a running `plexus dev` (no network of nodes) with the dev engine and this
// node as its validator starts at once, without a restart: its endpoint answers with its own
// chain id and a transfer on it is mined. One whose engine needs a network (bft, the default of
// `subnet create`) is refused with a message naming why, and the node keeps running.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { devWallet, makeProvider, mined, nodeSuite } from './lib/suite.mjs';
import { externalUrl, makeDataDir, rpc, plexusBin, until } from './lib/node.mjs';

const env = nodeSuite();
const t = env.test;
const skip = externalUrl ? 'creates subnets on its own node' : false;

function ok(args) {
  const run = spawnSync(plexusBin(), args, { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `plexus ${args.join(' ')}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

t('a dev-engine subnet created while plexus dev runs starts without a restart', { skip }, async () => {
  const where = env.node.url.replace('http://', '').replace(/\/$/, '');
  const keyFile = path.join(makeDataDir(), 'owner.key');
  writeFileSync(keyFile, devWallet(0).privateKey);
  const signed = ['--rpc', where, '--key-file', keyFile];
  const nodeId = (await rpc(env.node.url, 'platform_getValidators'))[0].nodeId;

  ok(['subnet', 'create', ...signed, '--name', 'later', '--vm', 'evm', '--chain-id', '4343',
    '--consensus', 'dev', '--alloc', `${devWallet(1).address}=1000`]);
  ok(['subnet', 'add-validator', ...signed, '--name', 'later', '--node-id', nodeId]);
  const url = `${env.node.url}subnet/later`;
  const chainId = await until('the new subnet\'s endpoint', () => rpc(url, 'eth_chainId'), 20_000, 200);
  assert.equal(BigInt(chainId), 4343n);
  const listed = ok(['subnet', 'list', '--rpc', where]);
  assert.match(listed, /later\s.*running here/);

  const provider = makeProvider(url, 4343n);
  const recipient = ethers.Wallet.createRandom().address;
  await mined(devWallet(1, provider).sendTransaction({ to: recipient, value: 5n }));
  assert.equal(await provider.getBalance(recipient), 5n);
  provider.destroy();

  // bft needs validators that talk to each other: registered, refused here with the reason.
  ok(['subnet', 'create', ...signed, '--name', 'needs-peers', '--vm', 'evm', '--chain-id', '4344']);
  ok(['subnet', 'add-validator', ...signed, '--name', 'needs-peers', '--node-id', nodeId]);
  await until('the refusal in the log', () =>
    /subnet needs-peers not started: not supported: consensus engine 'bft' without a network/
      .test(env.node.logs()), 20_000, 200);
  assert.match(ok(['subnet', 'list', '--rpc', where]), /needs-peers\s.*not run here/);
  assert.equal(BigInt(await rpc(env.node.url, 'eth_chainId')), 31337n);
});
