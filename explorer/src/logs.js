// Names the standard token events in receipts' logs. ERC-20 and ERC-721 share the Transfer and
// Approval signatures; they differ in where the amount or token id sits: ERC-721 indexes its
// third argument (four topics), ERC-20 puts it in the data (three topics).

const kTransfer = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const kApproval = '0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925';
const kApprovalForAll = '0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31';

const word = (hex) => (hex && hex.length === 66 ? hex : undefined);
const topicAddress = (topic) => '0x' + topic.slice(26);
const uint = (hex) => BigInt(hex);

// The events named: first topic, number of topics, standard, event, the two indexed addresses
// and the third argument with its kind ('amount', 'token' or 'bool', so the page can scale
// amounts). With four topics the third argument is indexed; with three it is the data.
const kEvents = [
  [kTransfer, 3, 'ERC-20', 'Transfer', ['from', 'to'], ['value', 'amount']],
  [kTransfer, 4, 'ERC-721', 'Transfer', ['from', 'to'], ['tokenId', 'token']],
  [kApproval, 3, 'ERC-20', 'Approval', ['owner', 'spender'], ['value', 'amount']],
  [kApproval, 4, 'ERC-721', 'Approval', ['owner', 'approved'], ['tokenId', 'token']],
  [kApprovalForAll, 3, 'ERC-721', 'ApprovalForAll', ['owner', 'operator'], ['approved', 'bool']],
];

// {standard, event, fields: [[name, value, kind]]} or null.
export function decodeLog(log) {
  const t = log.topics ?? [];
  const data = log.data ?? '0x';
  const known = kEvents.find(([topic, count]) => t[0] === topic && t.length === count);
  if (!known) return null;
  const [, count, standard, event, [a, b], [name, kind]] = known;
  if (count === 3 && !word(data)) return null;
  const third = uint(count === 4 ? t[3] : data);
  return {
    standard,
    event,
    fields: [
      [a, topicAddress(t[1]), 'address'],
      [b, topicAddress(t[2]), 'address'],
      [name, kind === 'bool' ? third !== 0n : third, kind],
    ],
  };
}

// An ABI-encoded string return value (or a bytes32 one, as some old tokens answer).
export function decodeAbiString(hex) {
  if (!hex || hex.length < 66) return undefined;
  const body = hex.slice(2);
  try {
    if (body.length === 64) return utf8(body.replace(/(00)+$/, ''));
    const offset = Number(BigInt('0x' + body.slice(0, 64))) * 2;
    const length = Number(BigInt('0x' + body.slice(offset, offset + 64))) * 2;
    if (length > 512) return undefined;
    return utf8(body.slice(offset + 64, offset + 64 + length));
  } catch {
    return undefined;
  }
}

function utf8(hex) {
  const bytes = new Uint8Array(hex.match(/../g)?.map((b) => parseInt(b, 16)) ?? []);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

// Selectors of name(), symbol() and decimals(): what a page asks a token to name its amounts.
export const kSymbolCall = '0x95d89b41';
export const kDecimalsCall = '0x313ce567';
export const kNameCall = '0x06fdde03';
