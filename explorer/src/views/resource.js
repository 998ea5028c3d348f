// One Move resource: its value rendered by its struct layout, and its BCS bytes.
import { facts, h, notice, section } from '../dom.js';
import { bytesOf, kb } from '../format.js';
import { href } from '../router.js';
import { call, kRoot } from '../rpc.js';
import { addressLink } from './rows.js';

export async function resourceView(root, [subnet, address, type]) {
  root.append(h('h1', {}, 'Move resource'), h('p', { class: 'crumbs' }, 'on subnet ', h('a', { href: href.subnet(subnet) }, subnet)));
  const resource = await call(kRoot, 'plexus_getMoveResource', [address, type]);
  if (!resource) {
    root.append(notice('empty', `${address} holds no ${type}.`));
    return;
  }
  root.append(
    section(
      resource.type,
      facts([
        ['Owner', addressLink(subnet, address)],
        ['Type', h('code', { class: 'wrap' }, resource.type)],
        ['Size', kb(bytesOf(resource.bcs))],
      ]),
      h('h3', {}, 'Value'),
      h('pre', { class: 'json', 'data-test': 'resource-json' }, JSON.stringify(resource.json, null, 2)),
      h('details', {}, h('summary', {}, 'BCS bytes'), h('pre', { class: 'hex' }, resource.bcs)),
    ),
  );
}
