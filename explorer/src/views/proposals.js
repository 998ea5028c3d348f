// A subnet's governance proposals (platform_getProposal), newest first.
import { h, section, table } from '../dom.js';
import { int, time } from '../format.js';
import { batch, kRoot, maybe, RpcError } from '../rpc.js';

const kShown = 10;

export async function proposalsSection(subnet) {
  const record = await maybe(kRoot, 'platform_getSubnet', [subnet]);
  const count = record?.proposalCount ?? 0;
  if (count === 0) return section('Governance proposals', h('p', { class: 'empty' }, 'No proposals for this subnet.'));
  const numbers = [];
  for (let n = count - 1; n >= 0 && numbers.length < kShown; n--) numbers.push(n);
  const proposals = await batch(kRoot, numbers.map((n) => ['platform_getProposal', [subnet, '0x' + n.toString(16)]]));
  const rows = proposals
    .filter((p) => p && !(p instanceof RpcError))
    .map((p) => {
      const votes = Object.values(p.votes ?? {});
      const yes = votes.filter(Boolean).length;
      return [
        `#${int(p.number)}`,
        actionText(p.action),
        p.status,
        `${yes} yes, ${votes.length - yes} no of ${Object.keys(p.voters ?? {}).length}`,
        `block ${int(p.effectiveHeight)}`,
        time(p.votingEnd),
      ];
    });
  return section(
    `Governance proposals (${count})`,
    table(['Number', 'Action', 'Status', 'Votes', 'Takes effect at', 'Voting ends'], rows),
  );
}

function actionText(action) {
  if (!action) return '—';
  if (action.set) return `set ${action.set} = ${action.value}`;
  if (action.enableVm) return `enable VM ${action.enableVm}`;
  if (action.upgrade) return `upgrade ${action.upgrade}`;
  if (action.validatorRequirements) {
    const r = action.validatorRequirements;
    return `validators: at most ${r.maxValidators}, weight ${r.minWeight}–${r.maxWeight}`;
  }
  return JSON.stringify(action);
}
