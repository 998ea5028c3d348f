// The tokenized-asset walk-through on the Move subnet: publish examples/rwa/cash.mvir and
// rwa_token.mvir, initialize the token, allow-list holders, issue, transfer, show a blocked transfer and a freeze with
// their abort reasons, force a transfer, pay a coupon, and show the verifier refusing the
// deliberately wrong modules. `runRwa` returns what happened; run.mjs prints it and
// tests/e2e/examples/rwa.test.mjs checks it.
import { bcs, ethers } from '../../tests/e2e/lib/deps.mjs';
import { devWallet, makeProvider, mined, revertReason } from '../../tests/e2e/lib/suite.mjs';
import { assembleMove } from '../../tests/e2e/lib/artifacts.mjs';
import { rpc } from '../../tests/e2e/lib/node.mjs';
import {
  Address32,
  argAddress,
  argU64,
  entryCall,
  kMoveRouter,
  publishPayload,
} from '../../tests/e2e/lib/move_bcs.mjs';

export const kMoveChainId = 31339n;
export const kModule = 'rwa_token';
export const kCap = 1_000_000n;

export const kUnsafe = ['unsafe_double_spend', 'unsafe_lost_funds'];

// {cash, token, unsafe: [{name, bytes}]} assembled with plexus-move, or null without it.
export function assembleRwaModules() {
  const cash = assembleMove('examples/rwa/cash.mvir');
  if (!cash) return null;
  return {
    cash,
    token: assembleMove('examples/rwa/rwa_token.mvir', [cash]),
    unsafe: kUnsafe.map((name) => ({ name, bytes: assembleMove(`examples/rwa/${name}.mvir`) })),
  };
}

// The modules' events (docs/MOVE_SUBNET.md: topic = keccak256 of the type tag, data = BCS).
const kEvents = {
  'cash::CashMoved': bcs.struct('CashMoved', { from: Address32, to: Address32, amount: bcs.u64() }),
  Transfer: bcs.struct('Transfer', { from: Address32, to: Address32, amount: bcs.u64() }),
  ForcedTransfer: bcs.struct('ForcedTransfer', {
    from: Address32,
    to: Address32,
    amount: bcs.u64(),
    by: Address32,
  }),
  AllowListed: bcs.struct('AllowListed', { account: Address32, allowed: bcs.bool() }),
  Frozen: bcs.struct('Frozen', { account: Address32, frozen: bcs.bool() }),
  CouponDeclared: bcs.struct('CouponDeclared', { per_unit: bcs.u64(), supply: bcs.u64() }),
  CouponPaid: bcs.struct('CouponPaid', { holder: Address32, amount: bcs.u64() }),
};

const hexAddress = (bytes) => ethers.getAddress(ethers.hexlify(Uint8Array.from(bytes).slice(12)));

// Decodes the module's events in a receipt to {name, ...fields} (addresses as 0x… checksummed,
// amounts as bigint).
export function decodeEvents(publisher, receipt) {
  const byTopic = new Map(
    Object.entries(kEvents).map(([name, type]) => [
      ethers.id(`${publisher}::${name.includes('::') ? name : `${kModule}::${name}`}`),
      { name, type },
    ]),
  );
  return receipt.logs
    .map((log) => {
      const known = byTopic.get(log.topics[0]);
      if (!known) return null;
      const fields = known.type.parse(ethers.getBytes(log.data));
      const out = { name: known.name };
      for (const [k, v] of Object.entries(fields)) {
        out[k] = Array.isArray(v) ? hexAddress(v) : typeof v === 'string' ? BigInt(v) : v;
      }
      return out;
    })
    .filter(Boolean);
}

