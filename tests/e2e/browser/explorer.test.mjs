// The explorer a node serves at /explorer, in Debian's Chromium driven by playwright-core
// against a real `plexus dev`: the network page with its three subnets, a transfer appearing
// live and its transaction page, search by hash, a WASM contract page with its exports, a Move
// account with its module and a resource, the not-yet pages and the empty states. Screenshots
// go to PLEXUS_EXPLORER_SCREENSHOTS (the build directory's explorer-screenshots/ under CTest).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { ethers } from 'ethers';
import { chromium } from 'playwright-core';
import { nodeSuite, devWallet, makeProvider, mined } from '../lib/suite.mjs';
import { assembleMove, skipReason, wasmDeployHex } from '../lib/artifacts.mjs';
import { entryCall, kMoveRouter, publishPayload } from '../lib/move_bcs.mjs';
import { rpc } from '../lib/node.mjs';

const kChromium = process.env.PLEXUS_CHROMIUM || '/usr/bin/chromium';
const kWait = 15_000;
const shots = process.env.PLEXUS_EXPLORER_SCREENSHOTS || '';
const erc20 = wasmDeployHex('erc20');
const coin = assembleMove('examples/move/coin.mvir');
const skip = !existsSync(kChromium)
  ? skipReason(`${kChromium} (apt-get install chromium)`)
  : !erc20
    ? skipReason('build/examples/erc20.deploy.hex')
    : !coin
      ? skipReason('plexus-move (to assemble examples/move/coin.mvir)')
      : false;

const env = nodeSuite();
const t = env.test;
const state = { requests: [], errors: [] };
const erc20Abi = [
  'constructor(uint256 initialSupply)',
  'function transfer(address to, uint256 amount) returns (bool)',
];

before(async () => {
  if (skip) return;
  state.browser = await chromium.launch({
    executablePath: kChromium,
    headless: true,
    // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 30_000,
  });
  state.page = await state.browser.newPage({ viewport: { width: 1280, height: 900 } });
  state.page.setDefaultTimeout(kWait);
  state.page.on('request', (r) => state.requests.push(r.url()));
  state.page.on('pageerror', (e) => state.errors.push(e.message));
  if (shots) mkdirSync(shots, { recursive: true });
}, { timeout: 60_000 });

after(async () => {
  await state.browser?.close();
});

async function shot(name) {
  if (shots) await state.page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

// Opens a route and waits until its view has finished loading.
async function open(route) {
  await state.page.goto(`${env.node.url}explorer/#${route}`);
  await state.page.waitForSelector('.view[data-ready]');
}

const text = () => state.page.locator('main').innerText();

t('the network page shows the primary network and the three subnets', { skip }, async () => {
  await open('/');
  for (const name of ['evm', 'wasm', 'move'])
    await state.page.locator(`[data-test="subnet-${name}"]`).waitFor();
  const page = await text();
  assert.match(page, /Validators/);
  assert.match(page, /2,000 PLX/, 'the dev validator stakes 2,000 PLX');
  assert.match(page, /31337[\s\S]*31339|31339[\s\S]*31337/);
  assert.match(await state.page.locator('[data-test="primary-height"]').innerText(), /^\d+$/);
  await shot('network');
  await state.page.setViewportSize({ width: 380, height: 800 });
  const width = await state.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 380, `the page fits a narrow window (scroll width ${width})`);
  await shot('network-narrow');
  await state.page.setViewportSize({ width: 1280, height: 900 });
});

t('a transfer appears live on the subnet page and opens its transaction page', { skip }, async () => {
  await open('/subnet/evm');
  await state.page.locator('[data-test="live"]', { hasText: 'live' }).waitFor();
  const provider = makeProvider(`${env.node.url}subnet/evm`);
  const tx = await devWallet(0, provider).sendTransaction({
    to: devWallet(1).address,
    value: ethers.parseEther('1.5'),
  });
  await mined(tx);
  state.transfer = tx.hash;
  // No reload: the row arrives over the page's WebSocket subscription.
  const row = state.page.locator(`a[data-tx="${tx.hash}"]`).first();
  await row.waitFor();
  await shot('subnet-live');
  await row.click();
  await state.page.waitForSelector(`[data-view="tx"][data-ready]`);
  assert.equal(await state.page.locator('[data-test="tx-hash"]').innerText(), tx.hash);
  const page = await text();
  assert.match(page, /success/);
  assert.match(page, /1\.5 ETH/);
  assert.match(page, /final/);
  await shot('transaction');
  provider.destroy();
});

