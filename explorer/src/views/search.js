// Search by block number, block hash, transaction hash or address. A hash is looked up on every
// running subnet (hashes do not say which subnet they belong to); a number or an address opens
// on the subnet viewed last.
import { h, link, notice, section } from '../dom.js';
import { isAddress, isBlockNumber, isHash } from '../format.js';
import { defaultSubnet, subnets } from '../network_state.js';
import { href } from '../router.js';
import { batch, RpcError, subnetPath } from '../rpc.js';

export async function searchView(root, [raw]) {
  const q = raw.trim();
  root.append(h('h1', {}, 'Search'), h('p', { class: 'crumbs' }, h('code', {}, q)));
  const target = await resolve(q);
  if (target.href) {
    location.replace(target.href);
    return;
  }
  root.append(notice(target.error ? 'error' : 'empty', target.message));
  if (target.others?.length) root.append(section('Matches', h('ul', {}, target.others.map(([text, to]) => h('li', {}, link(to, text))))));
}

async function resolve(q) {
  const subnet = await defaultSubnet();
  if (!subnet) return { error: true, message: 'This node runs no subnet to search.' };
  if (isBlockNumber(q)) return { href: href.block(subnet, BigInt(q).toString()) };
  if (isAddress(q)) return { href: href.address(subnet, q) };
  if (!isHash(q)) {
    return { message: 'Search takes a block number, a block hash, a transaction hash (0x and 64 hex digits) or an address (0x and 40 hex digits).' };
  }
  const running = (await subnets()).filter((s) => s.running);
  const found = [];
  await Promise.all(
    running.map(async (s) => {
      const [tx, block] = await batch(subnetPath(s.name), [
        ['eth_getTransactionByHash', [q]],
        ['eth_getBlockByHash', [q, false]],
      ]).catch(() => [undefined, undefined]);
      if (tx && !(tx instanceof RpcError)) found.push([`transaction on ${s.name}`, href.tx(s.name, q)]);
      if (block && !(block instanceof RpcError)) found.push([`block on ${s.name}`, href.block(s.name, q)]);
    }),
  );
  if (found.length === 1) return { href: found[0][1] };
  if (found.length > 1) return { message: 'This hash names more than one thing:', others: found };
  return { message: `No block or transaction ${q} on any subnet this node runs (${running.map((s) => s.name).join(', ')}).` };
}