// modules: from assembleRwaModules(); url: the node's base URL.
export async function runRwa({ url, modules, log = () => {} }) {
  const moveUrl = `${url}subnet/move`;
  const provider = makeProvider(moveUrl, kMoveChainId);
  const issuer = devWallet(0, provider);
  const officer = devWallet(1, provider);
  const alice = devWallet(2, provider);
  const bob = devWallet(3, provider);
  const mallory = devWallet(4, provider);
  const publisher = issuer.address.toLowerCase();
  const out = { steps: [], rejected: [], gas: {} };

  // `fn` is a function of rwa_token, or `cash::f`.
  const data = (fn, args = []) => {
    const [module, name] = fn.includes('::') ? fn.split('::') : [kModule, fn];
    return entryCall(publisher, module, name, args);
  };
  const send = async (wallet, fn, args = []) => {
    const receipt = await mined(wallet.sendTransaction({ to: kMoveRouter, data: data(fn, args) }));
    out.gas[fn] ??= receipt.gasUsed;
    return { receipt, events: decodeEvents(publisher, receipt) };
  };
  // A call that must abort: its reason from eth_call, then the mined transaction's status.
  const refused = async (wallet, fn, args = []) => {
    const reason = await revertReason(wallet.call({ to: kMoveRouter, data: data(fn, args) }));
    const receipt = await mined(
      wallet.sendTransaction({ to: kMoveRouter, data: data(fn, args), gasLimit: 500_000 }),
      { allowFailure: true },
    );
    return { reason, status: receipt.status, logs: receipt.logs.length };
  };
  const resource = async (owner, name, module = kModule) => {
    const r = await rpc(moveUrl, 'plexus_getMoveResource', [owner, `${publisher}::${module}::${name}`]);
    return r && r.json;
  };
  const step = (what, detail) => {
    out.steps.push({ what, ...detail });
    log(what, detail);
  };

  const published = await mined(
    issuer.sendTransaction({ data: publishPayload([modules.cash, modules.token]) }),
  );
  out.gas.publish = published.gasUsed;
  step('published cash and rwa_token', { gas: published.gasUsed });

  // The cash: the issuer holds 2,000,000 to pay coupons with; holders open wallets.
  for (const w of [issuer, alice, bob]) await send(w, 'cash::open');
  await send(issuer, 'cash::mint', [argAddress(issuer.address), argU64(2_000_000n)]);

  await send(issuer, 'initialize', [argAddress(officer.address), argU64(kCap)]);
  step('initialized', { compliance: officer.address, cap: kCap });

  for (const w of [alice, bob, mallory]) await send(w, 'open');
  for (const w of [alice, bob]) {
    const { events } = await send(officer, 'set_allowed', [
      argAddress(w.address),
      Uint8Array.of(1),
    ]);
    step('allow-listed', { account: w.address, events });
  }
  out.notOfficer = await refused(alice, 'set_allowed', [argAddress(alice.address), Uint8Array.of(1)]);
  step('alice cannot allow-list herself', out.notOfficer);

  out.issue = await send(issuer, 'issue', [argAddress(alice.address), argU64(600_000n)]);
  step('issued 600000 to alice', { events: out.issue.events });
  out.overCap = await refused(issuer, 'issue', [argAddress(bob.address), argU64(400_001n)]);
  step('issuing past the cap', out.overCap);

  out.transfer = await send(alice, 'transfer', [argAddress(bob.address), argU64(100_000n)]);
  step('alice sent 100000 to bob', { events: out.transfer.events });
  out.blocked = await refused(alice, 'transfer', [argAddress(mallory.address), argU64(1n)]);
  step('alice -> mallory (not allow-listed)', out.blocked);

  out.couponTooBig = await refused(issuer, 'declare_coupon', [argU64(4n)]);
  step('a coupon of 4 per unit: 2400000 is more cash than the issuer has', out.couponTooBig);
  out.coupon = await send(issuer, 'declare_coupon', [argU64(3n)]);
  step('coupon of 3 per unit declared, 1800000 cash moved into the fund', {
    events: out.coupon.events,
  });

  out.freeze = await send(officer, 'set_frozen', [argAddress(bob.address), Uint8Array.of(1)]);
  step('bob frozen', { events: out.freeze.events });
  out.frozenSend = await refused(bob, 'transfer', [argAddress(alice.address), argU64(1n)]);
  step('bob -> alice while frozen', out.frozenSend);
  out.frozenReceive = await refused(alice, 'transfer', [argAddress(bob.address), argU64(1n)]);
  step('alice -> bob while bob is frozen', out.frozenReceive);

  out.forced = await send(issuer, 'force_transfer', [
    argAddress(bob.address),
    argAddress(alice.address),
    argU64(50_000n),
  ]);
  step('issuer forced 50000 from bob to alice', { events: out.forced.events });

  out.claimAlice = await send(alice, 'claim_coupon');
  out.claimBob = await send(bob, 'claim_coupon');
  step('coupons claimed', { events: [...out.claimAlice.events, ...out.claimBob.events] });
  out.claimAgain = await refused(alice, 'claim_coupon');
  step('claiming again', out.claimAgain);

  out.holdings = {};
  for (const [name, w] of Object.entries({ alice, bob, mallory }))
    out.holdings[name] = await resource(w.address, 'Holding');
  out.registry = await resource(issuer.address, 'Registry');
  out.cash = {};
  for (const [name, w] of Object.entries({ issuer, alice, bob }))
    out.cash[name] = (await resource(w.address, 'Wallet', 'cash')).coin.value;
  step('final state', { holdings: out.holdings, registry: out.registry, cash: out.cash });

  // The deliberately wrong modules: the verifier refuses them at publication.
  for (const { name, bytes } of modules.unsafe) {
    const payload = publishPayload([bytes]);
    let error = '';
    try {
      await rpc(moveUrl, 'eth_call', [{ from: issuer.address, data: payload }, 'latest']);
    } catch (e) {
      error = e.rpcError?.message ?? e.message;
    }
    const receipt = await mined(issuer.sendTransaction({ data: payload, gasLimit: 3_000_000 }), {
      allowFailure: true,
    });
    const code = await rpc(moveUrl, 'plexus_getMoveAccount', [issuer.address]).catch(() => null);
    out.rejected.push({ name, error, status: receipt.status, account: code });
    step(`publishing ${name}`, { error, status: receipt.status });
  }
  provider.destroy();
  return out;
}
