// Cross-subnet messages and data-availability blobs: a node answers these once the features
// land; until then the page says so plainly instead of showing an empty list.
import { h, notice, section } from '../dom.js';

const kText = {
  messages: {
    title: 'Cross-subnet messages',
    body: 'Messages between subnets, with their status (sent, delivered, executed), are not yet on this network: its nodes do not relay them yet.',
  },
  blobs: {
    title: 'Blobs',
    body: 'Data blobs with their namespace are not yet on this network: its nodes do not accept blob transactions yet.',
  },
};

export async function dataView(root, _args, kind) {
  const text = kText[kind];
  root.append(h('h1', {}, text.title), section('Not yet on this network', notice('empty', text.body)));
}
