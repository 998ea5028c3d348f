// debug_traceTransaction on `plexus dev` against Hardhat's node (Hardhat 2, whose EVM is EDR) on
// the same transactions (issue #20): both nodes start fresh at Osaka (Hardhat's default and
// plexus's), the same signed bytes from dev account 0 deploy the same contracts at the same
// addresses and call them, and the default struct-log tracer's answers must agree field by field:
// gas, failed, returnValue and every step's pc, op, gas, gasCost, depth, stack, memory and
// storage; the error on a failing step is checked on plexus alone (Hardhat writes none). Hardhat
// has no callTracer: plexus's callTracer answers are compared with the call tree that Hardhat's
// struct logs imply.
//
// The transactions cover SLOAD/SSTORE (fresh and warm slots, a mapping, dynamic bytes), memory
// (an array hashed with KECCAK256), CREATE from a constructor, CALLs to another contract, a
// sub-call that reverts with a custom error and is caught, LOG2, a transaction that reverts as a
// whole with the callee's revert data, and one whose sub-call runs out of gas.
//
// The file starts both nodes itself on loopback, so it skips against PLEXUS_E2E_EXTERNAL_URL, and
// it skips when the hardhat package is not installed (npm ci in tests/e2e installs it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { ethers } from 'ethers';
import { compileSources } from './lib/contracts.mjs';
import { externalUrl, freePort, rpc, startNode, until } from './lib/node.mjs';
import { devWallet, kChainId, kMnemonic } from './lib/suite.mjs';

const require = createRequire(import.meta.url);
const kFork = 'osaka';
const kTimeoutMs = 90_000;

function hardhatCli() {
  try {
    const pkgPath = require.resolve('hardhat/package.json');
    const pkg = require(pkgPath);
    return { cli: path.join(path.dirname(pkgPath), pkg.bin.hardhat) };
  } catch {
    return null;
  }
}
const hardhat = hardhatCli();
const skip = externalUrl
  ? 'starts its own plexus and Hardhat nodes; PLEXUS_E2E_EXTERNAL_URL is set'
  : !hardhat
    ? 'SKIPPED: the hardhat package is not installed (run npm ci in tests/e2e)'
    : false;
if (skip) console.log(skip);

const kSource = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

contract TraceCallee {
    uint256 public stored;
    error Refused(uint256 value);

    function put(uint256 value) external returns (uint256) {
        if (value == 0) revert Refused(value);
        stored += value;
        return stored * 2;
    }

    function spin() external {
        for (;;) stored += 1;
    }
}

