// The rollup's walkthrough, shared by run.mjs and the e2e test: three rollup blocks posted as
// blobs (one next to a stranger's garbage blob in the same namespace), then the state rebuilt
// from the data layer alone and compared with the sequencer's.
import { Sequencer, plexusCli, rebuild } from './rollup.mjs';

export const kNamespace = 'rollup-1';

export function runRollup({ bin, rpc, keyFile, log = () => {} }) {
  const cli = plexusCli({ bin, rpc });
  const sequencer = new Sequencer({ cli, namespace: kNamespace, keyFile });
  const first = sequencer.post([{ from: 'alice', to: 'bob', amount: 300 }]);
  log(`rollup block 1 at platform height ${first.landed.height}: ${first.landed.ids[0]}`);
  // Someone else writes to the namespace: the rollup's rules skip it.
  cli.submit(kNamespace, 'not a rollup block', keyFile);
  sequencer.post([{ from: 'bob', to: 'carol', amount: 100 }, { from: 'carol', to: 'alice', amount: 5000 }]);
  const last = sequencer.post([{ from: 'alice', to: 'carol', amount: 50 }]);
  log(`rollup block 3 at platform height ${last.landed.height}`);
  const rebuilt = rebuild({ cli, namespace: kNamespace, from: sequencer.posted[0], to: sequencer.posted.at(-1) });
  log(`rebuilt from DA: ${JSON.stringify(rebuilt.balances)}, skipped ${rebuilt.skipped.length}`);
  return { sequencer: sequencer.balances, head: sequencer.head, rebuilt, posted: sequencer.posted };
}
