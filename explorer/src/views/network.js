// The primary network: its height, its validators (stake, staking period, uptime) and every
// subnet with its VM, engine, chain id, validator count and head.
import { facts, h, link, section, table } from '../dom.js';
import { amount, int, percent, short, time } from '../format.js';
import { href } from '../router.js';
import { batch, kRoot, RpcError } from '../rpc.js';

const kRefreshMs = 5000;

export async function networkView(root) {
  const body = h('div');
  root.append(h('h1', {}, 'Network'), body);
  const refresh = async () => body.replaceChildren(...(await render()));
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), kRefreshMs);
  return () => clearInterval(timer);
}

async function render() {
  const [height, validators, weights, subnets] = await batch(kRoot, [
    ['platform_getHeight'],
    ['plexus_getValidators'],
    ['platform_getValidators', ['primary']],
    ['plexus_subnets'],
  ]);
  if (subnets instanceof RpcError) throw subnets;
  const parts = [];
  parts.push(
    section(
      'Primary network',
      height instanceof RpcError
        ? h('p', { class: 'empty' }, 'The platform height is not available from this node.')
        : facts([
            ['Height', h('span', { 'data-test': 'primary-height' }, String(int(height.height)))],
            ['Network id', String(int(height.networkId))],
            ['Last block', time(height.timestamp)],
            ['Block hash', h('code', {}, short(height.hash, 10))],
            ['Pooled operations', String(height.pooled)],
          ]),
    ),
  );
  parts.push(section('Validators', validatorTable(validators, weights)));
  parts.push(section('Subnets', subnetTable(subnets)));
  return parts;
}

function validatorTable(validators, weights) {
  if (validators instanceof RpcError) return h('p', { class: 'empty' }, validators.message);
  const bls = new Map(
    (weights instanceof RpcError ? [] : weights).map((w) => [w.nodeId.toLowerCase(), w.blsKey]),
  );
  const rows = validators.map((v) => {
    const up = v.uptime;
    const observed = up ? int(up.observed) : 0;
    return [
      h('code', { title: v.nodeId }, short(v.nodeId, 6)),
      amount(v.stake, 'PLX'),
      v.delegated ? amount(v.delegated, 'PLX') : '—',
      v.startTime === undefined ? '—' : `${time(v.startTime)} → ${v.endTime ? time(v.endTime) : 'no end'}`,
      observed === 0 ? 'not observed yet' : `${percent(int(up.signed), observed)} (${int(up.signed)}/${observed})`,
      bls.has(v.nodeId.toLowerCase()) ? h('code', {}, short(bls.get(v.nodeId.toLowerCase()), 6)) : '—',
    ];
  });
  return table(['Node id', 'Stake', 'Delegated', 'Staking period', 'Uptime', 'BLS key'], rows, 'No validators.');
}

function subnetTable(subnets) {
  const rows = subnets.map((s) => [
    link(href.subnet(s.name), s.name, { 'data-test': `subnet-${s.name}` }),
    (s.vms ?? [s.vm]).join(', '),
    s.consensus,
    String(int(s.chainId)),
    String(s.validators?.length ?? 0),
    s.running ? link(href.block(s.name, int(s.headNumber)), String(int(s.headNumber))) : h('span', { class: 'muted' }, s.status ?? 'not running here'),
  ]);
  return table(['Subnet', 'VM', 'Consensus', 'Chain id', 'Validators', 'Head'], rows, 'No subnets registered.');
}
