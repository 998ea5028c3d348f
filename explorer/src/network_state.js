// What every view needs to know about the network: its subnets (plexus_subnets), fetched once
// per view change so heads and new subnets show up.
import { call, kRoot } from './rpc.js';

let cached;

export async function subnets({ fresh = false } = {}) {
  if (!cached || fresh) cached = await call(kRoot, 'plexus_subnets');
  return cached;
}

export async function subnetNamed(name) {
  const all = await subnets();
  return all.find((s) => s.name === name);
}

// The subnet a search or a bare address refers to when none is named: the one shown last, or
// the first running one.
let lastSubnet;
export function rememberSubnet(name) {
  lastSubnet = name;
}
export async function defaultSubnet() {
  const all = await subnets();
  const running = all.filter((s) => s.running);
  return running.find((s) => s.name === lastSubnet)?.name ?? running[0]?.name;
}

export function hasMove(subnet) {
  return (subnet?.vms ?? []).includes('move');
}
