// One transaction: what it did, its receipt, and its logs with ERC-20/721 events named.
import { facts, h, notice, section } from '../dom.js';
import { amount, bytesOf, int, kb, time } from '../format.js';
import { decodeAbiString, decodeLog, kDecimalsCall, kSymbolCall } from '../logs.js';
import { href } from '../router.js';
import { batch, kRoot, maybe, RpcError, subnetPath } from '../rpc.js';
import { finalitySection, statusBadge } from './block.js';
import { addressLink, blockLink } from './rows.js';
import { finalizedNumber } from './subnet.js';

const kTypes = { '0x0': 'legacy', '0x1': 'EIP-2930', '0x2': 'EIP-1559', '0x3': 'blob' };

export async function txView(root, [subnet, hash]) {
  const endpoint = subnetPath(subnet);
  root.append(h('h1', {}, 'Transaction'), h('p', { class: 'crumbs' }, 'on subnet ', h('a', { href: href.subnet(subnet) }, subnet)));
  const [tx, receipt] = await batch(endpoint, [
    ['eth_getTransactionByHash', [hash]],
    ['eth_getTransactionReceipt', [hash]],
  ]);
  if (tx instanceof RpcError) throw tx;
  if (!tx) {
    root.append(notice('empty', `Subnet ${subnet} knows no transaction ${hash}. It may be on another subnet: search for it from the box above.`));
    return;
  }
  const ok = receipt && !(receipt instanceof RpcError);
  const block = tx.blockNumber ? await maybe(endpoint, 'eth_getBlockByNumber', [tx.blockNumber, false]) : undefined;
  root.append(
    section(
      'Overview',
      facts([
        ['Hash', h('code', { class: 'wrap', 'data-test': 'tx-hash' }, tx.hash)],
        ['Status', ok ? statusBadge(receipt.status) : h('span', { class: 'badge wait' }, 'pending')],
        ['Block', tx.blockNumber ? blockLink(subnet, tx.blockNumber) : 'not in a block yet'],
        ['Time', block ? time(block.timestamp) : undefined],
        ['From', addressLink(subnet, tx.from)],
        ['To', tx.to ? addressLink(subnet, tx.to) : ok && receipt.contractAddress ? h('span', {}, 'created ', addressLink(subnet, receipt.contractAddress)) : 'contract creation'],
        ['Value', amount(tx.value, 'ETH')],
        ['Nonce', String(int(tx.nonce))],
        ['Type', kTypes[tx.type] ?? tx.type],
        ['Gas', ok ? `${int(receipt.gasUsed).toLocaleString('en-US')} used of ${int(tx.gas).toLocaleString('en-US')}` : `limit ${int(tx.gas).toLocaleString('en-US')}`],
        ['Gas price', ok && receipt.effectiveGasPrice ? amount(receipt.effectiveGasPrice, 'gwei', 9) : undefined],
        ['Fee', ok && receipt.effectiveGasPrice ? amount('0x' + (BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice)).toString(16), 'ETH') : undefined],
        ['Input', inputData(tx.input)],
      ]),
    ),
  );
  if (tx.blockNumber) root.append(finalitySection(int(tx.blockNumber), await finalizedNumber(endpoint), await maybe(kRoot, 'plexus_getFinalityCertificate', [subnet, tx.blockNumber])));
  if (ok) root.append(await logsSection(subnet, endpoint, receipt.logs ?? []));
}

function inputData(input) {
  const n = bytesOf(input);
  if (n === 0) return h('span', { class: 'muted' }, 'none');
  return h('details', {}, h('summary', {}, `${kb(n)}${n >= 4 ? `, selector ${input.slice(0, 10)}` : ''}`), h('pre', { class: 'hex' }, input));
}

async function logsSection(subnet, endpoint, logs) {
  const decoded = logs.map((log) => ({ log, event: decodeLog(log) }));
  const tokens = [...new Set(decoded.filter((d) => d.event?.standard === 'ERC-20').map((d) => d.log.address))];
  const info = await tokenInfo(endpoint, tokens);
  const items = decoded.map(({ log, event }) =>
    h(
      'li',
      { class: 'log' },
      h('div', {}, h('strong', {}, event ? `${event.standard} ${event.event}` : 'Log'), ' from ', addressLink(subnet, log.address), info.get(log.address)?.symbol ? ` (${info.get(log.address).symbol})` : ''),
      event ? facts(event.fields.map(([name, value, kind]) => [name, field(subnet, value, kind, info.get(log.address))])) : undefined,
      h('details', {}, h('summary', {}, 'raw topics and data'), h('pre', { class: 'hex' }, [...log.topics, log.data].join('\n'))),
    ),
  );
  return section(`Logs (${logs.length})`, items.length ? h('ol', { class: 'logs' }, items) : h('p', { class: 'empty' }, 'This transaction emitted no logs.'));
}

function field(subnet, value, kind, token) {
  if (kind === 'address') return addressLink(subnet, value);
  if (kind === 'amount') return token?.decimals !== undefined ? amount('0x' + value.toString(16), token.symbol ?? '', token.decimals) : value.toString();
  if (kind === 'token') return `#${value.toString()}`;
  return String(value);
}

// symbol() and decimals() of ERC-20 contracts, so amounts read as tokens; a contract that does
// not answer them keeps raw amounts.
async function tokenInfo(endpoint, addresses) {
  const out = new Map();
  if (addresses.length === 0) return out;
  const calls = addresses.flatMap((to) => [
    ['eth_call', [{ to, data: kSymbolCall }, 'latest']],
    ['eth_call', [{ to, data: kDecimalsCall }, 'latest']],
  ]);
  const results = await batch(endpoint, calls).catch(() => []);
  addresses.forEach((address, i) => {
    const symbol = results[2 * i];
    const decimals = results[2 * i + 1];
    out.set(address, {
      symbol: typeof symbol === 'string' ? decodeAbiString(symbol) : undefined,
      decimals: typeof decimals === 'string' && decimals.length === 66 ? Number(BigInt(decimals) & 0xffn) : undefined,
    });
  });
  return out;
}


