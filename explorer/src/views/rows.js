// Table rows and links shared by the subnet, block and account views.
import { h, link } from '../dom.js';
import { ago, amount, int, short } from '../format.js';
import { href } from '../router.js';

export function addressLink(subnet, address) {
  if (!address) return h('span', { class: 'muted' }, '—');
  return link(href.address(subnet, address), short(address, 6), { title: address, class: 'mono' });
}

export function txLink(subnet, hash) {
  return link(href.tx(subnet, hash), short(hash, 8), { title: hash, class: 'mono', 'data-tx': hash });
}

export function blockLink(subnet, number) {
  const n = typeof number === 'string' ? int(number) : number;
  return link(href.block(subnet, n), String(n));
}

export function finality(number, finalized) {
  if (finalized === undefined) return h('span', { class: 'muted' }, 'unknown');
  return number <= finalized
    ? h('span', { class: 'badge ok' }, 'final')
    : h('span', { class: 'badge wait' }, 'not final');
}

export const kTxHeaders = ['Transaction', 'Block', 'From', 'To', 'Value'];

export function txRow(subnet, tx) {
  return [
    txLink(subnet, tx.hash),
    blockLink(subnet, tx.blockNumber),
    addressLink(subnet, tx.from),
    tx.to ? addressLink(subnet, tx.to) : h('span', { class: 'muted' }, 'contract creation'),
    amount(tx.value, 'ETH'),
  ];
}

export const kBlockHeaders = ['Block', 'Hash', 'Age', 'Transactions', 'Gas used', 'Finality'];

export function blockRow(subnet, block, finalized) {
  const n = int(block.number);
  return [
    blockLink(subnet, n),
    h('code', { title: block.hash }, short(block.hash, 6)),
    ago(block.timestamp),
    String(block.transactions?.length ?? 0),
    int(block.gasUsed).toLocaleString('en-US'),
    finality(n, finalized),
  ];
}
