// One block: its header, finality (with the certificate's signers when the engine makes
// certificates) and its transactions with their receipts' status.
import { facts, h, notice, section, table } from '../dom.js';
import { amount, int, isHash, short, time } from '../format.js';
import { href } from '../router.js';
import { call, maybe, kRoot, subnetPath } from '../rpc.js';
import { addressLink, blockLink, finality, txLink } from './rows.js';
import { finalizedNumber } from './subnet.js';

export async function blockView(root, [subnet, id]) {
  const endpoint = subnetPath(subnet);
  root.append(h('h1', {}, `Block ${isHash(id) ? short(id, 8) : id}`), h('p', { class: 'crumbs' }, 'on subnet ', h('a', { href: href.subnet(subnet) }, subnet)));
  const block = isHash(id)
    ? await call(endpoint, 'eth_getBlockByHash', [id, true])
    : await call(endpoint, 'eth_getBlockByNumber', [toQuantity(id), true]);
  if (!block) {
    root.append(notice('empty', `Subnet ${subnet} has no block ${id} yet.`));
    return;
  }
  const number = int(block.number);
  const [receipts, finalized, certificate] = await Promise.all([
    maybe(endpoint, 'eth_getBlockReceipts', [block.number]),
    finalizedNumber(endpoint),
    maybe(kRoot, 'plexus_getFinalityCertificate', [subnet, block.number]),
  ]);
  root.append(
    section(
      'Header',
      facts([
        ['Number', String(number)],
        ['Hash', h('code', { class: 'wrap' }, block.hash)],
        ['Parent', number > 0 ? blockLink(subnet, number - 1) : 'genesis'],
        ['Time', time(block.timestamp)],
        ['Proposer', addressLink(subnet, block.miner)],
        ['Gas used', `${int(block.gasUsed).toLocaleString('en-US')} of ${int(block.gasLimit).toLocaleString('en-US')}`],
        ['Base fee', block.baseFeePerGas ? amount(block.baseFeePerGas, 'gwei', 9) : undefined],
        ['State root', h('code', { class: 'wrap' }, block.stateRoot)],
        ['Size', block.size ? `${int(block.size)} bytes` : undefined],
      ]),
    ),
    finalitySection(number, finalized, certificate),
  );
  const status = new Map((receipts ?? []).map((r) => [r.transactionHash, r]));
  const rows = block.transactions.map((tx) => {
    const r = status.get(tx.hash);
    return [
      txLink(subnet, tx.hash),
      addressLink(subnet, tx.from),
      tx.to ? addressLink(subnet, tx.to) : h('span', { class: 'muted' }, 'contract creation'),
      amount(tx.value, 'ETH'),
      r ? int(r.gasUsed).toLocaleString('en-US') : '—',
      r ? statusBadge(r.status) : '—',
    ];
  });
  root.append(section(`Transactions (${rows.length})`, table(['Transaction', 'From', 'To', 'Value', 'Gas used', 'Status'], rows, 'No transactions in this block.')));
}

export function statusBadge(status) {
  return int(status) === 1 ? h('span', { class: 'badge ok' }, 'success') : h('span', { class: 'badge bad' }, 'failed');
}

export function finalitySection(number, finalized, certificate) {
  const rows = [['Status', finality(number, finalized)]];
  if (finalized !== undefined) rows.push(['Last final block', String(finalized)]);
  if (certificate) {
    rows.push(
      ['Certified by block', String(int(certificate.certifiedHeight))],
      ['Epoch, round', `${int(certificate.epoch)}, ${int(certificate.round)}`],
      ['Validator set of platform height', String(int(certificate.platformHeight))],
      ['Signers', h('ul', { class: 'plain' }, (certificate.signers ?? []).map((s) => h('li', {}, h('code', {}, s))))],
    );
  } else {
    rows.push(['Certificate', h('span', { class: 'muted' }, 'none: this engine makes no certificates, or the block is not final yet')]);
  }
  return section('Finality', facts(rows));
}

function toQuantity(id) {
  return id.startsWith('0x') ? id : '0x' + BigInt(id).toString(16);
}
