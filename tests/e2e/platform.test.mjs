// The primary network's lifecycle on four validator processes (`plexus localnet up`), driven by
// the `plexus` commands a user runs: a Move subnet under bft is created on the running network
// and given three of the four validators, whose nodes start it without a restart; the fourth is
// added and starts voting at the next epoch, one is removed and only observes from then on; a
// governance proposal to raise the gas limit passes and applies at its height, one without votes fails
// for lack of quorum; PLX moves with a keystore v3 key; bad commands fail with the rule; a fifth
// node staked for 66 s votes on the platform chain and is paid its reward when the period ends;
// a validator whose key signed two conflicting votes is slashed from the evidence handed to a
// node. Every wait is bounded; the network is taken down whatever happens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import { plexusBin, makeDataDir, rpc, externalUrl, until, freePort, freePortRange } from './lib/node.mjs';
import { devWallet, makeProvider, mined } from './lib/suite.mjs';
import { assembleMove } from './lib/artifacts.mjs';
import { argAddress, argU64, entryCall, kMoveRouter, publishPayload } from './lib/move_bcs.mjs';

function plexus(args) {
  const run = spawnSync(plexusBin(), args, { encoding: 'utf8', timeout: 90_000 });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

function ok(args) {
  const run = plexus(args);
  assert.equal(run.status, 0, `plexus ${args.join(' ')}:\n${run.out}`);
  return run.out;
}

// This node's view of a subnet (plexus_nodeInfo), or undefined if it does not run it.
async function subnetOn(url, name) {
  const info = await rpc(url, 'plexus_nodeInfo');
  return info.subnets.find((s) => s.name === name);
}

test('platform: a subnet created, staffed, governed on a running network', {
  skip: externalUrl ? 'needs its own processes' : false,
  timeout: 300_000,
}, async () => {
  const dir = makeDataDir();
  const basePort = await freePortRange(20);
  let fifth;
  try {
    ok(['localnet', 'up', '--validators', '4', '--dir', dir, '--base-port', String(basePort),
      '--leader-timeout-ms', '400', '--epoch-length', '8']);
    const network = JSON.parse(readFileSync(path.join(dir, 'network.json'), 'utf8'));
    const urls = network.nodes.map((n) => n.rpc);
    const rpcOf = (i) => urls[i].replace('http://', '').replace(/\/$/, '');
    const nodeDir = (i) => path.join(dir, `node${i}`);
    const owner = devWallet(0);
    const keyFile = path.join(dir, 'owner.key');
    writeFileSync(keyFile, owner.privateKey);
    const signed = (i) => ['--rpc', rpcOf(i), '--key-file', keyFile];
    // A node's genesis entry, as the genesis localnet wrote lists it.
    const entry = JSON.parse(ok(['validator', 'keys', '--node-dir', nodeDir(0)]));
    const genesis = JSON.parse(readFileSync(path.join(dir, 'genesis.json'), 'utf8'));
    assert.ok(genesis.validators.some((v) => v.node_id === entry.node_id &&
      v.bls_key === entry.bls_key && v.bls_pop === entry.bls_pop), JSON.stringify(entry));

    // A fifth node, staked by account 6 for 66 s (the local minimum is 60): it joins the primary
    // set, votes on the platform chain from the next epoch, and is checked for its reward at the
    // end.
    const fifthDir = path.join(dir, 'node4');
    mkdirSync(fifthDir);
    const stakerKey = path.join(dir, 'staker.key');
    writeFileSync(stakerKey, devWallet(6).privateKey);
    const staker = devWallet(6).address;
    const balanceOf = async (who) => BigInt((await rpc(urls[0], 'platform_getBalance', [who])).balance);
    const stakerBefore = await balanceOf(staker);
    const ends = Math.floor(Date.now() / 1000) + 66;
    ok(['validator', 'add', '--rpc', rpcOf(0), '--key-file', stakerKey, '--node-dir', fifthDir,
      '--end-time', String(ends)]);
    writeFileSync(path.join(fifthDir, 'node.toml'), [
      'data_dir = "."', 'genesis = "../genesis.json"', '[p2p]',
      `listen = "127.0.0.1:${await freePort()}"`,
      `bootstrap = [${network.nodes.map((n) => `"${n.p2p}"`).join(', ')}]`,
      '[rpc]', `listen = "127.0.0.1:${await freePort()}"`, '[subnets]', 'track = ["evm"]', ''].join('\n'));
    const fifthLog = openSync(path.join(fifthDir, 'node.log'), 'w');
    fifth = spawn(plexusBin(), ['node', '--config', path.join(fifthDir, 'node.toml')],
      { stdio: ['ignore', fifthLog, fifthLog] });
    const fifthId = JSON.parse(ok(['validator', 'keys', '--node-dir', fifthDir])).node_id;
    const primaryEntry = async (id) =>
      (await rpc(urls[0], 'platform_getValidators', [])).find((v) => v.nodeId === id);
    const staked = await primaryEntry(fifthId);
    assert.ok(staked, 'the fifth node is a primary validator');
    assert.equal(BigInt(staked.endTime), BigInt(ends));
    let lastSeen = staked;

    // Created through node 1, staffed with nodes 0-2 through node 2.
    // Its genesis funds two accounts only and sets its own gas limit; its engine its own timings.
    const funded = devWallet(0).address;
    const other = '0x00000000000000000000000000000000000000b0';
    assert.match(ok(['subnet', 'create', ...signed(1), '--name', 'tokens', '--vm', 'move',
      '--consensus', 'bft', '--chain-id', '424242', '--voting-period', '6', '--timelock', '5',
      '--alloc', `${funded}=1000`, '--alloc', `${other}=5`, '--gas-limit', '25000000',
      '--block-time-ms', '300', '--leader-timeout-ms', '1500']),
    /final at platform height \d+/);
    const created = await rpc(urls[3], 'platform_getSubnet', ['tokens']);
    assert.deepEqual(created.consensusParams, { blockTimeMs: 300, leaderTimeoutMs: 1500 });
    assert.equal(BigInt(created.genesis.gasLimit), 25_000_000n);
    assert.deepEqual(created.genesis.alloc.map((a) => [a.address.toLowerCase(), BigInt(a.balance)]),
      [[funded.toLowerCase(), 1000n * 10n ** 18n], [other, 5n * 10n ** 18n]]);
    for (const i of [0, 1, 2]) {
      ok(['subnet', 'add-validator', ...signed(2), '--name', 'tokens', '--node-dir', nodeDir(i)]);
    }
    const listed = ok(['subnet', 'list', '--rpc', rpcOf(3)]);
    assert.match(listed, /tokens\s+vms move\s+consensus bft/);
    for (const i of [0, 1, 2]) {
      await until(`tokens finalizing on node ${i}`, async () => {
        const s = await subnetOn(urls[i], 'tokens');
        return s && BigInt(s.finalizedNumber) >= 10n && s.role === 'validator';
      }, 60_000);
    }
    assert.equal(await subnetOn(urls[3], 'tokens'), undefined, 'node 3 neither validates nor tracks it');
    // Every validator built the same block 0 from the subnet's genesis.
    const tokensUrl = `${urls[2]}subnet/tokens`;
    const genesisBlock = await rpc(tokensUrl, 'eth_getBlockByNumber', ['0x0', false]);
    assert.equal(BigInt(genesisBlock.gasLimit), 25_000_000n);
    for (const i of [0, 1]) {
      assert.equal((await rpc(`${urls[i]}subnet/tokens`, 'eth_getBlockByNumber', ['0x0', false])).hash,
        genesisBlock.hash);
    }
    assert.equal(BigInt(await rpc(tokensUrl, 'eth_getBalance', [other, '0x0'])), 5n * 10n ** 18n);
    assert.equal(BigInt(await rpc(tokensUrl, 'eth_getBalance', [devWallet(1).address, '0x0'])), 0n,
      'an account the network funds elsewhere is not funded here');

    // The coin of examples/move published and used on the new subnet through node 1, read
    // through node 2 (when the Move assembler is built).
    const coin = assembleMove('examples/move/coin.mvir');
    if (coin) {
      const provider = makeProvider(`${urls[1]}subnet/tokens`, 424242n);
      const publisher = devWallet(0, provider);
      const me = publisher.address.toLowerCase();
      const call = (data) => mined(publisher.sendTransaction({ to: kMoveRouter, data }));
      assert.equal((await mined(publisher.sendTransaction({ data: publishPayload([coin]) }))).status, 1);
      await call(entryCall(me, 'coin', 'register', []));
      const minted = await call(entryCall(me, 'coin', 'mint', [argAddress(publisher.address), argU64(500n)]));
      assert.equal(minted.logs.length, 1);
      // Node 2 may hold the register before the mint: wait for the minted value itself.
      const balance = await until('the minted balance on node 2', async () => {
        const r = await rpc(`${urls[2]}subnet/tokens`, 'plexus_getMoveResource',
          [me, `${me}::coin::Balance`]);
        return r && BigInt(r.json.value) === 500n ? r : undefined;
      });
      assert.equal(BigInt(balance.json.value), 500n);
    }

    // Node 3 joins: it starts the chain, catches up and votes from the next epoch on.
    ok(['subnet', 'add-validator', ...signed(3), '--name', 'tokens', '--node-dir', nodeDir(3)]);
    await until('node 3 validating tokens', async () => {
      const s = await subnetOn(urls[3], 'tokens');
      return s && s.role === 'validator';
    }, 60_000);
    // Node 0 leaves: it keeps the chain and observes.
    ok(['subnet', 'remove-validator', ...signed(0), '--name', 'tokens', '--node-dir', nodeDir(0)]);
    await until('node 0 observing tokens', async () => {
      const s = await subnetOn(urls[0], 'tokens');
      return s && s.role === 'observer';
    }, 60_000);
    const before = BigInt((await subnetOn(urls[1], 'tokens')).finalizedNumber);
    await until('tokens going on without node 0', async () =>
      BigInt((await subnetOn(urls[0], 'tokens')).finalizedNumber) >= before + 5n, 60_000);
    const subnet = await rpc(urls[2], 'platform_getSubnet', ['tokens']);
    assert.equal(Object.keys(subnet.weights).length, 3);

    // Governance by the owner: a higher gas limit passes; a proposal nobody votes on fails.
    const head = BigInt((await subnetOn(urls[1], 'tokens')).headNumber);
    // Far enough ahead for the vote (6 s), the timelock (5 s) and the start of the epoch holding
    // the height (8 blocks) at about five idle blocks a second; checked at the end.
    const gasAt = head + 150n;
    ok(['gov', 'propose', ...signed(1), '--subnet', 'tokens', '--set', 'gas_limit=40000000',
      '--at-height', String(gasAt)]);
    ok(['gov', 'vote', ...signed(2), '--subnet', 'tokens', '--proposal', '0', '--yes']);
    ok(['gov', 'propose', ...signed(1), '--subnet', 'tokens', '--upgrade', 'tokens-v2',
      '--at-height', String(head + 600n)]);
    // Move enabled on the running WASM subnet at a height: that block installs Move's standard
    // library, and modules can be published there from it on (checked at the end).
    const wasmHead = BigInt((await subnetOn(urls[1], 'wasm')).headNumber);
    const moveAt = wasmHead + 150n;
    ok(['gov', 'propose', ...signed(1), '--subnet', 'wasm', '--enable-vm', 'move',
      '--at-height', String(moveAt)]);
    ok(['gov', 'vote', ...signed(2), '--subnet', 'wasm', '--proposal', '0', '--yes']);
    const status = async (n) => JSON.parse(ok(['gov', 'status', '--rpc', rpcOf(3), '--subnet',
      'tokens', '--proposal', String(n)]));
    await until('the vote tallied', async () => (await status(0)).status.startsWith('scheduled'), 60_000);
    const passed = await status(0);
    assert.equal(passed.status, `scheduled at height ${gasAt}`);
    assert.deepEqual(passed.action, { set: 'gas_limit', value: 40000000 });
    await until('the unvoted proposal tallied',
      async () => (await status(1)).status.startsWith('rejected'), 60_000);
    // The explorer lists proposals by number up to this count.
    assert.equal((await rpc(urls[2], 'platform_getSubnet', ['tokens'])).proposalCount, 2);
    assert.match((await status(1)).status, /^rejected: no quorum/);
    const late = plexus(['gov', 'vote', ...signed(1), '--subnet', 'tokens', '--proposal', '1',
      '--yes', '--no-wait']);
    assert.equal(late.status, 1);
    assert.match(late.out, /error: .*(voting|closed|ended)/i);

    // PLX moved with a keystore v3 key; a wrong password is refused by name.
    const keystore = path.join(dir, 'owner.json');
    const passwordFile = path.join(dir, 'password');
    writeFileSync(passwordFile, 'correct horse\n');
    writeFileSync(keystore, await owner.encrypt('correct horse'));
    const to = ethers.Wallet.createRandom().address;
    ok(['platform', 'transfer', '--rpc', rpcOf(3), '--keystore', keystore, '--password-file',
      passwordFile, '--to', to, '--amount', '7']);
    const balance = await rpc(urls[0], 'platform_getBalance', [to]);
    assert.equal(BigInt(balance.balance), 7n * 10n ** 18n);
    writeFileSync(passwordFile, 'wrong\n');
    const wrong = plexus(['platform', 'transfer', '--rpc', rpcOf(3), '--keystore', keystore,
      '--password-file', passwordFile, '--to', to, '--amount', '1']);
    assert.equal(wrong.status, 1);
    assert.match(wrong.out, /wrong password/);

    // Bad input names the rule and changes nothing.
    // A new node's keys (made in its directory), staked with too little.
    const low = plexus(['validator', 'add', ...signed(0), '--node-dir', path.join(dir, 'fresh'),
      '--stake', '1999']);
    assert.equal(low.status, 1);
    assert.match(low.out, /stake below the minimum/);
    const dup = plexus(['subnet', 'create', ...signed(0), '--name', 'tokens', '--vm', 'evm',
      '--chain-id', '424243']);
    assert.equal(dup.status, 1);
    assert.match(dup.out, /subnet tokens already exists/);
    const status0 = ok(['validator', 'status', '--rpc', rpcOf(0), '--node-dir', nodeDir(3)]);
    assert.match(status0, /stake 2000 PLX  uptime \d+% \(\d+\/\d+\)/);

    // Slashing: node 3's key signs two conflicting votes; the evidence, handed to node 1, goes
    // into a platform block without an account or a fee. 10% of the stake is burned, the rest
    // returns to its owner, and node 3 leaves the primary set and every subnet.
    const offender = JSON.parse(ok(['validator', 'keys', '--node-dir', nodeDir(3)])).node_id;
    const offenderOwner = (await primaryEntry(offender)).owner;
    const ownerBefore = await balanceOf(offenderOwner);
    assert.match(ok(['validator', 'equivocate', '--node-dir', nodeDir(3), '--subnet', 'evm',
      '--rpc', rpcOf(1)]), /evidence 0x[0-9a-f]{64} pooled/);
    await until('node 3 slashed', async () => (await primaryEntry(offender)) === undefined, 60_000);
    assert.equal(await balanceOf(offenderOwner), ownerBefore + 1800n * 10n ** 18n);
    const tokens = await rpc(urls[1], 'platform_getSubnet', ['tokens']);
    assert.equal(Object.keys(tokens.weights).includes(offender), false);
    const forged = plexus(['validator', 'equivocate', '--node-dir', path.join(dir, 'fresh'),
      '--rpc', rpcOf(1)]);
    assert.equal(forged.status, 1);
    assert.match(forged.out, /no validator has the offender's BLS key/);

    // The fifth validator's period ends: its stake returns with the reward for 80% uptime or
    // more, as the others observed it.
    await until('the fifth period ended', async () => {
      const entry = await primaryEntry(fifthId);
      if (entry) lastSeen = entry;
      return entry === undefined;
    }, 120_000, 500);
    const start = BigInt(staked.startTime);
    const end = BigInt(staked.endTime);
    const stake = 2000n * 10n ** 18n;
    const reward = (stake * 500n * (end - start)) / (10_000n * 31_536_000n);
    assert.ok(reward > 0n);
    const fee = 10n ** 15n;
    assert.equal(await balanceOf(staker), stakerBefore - fee + reward,
      `rewarded for ${end - start} s (uptime ${lastSeen.uptime.signed}/${lastSeen.uptime.observed} at the last ` +
      `look); the fifth node's log ends:\n${readFileSync(path.join(fifthDir, 'node.log'), 'utf8')
        .split('\n').slice(-25).join('\n')}`);
    assert.ok(BigInt(lastSeen.uptime.observed) > 0n, JSON.stringify(lastSeen));

    // The passed proposal took effect at its height on the tokens subnet, on every node that
    // runs it: the genesis' 25M gas before, 40M from it on.
    await until('the tokens subnet past the proposal\'s height', async () =>
      BigInt((await subnetOn(urls[2], 'tokens')).finalizedNumber) >= gasAt + 1n, 90_000, 500);
    for (const i of [1, 2]) {
      const gasLimit = async (n) => BigInt((await rpc(`${urls[i]}subnet/tokens`,
        'eth_getBlockByNumber', [`0x${n.toString(16)}`, false])).gasLimit);
      assert.equal(await gasLimit(gasAt - 1n), 25_000_000n, `node ${i}, block ${gasAt - 1n}`);
      assert.equal(await gasLimit(gasAt), 40_000_000n, `node ${i}, block ${gasAt}`);
    }

    // Move on the WASM subnet from its height: the coin published, minted and read on two nodes.
    await until('the wasm subnet past Move\'s height', async () =>
      BigInt((await subnetOn(urls[2], 'wasm')).finalizedNumber) >= moveAt, 90_000, 500);
    const enabled = JSON.parse(ok(['gov', 'status', '--rpc', rpcOf(0), '--subnet', 'wasm',
      '--proposal', '0']));
    assert.equal(enabled.status, `scheduled at height ${moveAt}`);
    if (coin) {
      const wasmUrl = `${urls[1]}subnet/wasm`;
      const provider = makeProvider(wasmUrl, BigInt(await rpc(wasmUrl, 'eth_chainId', [])));
      const publisher = devWallet(0, provider);
      const me = publisher.address.toLowerCase();
      const published = await mined(publisher.sendTransaction({ data: publishPayload([coin]) }));
      assert.equal(published.status, 1);
      assert.ok(BigInt(published.blockNumber) >= moveAt);
      const call = (data) => mined(publisher.sendTransaction({ to: kMoveRouter, data }));
      assert.equal((await call(entryCall(me, 'coin', 'register', []))).status, 1);
      assert.equal((await call(entryCall(me, 'coin', 'mint', [argAddress(publisher.address),
        argU64(77n)]))).status, 1);
      for (const i of [1, 3]) {
        await until(`the Move balance on the wasm subnet, node ${i}`, async () => {
          const r = await rpc(`${urls[i]}subnet/wasm`, 'plexus_getMoveResource',
            [me, `${me}::coin::Balance`]);
          return r && BigInt(r.json.value) === 77n;
        });
      }
    }
  } finally {
    if (fifth) fifth.kill('SIGKILL');
    spawnSync(plexusBin(), ['localnet', 'down', '--dir', dir], { timeout: 30_000 });
    rmSync(dir, { recursive: true, force: true });
  }
});
