// One subnet: its record, the latest blocks and transactions (live over the node's WebSocket),
// finality, and its governance proposals.
import { facts, h, notice, replace, section, table } from '../dom.js';
import { int } from '../format.js';
import { subnetNamed } from '../network_state.js';
import { batch, call, maybe, RpcError, subnetPath, subscribeHeads } from '../rpc.js';
import { proposalsSection } from './proposals.js';
import { blockRow, kBlockHeaders, kTxHeaders, txRow } from './rows.js';

const kBlocks = 12;
const kTxs = 20;

export async function subnetView(root, [name]) {
  const subnet = await subnetNamed(name);
  if (!subnet) {
    root.append(h('h1', {}, `Subnet ${name}`), notice('error', `No subnet named “${name}” is registered on this network.`));
    return undefined;
  }
  root.append(h('h1', {}, `Subnet ${name}`));
  root.append(
    section(
      'Overview',
      facts([
        ['VM', (subnet.vms ?? [subnet.vm]).join(', ')],
        ['Consensus', subnet.consensus],
        ['Chain id', String(int(subnet.chainId))],
        ['Validators', String(subnet.validators?.length ?? 0)],
        ['Endpoint', h('code', {}, subnet.endpoint)],
      ]),
    ),
  );
  if (!subnet.running) {
    root.append(notice('info', `This node does not run the ${name} subnet (${subnet.status ?? 'not running'}); ask a node that does.`));
    root.append(await proposalsSection(name));
    return undefined;
  }
  const endpoint = subnetPath(name);
  const state = { blocks: [], txs: [], finalized: undefined };
  const status = h('span', { class: 'live', 'data-test': 'live' }, 'connecting…');
  const blocksBox = h('div');
  const txsBox = h('div');
  root.append(
    section(h('span', {}, 'Latest blocks ', status), blocksBox),
    section('Latest transactions', txsBox),
    await proposalsSection(name),
  );
  const draw = () => {
    replace(blocksBox, table(kBlockHeaders, state.blocks.map((b) => blockRow(name, b, state.finalized)), 'No blocks yet.'));
    replace(txsBox, table(kTxHeaders, state.txs.map((t) => txRow(name, t)), 'No transactions in the latest blocks.'));
  };

  const head = int(await call(endpoint, 'eth_blockNumber'));
  const numbers = [];
  for (let n = head; n >= 0 && numbers.length < kBlocks; n--) numbers.push(n);
  const blocks = await batch(endpoint, numbers.map((n) => ['eth_getBlockByNumber', ['0x' + n.toString(16), true]]));
  state.blocks = blocks.filter((b) => b && !(b instanceof RpcError));
  state.txs = state.blocks.flatMap((b) => b.transactions).slice(0, kTxs);
  state.finalized = await finalizedNumber(endpoint);
  draw();

  // Heads are taken in order, and each brings every block after the newest shown, so a block
  // made between the first fetch and the subscription (or while reconnecting) is not skipped.
  let queue = Promise.resolve();
  const onHead = (header) => {
    queue = queue.then(async () => {
      const newest = state.blocks.length ? int(state.blocks[0].number) : -1;
      const top = int(header.number);
      const numbers = [];
      for (let n = top; n > newest && numbers.length < kBlocks; n--) numbers.push('0x' + n.toString(16));
      if (numbers.length === 0) return;
      const fresh = (await batch(endpoint, numbers.map((n) => ['eth_getBlockByNumber', [n, true]]))).filter((b) => b && !(b instanceof RpcError));
      state.blocks = [...fresh, ...state.blocks].slice(0, kBlocks);
      state.txs = [...fresh.flatMap((b) => b.transactions), ...state.txs].slice(0, kTxs);
      state.finalized = (await finalizedNumber(endpoint)) ?? state.finalized;
      draw();
    }).catch(() => {});
  };
  return subscribeHeads(endpoint, onHead, (s) => {
    status.textContent = s === 'live' ? '● live' : 'reconnecting…';
    status.className = `live is-${s}`;
  });
}

// The engine's last final block: "finalized" names it on every engine (the dev engine's head,
// bft's last certified block).
export async function finalizedNumber(endpoint) {
  const block = await maybe(endpoint, 'eth_getBlockByNumber', ['finalized', false]);
  return block ? int(block.number) : undefined;
}
