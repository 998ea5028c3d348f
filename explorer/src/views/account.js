// An account or contract on one subnet: balance, nonce, its code by kind (EVM bytecode, a WASM
// module with its exports, Move modules and resources) and its recent transactions.
import { facts, h, link, notice, section, table } from '../dom.js';
import { amount, bytesOf, int, kb } from '../format.js';
import { hasMove, subnetNamed } from '../network_state.js';
import { href } from '../router.js';
import { batch, kRoot, maybe, RpcError, subnetPath } from '../rpc.js';
import { hexToBytes, isWasm, wasmExports } from '../wasm.js';
import { kTxHeaders, txRow } from './rows.js';

// No node keeps an index of an account's transactions, so the page looks through the latest
// blocks itself: this many, fetched this many per request.
const kScanBlocks = 256;
const kScanBatch = 64;
const kShownTxs = 25;

export async function accountView(root, [subnet, address]) {
  const endpoint = subnetPath(subnet);
  root.append(h('h1', {}, 'Account'), h('p', { class: 'crumbs' }, 'on subnet ', h('a', { href: href.subnet(subnet) }, subnet)));
  const [balance, nonce, code] = await batch(endpoint, [
    ['eth_getBalance', [address, 'latest']],
    ['eth_getTransactionCount', [address, 'latest']],
    ['eth_getCode', [address, 'latest']],
  ]);
  if (balance instanceof RpcError) throw balance;
  const plx = await maybe(kRoot, 'platform_getBalance', [address]);
  const kind = codeKind(code);
  root.append(
    section(
      'Overview',
      facts([
        ['Address', h('code', { class: 'wrap', 'data-test': 'address' }, address)],
        ['Kind', kind],
        ['Balance', amount(balance, 'ETH')],
        ['Nonce', String(int(nonce))],
        ['Primary network', plx ? amount(plx.balance, 'PLX') : undefined],
      ]),
    ),
  );
  if (typeof code === 'string' && bytesOf(code) > 0) root.append(codeSection(code));
  const record = await subnetNamed(subnet);
  if (hasMove(record)) root.append(await moveSection(subnet, address));
  root.append(await recentSection(subnet, endpoint, address));
}

function codeKind(code) {
  if (typeof code !== 'string' || bytesOf(code) === 0) return 'externally owned account (no code)';
  return isWasm(hexToBytes(code.slice(0, 18))) ? 'WASM contract' : 'EVM contract';
}

function codeSection(code) {
  const bytes = hexToBytes(code);
  if (!isWasm(bytes)) {
    return section('EVM bytecode', facts([['Size', kb(bytes.length)]]), h('details', {}, h('summary', {}, 'bytecode'), h('pre', { class: 'hex' }, code)));
  }
  const module = wasmExports(bytes);
  if (module.error) return section('WASM module', facts([['Size', kb(bytes.length)], ['Exports', module.error]]));
  return section(
    'WASM module',
    facts([
      ['Size', h('span', { 'data-test': 'wasm-size' }, kb(bytes.length))],
      ['Binary format version', String(module.version)],
      ['Sections', String(module.sections)],
    ]),
    h('h3', {}, `Exports (${module.exports.length})`),
    table(['Name', 'Kind'], module.exports.map((e) => [h('code', {}, e.name), e.kind]), 'The module exports nothing.'),
  );
}

async function moveSection(subnet, address) {
  const account = await maybe(kRoot, 'plexus_getMoveAccount', [address]);
  if (!account) return section('Move', notice('empty', 'This node cannot list Move modules and resources.'));
  return section(
    'Move',
    h('h3', {}, `Modules (${account.modules.length})`),
    table(['Module', 'Size'], account.modules.map((m) => [h('code', {}, `${address.toLowerCase()}::${m.name}`), kb(m.size)]), 'No modules published here.'),
    h('h3', {}, `Resources (${account.resources.length})`),
    table(['Type', 'Size'], account.resources.map((r) => [link(href.resource(subnet, address, r.type), r.type, { class: 'mono' }), kb(r.size)]), 'No resources held here.'),
  );
}

async function recentSection(subnet, endpoint, address) {
  const head = int(await maybe(endpoint, 'eth_blockNumber')) ?? 0;
  const wanted = address.toLowerCase();
  const found = [];
  let scanned = 0;
  for (let top = head; top >= 0 && scanned < kScanBlocks && found.length < kShownTxs; top -= kScanBatch) {
    const numbers = [];
    for (let n = top; n > top - kScanBatch && n >= 0; n--) numbers.push('0x' + n.toString(16));
    const blocks = await batch(endpoint, numbers.map((n) => ['eth_getBlockByNumber', [n, true]]));
    scanned += numbers.length;
    const creations = [];
    for (const block of blocks) {
      if (!block || block instanceof RpcError) continue;
      for (const tx of block.transactions) {
        if (tx.from?.toLowerCase() === wanted || tx.to?.toLowerCase() === wanted) found.push(tx);
        else if (!tx.to) creations.push(tx);
      }
    }
    // A contract's own creation names it only in its receipt.
    const receipts = await batch(endpoint, creations.map((tx) => ['eth_getTransactionReceipt', [tx.hash]]));
    creations.forEach((tx, i) => {
      if (receipts[i]?.contractAddress?.toLowerCase() === wanted) found.push(tx);
    });
  }
  found.sort((a, b) => int(b.blockNumber) - int(a.blockNumber) || int(b.transactionIndex) - int(a.transactionIndex));
  const shown = found.slice(0, kShownTxs);
  return section(
    'Recent transactions',
    h('p', { class: 'muted' }, `Sent or received in the latest ${scanned} blocks.`),
    table(kTxHeaders, shown.map((tx) => txRow(subnet, tx)), 'None in the latest blocks.'),
  );
}