contract TraceCaller {
    TraceCallee public immutable callee;
    uint256 public total;
    mapping(uint256 => bytes32) public digests;
    bytes public lastReason;
    event Ran(uint256 indexed value, bytes32 digest, uint256 doubled);

    constructor() {
        callee = new TraceCallee();
        total = 1;
    }

    function run(uint256 value) external returns (bytes32 digest) {
        uint256[] memory words = new uint256[](4);
        for (uint256 i = 0; i < words.length; ++i) words[i] = value * (i + 1) + total;
        digest = keccak256(abi.encode(words));
        digests[value] = digest;
        total += value;
        uint256 doubled = callee.put(value);
        try callee.put(0) returns (uint256) {} catch (bytes memory reason) {
            lastReason = reason;
        }
        emit Ran(value, digest, doubled);
    }

    function fail(uint256 value) external {
        total += value;
        callee.put(0);
    }

    function starve() external returns (bool ok) {
        (ok, ) = address(callee).call{gas: 30000}(abi.encodeCall(TraceCallee.spin, ()));
        total += 1;
    }
}
`;

const nodes = { plexus: null, hardhat: null };
let hardhatProc = null;
let hardhatLog = [];
let tmpDir = null;
let failed = false;
const sent = {};  // name -> transaction hash (the same on both nodes)

async function startHardhat() {
  const port = await freePort();
  const config = path.join(tmpDir, 'hardhat.config.cjs');
  // Like README's configuration for running the suite against Hardhat: a failing transaction is
  // mined (a receipt with status 0), not answered with an RPC error.
  writeFileSync(
    config,
    `module.exports = { networks: { hardhat: ${JSON.stringify({
      hardfork: kFork,
      chainId: Number(kChainId),
      throwOnTransactionFailures: false,
      throwOnCallFailures: false,
      loggingEnabled: false,
      mining: { auto: true },
      accounts: { mnemonic: kMnemonic, count: 10 },
    })} } };\n`,
  );
  const child = spawn(
    process.execPath,
    [hardhat.cli, '--config', config, 'node', '--hostname', '127.0.0.1', '--port', String(port)],
    {
      // Hardhat refuses to run from a directory where it is not installed (HH12); its project
      // root is still the config file's directory.
      cwd: path.dirname(fileURLToPath(import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true', NO_COLOR: '1' },
    },
  );
  const record = (chunk) => {
    hardhatLog.push(...chunk.toString().split('\n').filter((l) => l));
    if (hardhatLog.length > 200) hardhatLog = hardhatLog.slice(-200);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  child.exited = new Promise((resolve) => child.on('exit', resolve));
  hardhatProc = child;
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`hardhat exited with code ${child.exitCode}:\n${hardhatLog.join('\n')}`);
    try {
      await rpc(url, 'eth_chainId');
      return { url };
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(`Hardhat did not answer in 60 s: ${e.message}\n${hardhatLog.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopHardhat() {
  const child = hardhatProc;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await child.exited;
  clearTimeout(timer);
}

before(
  async () => {
    if (skip) return;
    tmpDir = mkdtempSync(path.join(os.tmpdir(), 'plexus-e2e-hardhat-'));
    const plexusConfig = path.join(tmpDir, 'plexus-dev.json');
    writeFileSync(plexusConfig, JSON.stringify({ evm_fork: kFork, log_blocks: false }));
    // Each node is recorded as soon as it answers, so that `after` stops it if the other fails.
    await Promise.all([
      startNode({ args: ['--config', plexusConfig] }).then((n) => (nodes.plexus = n)),
      startHardhat().then((n) => (nodes.hardhat = n)),
    ]);
    assert.match(await rpc(nodes.hardhat.url, 'web3_clientVersion'), /^HardhatNetwork\//);

    // The same signed bytes go to both nodes, in the same order from the same fresh account:
    // same nonces, so the same contract addresses and the same transaction hashes.
    const { TraceCaller } = compileSources({ 'contracts/Trace.sol': { content: kSource } });
    const iface = new ethers.Interface(TraceCaller.abi);
    const wallet = devWallet(0);
    const fees = { maxFeePerGas: ethers.parseUnits('100', 'gwei'), maxPriorityFeePerGas: 1n };
    const txs = [
      ['deploy', { data: TraceCaller.bytecode, gasLimit: 1_500_000 }],
      ['run', { data: iface.encodeFunctionData('run', [7]), gasLimit: 400_000 }],
      ['fail', { data: iface.encodeFunctionData('fail', [3]), gasLimit: 300_000 }],
      ['starve', { data: iface.encodeFunctionData('starve', []), gasLimit: 300_000 }],
    ];
    const caller = ethers.getCreateAddress({ from: wallet.address, nonce: 0 });
    for (const [nonce, [name, fields]] of txs.entries()) {
      const raw = await wallet.signTransaction({
        type: 2,
        chainId: kChainId,
        nonce,
        to: name === 'deploy' ? null : caller,
        value: 0n,
        ...fees,
        ...fields,
      });
      const hashes = [];
      for (const node of [nodes.plexus, nodes.hardhat]) {
        const hash = await rpc(node.url, 'eth_sendRawTransaction', [raw]);
        await until(`the receipt of ${name} on ${node.url}`, () =>
          rpc(node.url, 'eth_getTransactionReceipt', [hash]),
        );
        hashes.push(hash);
      }
      assert.equal(hashes[0], hashes[1]);
      sent[name] = hashes[0];
    }
  },
  { timeout: kTimeoutMs },
);

after(async () => {
  await stopHardhat();
  if (nodes.plexus) await nodes.plexus.stop({ keepData: failed });
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
});

function dumpOnFailure(name, fn) {
  return async () => {
    try {
      await fn();
    } catch (e) {
      failed = true;
      console.error(
        `\n=== ${name} failed; plexus output (last lines) ===\n` +
          `${nodes.plexus?.logs().split('\n').slice(-20).join('\n')}\n` +
          `=== Hardhat output (last lines) ===\n${hardhatLog.slice(-20).join('\n')}\n`,
      );
      throw e;
    }
  };
}

// --- normalisation: formatting only, never a value ---------------------------------------------

const kWord = /^(0x)?[0-9a-fA-F]*$/;
// A hex quantity or word, with or without 0x, in either case and with any leading zeros, as a
// BigInt. Plexus writes stack items as go-ethereum does (quantities: 0x, no leading zeros);
// Hardhat writes 64 hex digits without 0x.
function word(s) {
  assert.match(s, kWord, `not hex: ${s}`);
  const digits = s.replace(/^0x/, '');
  return BigInt(`0x${digits || '0'}`);
}
// Bytes as lower-case hex without 0x: Plexus answers returnValue as 0x-prefixed data, as
// go-ethereum does; Hardhat answers "" for no data.
function data(s) {
  assert.equal(typeof s, 'string');
  return s.replace(/^0x/, '').toLowerCase();
}

const kStorageOps = new Set(['SLOAD', 'SSTORE']);

// The fields compared; `who` is 'plexus' or 'hardhat'. Not compared: `refund` (go-ethereum's
// refund counter, which Hardhat does not report) and `error` (see compareStructLogs).
function normaliseStep(s, who) {
  const out = { pc: s.pc, op: s.op, gas: s.gas, gasCost: s.gasCost, depth: s.depth };
  if (who === 'plexus') {
    // go-ethereum's struct logger captures storage only at SLOAD and SSTORE (elsewhere the field
    // is omitted); plexus must do the same.
    const has = s.storage !== undefined;
    assert.equal(has, kStorageOps.has(s.op), `storage on ${s.op} at pc ${s.pc}`);
  } else if (!kStorageOps.has(s.op)) {
    // Hardhat writes a storage object on every step; go-ethereum only at SLOAD and SSTORE, so
    // Hardhat's is compared there only.
    s = { ...s, storage: undefined };
  }
  out.stack = s.stack?.map(word);
  // Memory words: 64 hex digits without 0x on both (go-ethereum's form), in either case.
  out.memory = s.memory?.map((w) => w.toLowerCase());
  out.storage = s.storage
    ? Object.fromEntries(
        Object.entries(s.storage)
          .map(([k, v]) => [word(k).toString(16), word(v)])
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      )
    : undefined;
  return out;
}

const kTraceOptions = {
  // go-ethereum (and plexus) leave memory out unless asked; Hardhat includes it unless
  // disableMemory. Each gets the option it knows; both trace stack and storage by default.
  plexus: { enableMemory: true },
  hardhat: {},
};

async function structTraces(name) {
  const [p, h] = await Promise.all([
    rpc(nodes.plexus.url, 'debug_traceTransaction', [sent[name], kTraceOptions.plexus]),
    rpc(nodes.hardhat.url, 'debug_traceTransaction', [sent[name], kTraceOptions.hardhat]),
  ]);
  return { p, h };
}

function compareStructLogs(name, p, h) {
  assert.equal(p.gas, h.gas, `${name}: gas`);
  assert.equal(p.failed, h.failed, `${name}: failed`);
  assert.equal(data(p.returnValue), data(h.returnValue), `${name}: returnValue`);
  assert.ok(p.structLogs.length > 0, `${name}: no steps`);
  const n = Math.min(p.structLogs.length, h.structLogs.length);
  for (let i = 0; i < n; ++i) {
    const a = normaliseStep(p.structLogs[i], 'plexus');
    const b = normaliseStep(h.structLogs[i], 'hardhat');
    if (p.structLogs[i].error !== undefined) {
      // The step that fails its frame. go-ethereum names the error there ("error", a string);
      // Hardhat writes none (checked on plexus alone, in the test). And go-ethereum records an
      // SSTORE's slot with the value being written before the instruction runs, so a failing
      // SSTORE shows the value it did not write; Hardhat shows the slot's value then. That slot
      // is checked against the stack here and left out of the comparison.
      if (a.op === 'SSTORE' && a.storage) {
        const key = a.stack.at(-1).toString(16);
        assert.equal(a.storage[key], a.stack.at(-2), `${name}: failing SSTORE's slot`);
        delete a.storage[key];
        delete b.storage?.[key];
      }
    }
    assert.deepEqual(
      a,
      b,
      `${name}: step ${i} (pc ${p.structLogs[i].pc} ${p.structLogs[i].op}) differs\n` +
        `plexus:  ${JSON.stringify(p.structLogs[i])}\nhardhat: ${JSON.stringify(h.structLogs[i])}`,
    );
  }
  assert.equal(p.structLogs.length, h.structLogs.length, `${name}: number of steps`);
}

// What each transaction must show on plexus alone, so that two equally wrong traces cannot pass.
const kExpect = {
  deploy: (p) => {
    assert.equal(p.failed, false);
    assert.ok(p.structLogs.some((l) => l.op === 'CREATE' && l.depth === 1));
  },
  run: (p) => {
    assert.equal(p.failed, false);
    const ops = p.structLogs.map((l) => `${l.depth}:${l.op}`);
    for (const op of ['1:KECCAK256', '1:SSTORE', '1:CALL', '2:SSTORE', '2:REVERT', '1:LOG2'])
      assert.ok(ops.includes(op), `run: no ${op}`);
  },
  fail: (p) => {
    assert.equal(p.failed, true);
    // Refused(0): the callee's revert data, passed on by the caller.
    const refused = ethers.id('Refused(uint256)').slice(0, 10);
    assert.equal(p.returnValue, refused + '0'.repeat(64));
  },
  starve: (p) => {
    assert.equal(p.failed, false);
    // The callee's SSTORE with no more than the 2300-gas sentry left fails (EIP-2200).
    const failing = p.structLogs.filter((l) => l.error !== undefined);
    assert.equal(failing.length, 1, JSON.stringify(failing));
    assert.equal(failing[0].op, 'SSTORE');
    assert.equal(failing[0].depth, 2);
    assert.ok(failing[0].gas <= 2300);
    // go-ethereum's text here is "out of gas: not enough gas for reentrancy sentry" (the gas
    // function's reason appended); plexus says "out of gas". Either is accepted.
    assert.match(failing[0].error, /^out of gas/);
  },
};

for (const name of Object.keys(kExpect)) {
  test(
    `debug_traceTransaction struct logs of "${name}" equal Hardhat's`,
    { skip, timeout: kTimeoutMs },
    dumpOnFailure(name, async () => {
      const { p, h } = await structTraces(name);
      kExpect[name](p);
      if (name !== 'starve')
        assert.ok(p.structLogs.every((l) => l.error === undefined), `${name}: a failing step`);
      compareStructLogs(name, p, h);
    }),
  );
}

// Hardhat has no callTracer ("only supports the default tracer"), so plexus's callTracer is
// compared with the call tree that Hardhat's struct logs imply: a step followed by one a level
// deeper opens a frame (its type, target, value and input from that step's stack and memory, its
// gas from the callee's first step), the callee's last step closes it (RETURN and REVERT give the
// output from memory, any other last step is a failure), the gas used is the gas given minus
// what the caller's next step got back, and that step's stack top is the created address of a
// CREATE or the success flag of a call. The top frame is the transaction (its gas limit,
// Hardhat's receipt).
function hexOfMemory(memory, offset, size) {
  const bytes = memory.join('');
  const start = Number(offset) * 2;
  return `0x${bytes.slice(start, start + Number(size) * 2).padEnd(Number(size) * 2, '0')}`;
}

function callTreeFromStructLogs(logs, top) {
  const root = { ...top, calls: [] };
  const open = [root];
  const address = (v) => `0x${v.toString(16).padStart(40, '0')}`;
  for (let i = 0; i < logs.length; ++i) {
    const step = logs[i];
    const next = logs[i + 1];
    const st = step.stack.map(word);
    const arg = (k) => st[st.length - 1 - k];
    if (next && next.depth === step.depth + 1) {
      const frame = { type: step.op, from: open.at(-1).to, gas: BigInt(next.gas), calls: [] };
      frame.opener = step;
      const input = (at) => hexOfMemory(step.memory, arg(at), arg(at + 1));
      if (step.op === 'CALL' || step.op === 'CALLCODE') {
        Object.assign(frame, { to: address(arg(1)), value: arg(2), input: input(3) });
      } else if (step.op === 'DELEGATECALL' || step.op === 'STATICCALL') {
        Object.assign(frame, { to: address(arg(1)), input: input(2) });
      } else if (step.op === 'CREATE' || step.op === 'CREATE2') {
        Object.assign(frame, { value: arg(0), input: input(1) });
      } else {
        assert.fail(`a frame opened by ${step.op}`);
      }
      open.at(-1).calls.push(frame);
      open.push(frame);
    } else if (next && next.depth < step.depth) {
      const frame = open.pop();
      // The opener's gasCost includes the gas it passed on; the caller's next step has what
      // came back added (after a CREATE's code deposit, which the frame's gas used includes).
      const { opener } = frame;
      delete frame.opener;
      frame.gasUsed = frame.gas - BigInt(next.gas - (opener.gas - opener.gasCost));
      if (step.op === 'RETURN' || step.op === 'REVERT' || step.op === 'STOP') {
        if (step.op !== 'STOP') frame.output = hexOfMemory(step.memory, arg(0), arg(1));
        if (step.op === 'REVERT') frame.error = 'execution reverted';
      } else {
        frame.error = 'failed';
      }
      // What the caller finds on its stack: the created address, or the success flag.
      const result = word(next.stack.at(-1));
      if (frame.type.startsWith('CREATE')) {
        if (!frame.error) frame.to = address(result);
      } else {
        assert.equal(result, frame.error ? 0n : 1n, 'success flag after a call');
      }
    }
  }
  assert.equal(open.length, 1, 'frames left open');
  return root;
}

// Plexus's callTracer frame in the same terms: quantities as BigInt, hex lower-case, an error on
// a frame that neither returned nor reverted written as 'failed' (Hardhat's struct logs do not
// say why a frame failed; plexus's text, "out of gas" here, is checked in the test).
function normaliseFrame(f) {
  const out = {
    type: f.type,
    from: f.from.toLowerCase(),
    gas: BigInt(f.gas),
    calls: (f.calls ?? []).map(normaliseFrame),
    gasUsed: BigInt(f.gasUsed),
  };
  if (f.to !== undefined && !(f.type.startsWith('CREATE') && f.error)) out.to = f.to.toLowerCase();
  // A value only where the frame transfers one (DELEGATECALL and STATICCALL do not).
  if (f.value !== undefined && ['CALL', 'CALLCODE', 'CREATE', 'CREATE2'].includes(f.type))
    out.value = BigInt(f.value);
  if (f.input !== undefined) out.input = f.input.toLowerCase();
  if (f.output !== undefined && f.output !== '0x') out.output = f.output.toLowerCase();
  if (f.error !== undefined) out.error = f.error === 'execution reverted' ? f.error : 'failed';
  return out;
}

const kCallTracerTest = "callTracer answers equal the call tree of Hardhat's struct logs";
test(kCallTracerTest, { skip, timeout: kTimeoutMs }, dumpOnFailure('callTracer', async () => {
  // Hardhat refuses every tracer but the default: if a later Hardhat accepts callTracer, this
  // test should compare its answer directly instead.
  await assert.rejects(
    rpc(nodes.hardhat.url, 'debug_traceTransaction', [sent.run, { tracer: 'callTracer' }]),
    /only supports the default tracer/,
  );
  for (const name of Object.keys(kExpect)) {
    const { h } = await structTraces(name);
    const tx = await rpc(nodes.hardhat.url, 'eth_getTransactionByHash', [sent[name]]);
    const receipt = await rpc(nodes.hardhat.url, 'eth_getTransactionReceipt', [sent[name]]);
    const lastOp = h.structLogs.at(-1).op;
    const top = {
      type: tx.to ? 'CALL' : 'CREATE',
      from: tx.from.toLowerCase(),
      to: (tx.to ?? receipt.contractAddress).toLowerCase(),
      value: BigInt(tx.value),
      gas: BigInt(tx.gas),
      gasUsed: BigInt(receipt.gasUsed),
      input: tx.input.toLowerCase(),
    };
    if (h.returnValue) top.output = `0x${data(h.returnValue)}`;
    if (h.failed) top.error = lastOp === 'REVERT' ? 'execution reverted' : 'failed';
    const expected = callTreeFromStructLogs(h.structLogs, top);
    const p = await rpc(nodes.plexus.url, 'debug_traceTransaction', [
      sent[name],
      { tracer: 'callTracer' },
    ]);
    assert.deepEqual(normaliseFrame(p), normaliseFrame(expected), `${name}: callTracer`);
    if (name === 'starve') assert.match(p.calls[0].error, /^out of gas/);
  }
}));
