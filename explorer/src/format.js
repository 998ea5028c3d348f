// Quantities arrive as 0x hex; amounts are 18-decimal base units (ETH on the subnets, PLX on
// the primary network) and are shown exactly, without floating point.

export function num(hex) {
  if (hex === undefined || hex === null) return undefined;
  return BigInt(hex);
}

export function int(hex) {
  return hex === undefined || hex === null ? undefined : Number(BigInt(hex));
}

export function amount(hex, unit, decimals = 18) {
  if (hex === undefined || hex === null) return '—';
  const value = BigInt(hex);
  const scale = 10n ** BigInt(decimals);
  const whole = value / scale;
  let frac = (value % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  // Six decimals for amounts of a unit or more; smaller ones keep four significant digits,
  // so a few base units do not read as zero.
  const keep = whole > 0n ? 6 : frac.length - frac.replace(/^0+/, '').length + 4;
  if (frac.length > keep) frac = frac.slice(0, keep) + '…';
  return `${whole.toLocaleString('en-US')}${frac ? '.' + frac : ''}${unit ? ' ' + unit : ''}`;
}

export function short(hex, keep = 8) {
  if (!hex || hex.length <= 2 * keep + 3) return hex ?? '';
  return `${hex.slice(0, keep + 2)}…${hex.slice(-keep)}`;
}

export function time(seconds) {
  if (seconds === undefined || seconds === null) return '—';
  const s = typeof seconds === 'string' ? int(seconds) : seconds;
  if (s === 0) return 'genesis (no time)';
  return new Date(s * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
}

export function ago(seconds) {
  const s = typeof seconds === 'string' ? int(seconds) : seconds;
  const d = Math.round(Date.now() / 1000 - s);
  if (d < 2) return 'just now';
  if (d < 120) return `${d} s ago`;
  if (d < 7200) return `${Math.round(d / 60)} min ago`;
  if (d < 172800) return `${Math.round(d / 3600)} h ago`;
  return `${Math.round(d / 86400)} days ago`;
}

export function percent(part, whole) {
  if (!whole) return '—';
  return `${((Number(part) * 100) / Number(whole)).toFixed(1)}%`;
}

export function bytesOf(hex) {
  return hex && hex.length > 2 ? (hex.length - 2) / 2 : 0;
}

export function kb(n) {
  return n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KB`;
}

export const isAddress = (q) => /^0x[0-9a-fA-F]{40}$/.test(q);
export const isHash = (q) => /^0x[0-9a-fA-F]{64}$/.test(q);
export const isBlockNumber = (q) => /^(\d{1,15}|0x[0-9a-fA-F]{1,12})$/.test(q);
