// Prague and Osaka as a wallet meets them on `plexus dev`: an EIP-7702 set-code transaction sent
// by ethers that delegates an account to a contract, calls through the delegated account, CLZ
// (EIP-7939), eth_call running creation code, calls at an older block, and storage slots given
// as 32 zero-padded bytes.
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import { nodeSuite, devWallet, mined } from './lib/suite.mjs';
import { rpc } from './lib/node.mjs';

const env = nodeSuite();
const t = env.test;

// Hand-assembled, so the test needs no compiler that targets Osaka. Each initcode copies the
// runtime after it (11 bytes of CODECOPY/RETURN) and returns it.
function initcode(runtime) {
  const size = ethers.dataLength(runtime);
  return ethers.concat([
    `0x60${size.toString(16).padStart(2, '0')}80600b6000396000f3`,
    runtime,
  ]);
}
// SSTORE(0, CALLER); return ADDRESS: shows as whom and on whose storage the code ran.
const kDelegateRuntime = '0x336000553060005260206000f3';
// return CLZ(calldata word 0)
const kClzRuntime = '0x6000351e60005260206000f3';

async function deployRaw(wallet, runtime) {
  const tx = await wallet.sendTransaction({ data: initcode(runtime) });
  const receipt = await mined(tx);
  assert.equal(receipt.status, 1);
  assert.equal(await env.provider.getCode(receipt.contractAddress), runtime);
  return receipt.contractAddress;
}

const word = (n) => ethers.zeroPadValue(ethers.toBeHex(n), 32);

t('CLZ: a contract using the Osaka opcode deploys and runs', async () => {
  const clz = await deployRaw(devWallet(7, env.provider), kClzRuntime);
  for (const [input, leading] of [
    [0n, 256n],
    [1n, 255n],
    [1n << 255n, 0n],
    [0xffn << 100n, 148n],
  ]) {
    const out = await env.provider.call({ to: clz, data: word(input) });
    assert.equal(BigInt(out), leading, `clz(${input})`);
  }
});

t('eth_call without `to` runs the data as creation code and answers its output', async () => {
  const out = await rpc(env.node.url, 'eth_call', [{ data: initcode(kClzRuntime) }, 'latest']);
  assert.equal(out, kClzRuntime);
});

t('EIP-7702: ethers delegates an account to a contract and calls through it', async () => {
  const sender = devWallet(7, env.provider);
  const authority = devWallet(8, env.provider);
  const delegate = await deployRaw(sender, kDelegateRuntime);
  const before = await env.provider.getBlockNumber();

  const auth = await authority.authorize({
    address: delegate,
    nonce: await env.provider.getTransactionCount(authority.address),
    chainId: (await env.provider.getNetwork()).chainId,
  });
  const tx = await sender.sendTransaction({
    type: 4,
    to: authority.address,
    authorizationList: [auth],
  });
  const receipt = await mined(tx);
  assert.equal(receipt.status, 1);
  assert.equal(receipt.type, 4);

  // The authority's code is the delegation designator, its nonce moved, and the delegate's code
  // ran on the authority's storage with the sender as caller.
  const designator = ethers.concat(['0xef0100', delegate]).toLowerCase();
  assert.equal(await env.provider.getCode(authority.address), designator);
  assert.equal(await env.provider.getTransactionCount(authority.address), 1);
  const slot = await rpc(env.node.url, 'eth_getStorageAt', [authority.address, word(0), 'latest']);
  assert.equal(ethers.getAddress(ethers.dataSlice(slot, 12)), sender.address);

  // The transaction as the node returns it carries the authorization list.
  const got = await rpc(env.node.url, 'eth_getTransactionByHash', [tx.hash]);
  assert.equal(got.type, '0x4');
  assert.equal(got.authorizationList.length, 1);
  assert.equal(ethers.getAddress(got.authorizationList[0].address), delegate);
  assert.equal(ethers.getAddress(ethers.recoverAddress(
    ethers.hashAuthorization({ address: delegate, nonce: 0n, chainId: BigInt(got.chainId) }),
    { r: got.authorizationList[0].r, s: got.authorizationList[0].s,
      yParity: Number(got.authorizationList[0].yParity) },
  )), authority.address);

  // A call through the delegated account runs the delegate as the authority...
  const out = await env.provider.call({ to: authority.address, data: '0x' });
  assert.equal(ethers.getAddress(ethers.dataSlice(out, 12)), authority.address);
  // ...which still sends its own transactions (EIP-3607 exempts designators).
  const own = await mined(await authority.sendTransaction({ to: sender.address, value: 1n }));
  assert.equal(own.status, 1);

  // Before the delegation the same call found no code: calls run at older blocks too.
  const earlier = await rpc(env.node.url, 'eth_call', [
    { to: authority.address, data: '0x' },
    ethers.toQuantity(before),
  ]);
  assert.equal(earlier, '0x');
});
