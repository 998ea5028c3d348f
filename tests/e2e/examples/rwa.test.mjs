// examples/rwa: the regulated token on the Move subnet, end to end (the walk-through of
// examples/rwa/walkthrough.mjs against a fresh `plexus dev`), and the verifier refusing the
// deliberately wrong modules with their reasons.
import assert from 'node:assert/strict';
import { devWallet, nodeSuite } from '../lib/suite.mjs';
import { skipReason } from '../lib/artifacts.mjs';
import { rpc } from '../lib/node.mjs';
import { assembleRwaModules, kCap, runRwa } from '../../../examples/rwa/walkthrough.mjs';

const env = nodeSuite();
const t = env.test;
const modules = assembleRwaModules();
const skip = modules ? false : skipReason('plexus-move (to assemble examples/rwa/*.mvir)');
let run;

t('the walk-through runs on a fresh dev network', { skip }, async () => {
  run = await runRwa({ url: env.node.url, modules });
  assert.ok(run.gas.publish > 0n);
});

t('issuing emits Transfer from 0x0 and counts against the cap', { skip }, async () => {
  const [minted] = run.issue.events;
  assert.equal(minted.name, 'Transfer');
  assert.equal(BigInt(minted.from), 0n);
  assert.equal(minted.amount, 600_000n);
  assert.match(run.overCap.reason, /^Move abort 0x[0-9a-f]+::rwa_token::issue code 8$/);
  assert.equal(run.overCap.status, 0);
  assert.equal(run.registry.cap, kCap.toString());
  assert.equal(run.registry.supply, '600000');
});

t('only the compliance officer keeps the allow-list', { skip }, async () => {
  assert.match(run.notOfficer.reason, /::rwa_token::compliance_only code 2$/);
  assert.equal(run.notOfficer.status, 0);
});

t('a transfer to an account off the allow-list is refused with its reason', { skip }, async () => {
  assert.match(run.blocked.reason, /::rwa_token::check_can_receive code 5$/);
  assert.equal(run.blocked.status, 0);
  assert.equal(run.blocked.logs, 0);
  assert.equal(run.holdings.mallory.balance, '0');
  assert.equal(run.holdings.mallory.allowed, false);
});

t('a frozen account neither sends nor receives; the issuer still forces a transfer', { skip }, async () => {
  assert.deepEqual(run.freeze.events.map((e) => [e.name, e.frozen]), [['Frozen', true]]);
  assert.match(run.frozenSend.reason, /::rwa_token::transfer code 6$/);
  assert.match(run.frozenReceive.reason, /::rwa_token::check_can_receive code 6$/);
  const [forced] = run.forced.events;
  assert.equal(forced.name, 'ForcedTransfer');
  assert.equal(forced.amount, 50_000n);
  assert.equal(run.holdings.bob.frozen, true);
  assert.equal(run.holdings.bob.balance, '50000');
  assert.equal(run.holdings.alice.balance, '550000');
});

t('coupons accrue on the units held when declared and are paid once, in cash', { skip }, async () => {
  // Declaring moves per_unit x supply into the fund, so a coupon the issuer cannot pay aborts.
  assert.match(run.couponTooBig.reason, /::cash::split code 3$/);
  assert.deepEqual(
    run.coupon.events.map((e) => [e.name, e.amount ?? e.per_unit]),
    [['cash::CashMoved', 1_800_000n], ['CouponDeclared', 3n]],
  );
  // 3 per unit on alice's 500000 and bob's 100000 at declaration; the forced transfer after it
  // moves no coupon.
  const paid = (events) => events.map((e) => [e.name, e.amount]);
  assert.deepEqual(paid(run.claimAlice.events), [
    ['cash::CashMoved', 1_500_000n],
    ['CouponPaid', 1_500_000n],
  ]);
  assert.deepEqual(paid(run.claimBob.events), [
    ['cash::CashMoved', 300_000n],
    ['CouponPaid', 300_000n],
  ]);
  assert.match(run.claimAgain.reason, /::rwa_token::claim_coupon code 9$/);
  assert.equal(run.holdings.alice.coupon_paid, '1500000');
  assert.equal(run.holdings.alice.coupon_due, '0');
  assert.deepEqual(run.cash, { issuer: '200000', alice: '1500000', bob: '300000' });
  assert.equal(run.registry.fund.value, '0', 'the fund paid out exactly what was declared');
});

t('the verifier refuses the double-spend and the lost-funds modules', { skip }, async () => {
  const [copy, drop] = run.rejected;
  assert.match(copy.error, /COPYLOC_WITHOUT_COPY_ABILITY/);
  assert.match(drop.error, /POP_WITHOUT_DROP_ABILITY/);
  for (const r of run.rejected) assert.equal(r.status, 0, `${r.name} must not publish`);
  const account = await rpc(`${env.node.url}subnet/move`, 'plexus_getMoveAccount', [
    devWallet(0).address,
  ]);
  assert.deepEqual(account.modules.map((m) => m.name).sort(), ['cash', 'rwa_token']);
});