t('searching for the hash finds the transaction', { skip }, async () => {
  await open('/');
  await state.page.fill('input[type="search"]', state.transfer);
  await state.page.press('input[type="search"]', 'Enter');
  await state.page.waitForURL(/\/subnet\/evm\/tx\/0x/);
  await state.page.waitForSelector('[data-view="tx"][data-ready]');
  assert.equal(await state.page.locator('[data-test="tx-hash"]').innerText(), state.transfer);
  // A block hash is looked up on every subnet too; a block number and an address open on the
  // subnet shown last.
  const search = async (q, url, view) => {
    await state.page.fill('input[type="search"]', q);
    await state.page.press('input[type="search"]', 'Enter');
    await state.page.waitForURL(url);
    await state.page.waitForSelector(`[data-view="${view}"][data-ready]`);
  };
  const block = await rpc(`${env.node.url}subnet/evm`, 'eth_getBlockByNumber', ['0x1', false]);
  await search(block.hash, /\/subnet\/evm\/block\/0x/, 'block');
  assert.match(await text(), /Transactions \(1\)/);
  await search('1', /\/subnet\/evm\/block\/1$/, 'block');
  await search(devWallet(1).address, /\/subnet\/evm\/address\/0x/, 'address');
  assert.match(await text(), /10,001\.5 ETH/);
});

t('a WASM contract page shows the module size and its exports; its transfer is named', { skip }, async () => {
  const provider = makeProvider(`${env.node.url}subnet/wasm`, 31338n);
  const owner = devWallet(0, provider);
  const token = await new ethers.ContractFactory(erc20Abi, erc20, owner).deploy(1000n);
  const created = await mined(token.deploymentTransaction());
  const address = created.contractAddress;
  const sent = await mined(new ethers.Contract(address, erc20Abi, owner).transfer(devWallet(1).address, 250n));
  await open(`/subnet/wasm/address/${address}`);
  const page = await text();
  assert.match(page, /WASM contract/);
  assert.match(page, /WASM module/);
  assert.match(page, /Exports \(\d+\)/);
  assert.match(page, /memory|function/);
  assert.match(await state.page.locator('[data-test="wasm-size"]').innerText(), /KB|bytes/);
  // Its recent transactions: the transfer sent to it and its own creation.
  await state.page.locator(`a[data-tx="${sent.hash}"]`).waitFor();
  await state.page.locator(`a[data-tx="${created.hash}"]`).waitFor();
  await shot('wasm-contract');
  await open(`/subnet/wasm/tx/${sent.hash}`);
  assert.match(await text(), /ERC-20 Transfer/);
  await shot('wasm-token-transfer');
  provider.destroy();
});

t('a Move account lists its module and opens a resource', { skip }, async () => {
  const provider = makeProvider(`${env.node.url}subnet/move`, 31339n);
  const owner = devWallet(0, provider);
  const publisher = owner.address.toLowerCase();
  await mined(owner.sendTransaction({ data: publishPayload([coin]) }));
  await mined(owner.sendTransaction({ to: kMoveRouter, data: entryCall(publisher, 'coin', 'register', []) }));
  await open(`/subnet/move/address/${owner.address}`);
  const page = await text();
  assert.match(page, /Modules \(1\)/);
  assert.match(page, new RegExp(`${publisher}::coin`));
  const resource = state.page.locator('a', { hasText: '::coin::Balance' });
  await resource.click();
  await state.page.waitForSelector('[data-view="resource"][data-ready]');
  const value = JSON.parse(await state.page.locator('[data-test="resource-json"]').innerText());
  assert.deepEqual(value, { value: '0' });
  await shot('move-resource');
  provider.destroy();
});

t('messages, blobs, unknown things and bad input get clear states', { skip }, async () => {
  await open('/messages');
  assert.match(await text(), /not yet on this network/);
  await open('/blobs');
  assert.match(await text(), /not yet on this network/);
  await open(`/subnet/evm/tx/0x${'00'.repeat(32)}`);
  assert.match(await text(), /knows no transaction/);
  await open('/subnet/evm/block/999999');
  assert.match(await text(), /has no block 999999 yet/);
  await open('/subnet/nope');
  assert.match(await text(), /No subnet named/);
  await open('/nowhere');
  assert.match(await text(), /has no page here/);
  await open('/search/hello');
  assert.match(await text(), /Search takes a block number/);
  await open(`/search/0x${'ab'.repeat(32)}`);
  assert.match(await text(), /No block or transaction/);
  await shot('not-found');
});

t('the node serves the built files only, with their content types', { skip }, async () => {
  const get = (file) => fetch(`${env.node.url}explorer/${file}`);
  assert.match((await get('app.js')).headers.get('content-type'), /^text\/javascript/);
  assert.match((await get('')).headers.get('content-type'), /^text\/html/);
  // The build directory's other files are not beside the bundle (nor served if they were).
  for (const file of ['CTestTestfile.cmake', 'cmake_install.cmake', '../plexus', 'nothing.js'])
    assert.equal((await get(file)).status, 404, file);
});

t('the page talked to its own node only and threw no errors', { skip }, async () => {
  const origin = new URL(env.node.url).host;
  const elsewhere = state.requests.filter((u) => new URL(u).host !== origin && !u.startsWith('data:'));
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(state.errors, []);
});
