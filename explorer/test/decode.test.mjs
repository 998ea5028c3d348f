// The explorer's pure helpers: event naming, WASM export lists, amounts and search input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amount, isAddress, isBlockNumber, isHash } from '../src/format.js';
import { decodeAbiString, decodeLog } from '../src/logs.js';
import { hexToBytes, wasmExports } from '../src/wasm.js';

const kTransfer = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const pad = (hex) => '0x' + hex.replace(/^0x/, '').padStart(64, '0');
const alice = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const bob = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

test('ERC-20 and ERC-721 transfers are told apart by where the third argument sits', () => {
  const erc20 = decodeLog({ topics: [kTransfer, pad(alice), pad(bob)], data: pad('fa') });
  assert.equal(`${erc20.standard} ${erc20.event}`, 'ERC-20 Transfer');
  assert.deepEqual(erc20.fields, [['from', alice, 'address'], ['to', bob, 'address'], ['value', 250n, 'amount']]);
  const erc721 = decodeLog({ topics: [kTransfer, pad(alice), pad(bob), pad('7')], data: '0x' });
  assert.equal(`${erc721.standard} ${erc721.event}`, 'ERC-721 Transfer');
  assert.deepEqual(erc721.fields[2], ['tokenId', 7n, 'token']);
  // Malformed or unknown logs stay unnamed rather than failing the page.
  assert.equal(decodeLog({ topics: [kTransfer, pad(alice), pad(bob)], data: '0x12' }), null);
  assert.equal(decodeLog({ topics: [pad('1')], data: '0x' }), null);
  assert.equal(decodeLog({}), null);
});

test('ABI strings decode; bytes32 symbols too; garbage gives undefined', () => {
  const abi = '0x' + pad('20').slice(2) + pad('3').slice(2) + '544b4e'.padEnd(64, '0');
  assert.equal(decodeAbiString(abi), 'TKN');
  assert.equal(decodeAbiString('0x' + '4d4b52'.padEnd(64, '0')), 'MKR');
  assert.equal(decodeAbiString('0x'), undefined);
  assert.equal(decodeAbiString('0x' + 'ff'.repeat(96)), undefined);
});

test('a WASM module lists its exports; a truncated one is an error, not a crash', () => {
  // (module (memory 1) (func) (export "memory" (memory 0)) (export "call" (func 0)))
  const module = hexToBytes(
    '0061736d0100000001040160000003020100050301000107110206' + '6d656d6f72790200' + '0463616c6c0000' + '0a040102000b',
  );
  const parsed = wasmExports(module);
  assert.deepEqual(parsed.exports, [{ name: 'memory', kind: 'memory' }, { name: 'call', kind: 'function' }]);
  assert.equal(parsed.version, 1);
  assert.match(wasmExports(module.subarray(0, 30)).error, /malformed/);
  assert.match(wasmExports(hexToBytes('6060')).error, /not a WebAssembly/);
});

test('amounts are exact and small ones do not read as zero', () => {
  assert.equal(amount('0x6c6b935b8bbd400000', 'PLX'), '2,000 PLX');
  assert.equal(amount('0x14d1120d7b160000', 'ETH'), '1.5 ETH');
  assert.equal(amount('0xfa', 'TKN'), '0.00000000000000025 TKN');
  assert.equal(amount('0x1bc16d674ec80001', 'ETH'), '2.000000… ETH');
});

test('search input is classified before any request', () => {
  assert.ok(isBlockNumber('42') && isBlockNumber('0x2a') && !isBlockNumber('x'));
  assert.ok(isAddress(alice) && !isAddress(alice.slice(0, 40)));
  assert.ok(isHash(pad('1')) && !isHash(alice));
});
