// Data availability on a dev node: blobs submitted with `plexus blob submit` (two at once) land in
// one platform block whose header carries their square's data root; `blob get` by id, `blob get
// --all` with completeness proofs and `blob proof` check what the node serves against that root;
// `plexus light` samples each header (16 shares, ~99% confidence) and flags one whose shares a
// proxy withholds; samples outside the square and reserved namespaces are refused with the rule.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { nodeSuite, devWallet } from './lib/suite.mjs';
import { externalUrl, makeDataDir, plexusBin, rpc, rpcRaw } from './lib/node.mjs';

const env = nodeSuite();
const t = env.test;
const skip = externalUrl ? 'uses the plexus command line against its own node' : false;

function plexus(args, input) {
  return spawnSync(plexusBin(), args, { encoding: 'utf8', input, timeout: 60_000 });
}
function ok(args, input) {
  const r = plexus(args, input);
  assert.equal(r.status, 0, `plexus ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let where;
let keyFile;
let submitted;

t('two blobs submitted at once land in one block', { skip }, async () => {
  where = env.node.url.replace('http://', '').replace(/\/$/, '');
  keyFile = path.join(makeDataDir(), 'dev0.key');
  writeFileSync(keyFile, devWallet(0).privateKey);
  const big = Buffer.alloc(5000, 0x61).toString('hex');
  submitted = JSON.parse(ok(['blob', 'submit', '--rpc', where, '--key-file', keyFile,
    '--blob', `app-a=0x${big}`, '--blob', 'app-b=-'], 'hello from stdin'));
  assert.equal(submitted.ids.length, 2);
  assert.match(submitted.ids[0], /^0x[0-9a-f]{80}$/);
  const header = await rpc(env.node.url, 'platform_getDataHeader', [submitted.height]);
  assert.notEqual(header.dataRoot, (await rpc(env.node.url, 'platform_getDataHeader', [0])).dataRoot);
  assert.equal(header.blobs, 2);
  assert.equal(header.width, 8);  // 11 + 1 shares: a 4 x 4 square, extended to 8 x 8
});

t('blob get, get --all and proof check the data against the header', { skip }, () => {
  const one = JSON.parse(ok(['blob', 'get', '--rpc', where, submitted.ids[1], '--namespace', 'app-b']));
  assert.equal(Buffer.from(one.data.slice(2), 'hex').toString(), 'hello from stdin');
  const all = JSON.parse(ok(['blob', 'get', '--rpc', where, '--all', '--height', String(Number(submitted.height)),
    '--namespace', 'app-a']));
  assert.equal(all.verified, true);
  assert.equal(all.blobs.length, 1);
  const none = JSON.parse(ok(['blob', 'get', '--rpc', where, '--all', '--height', String(Number(submitted.height)),
    '--namespace', 'app-z']));
  assert.deepEqual(none.blobs, []);
  const proof = JSON.parse(ok(['blob', 'proof', '--rpc', where, submitted.ids[0], '--namespace', 'app-a']));
  assert.equal(proof.verified, true);
  assert.equal(proof.bytes, 5000);
  assert.ok(proof.rows >= 2, 'the 11-share blob spans rows');
  // The id of one blob with the namespace of the other: not there.
  const wrong = plexus(['blob', 'get', '--rpc', where, submitted.ids[0], '--namespace', 'app-b']);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /no such blob/);
});

t('the light client samples every header with ~99% confidence', { skip }, () => {
  const out = ok(['light', '--rpc', where, '--from', '1', '--count', String(Number(submitted.height)),
    '--samples', '16', '--seed', '7']);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, Number(submitted.height));
  for (const line of lines) {
    assert.equal(line.available, true, JSON.stringify(line));
    // A 2 x 2 extended square (no blobs) has only 4 shares to sample.
    assert.equal(line.verified, Math.min(16, line.width * line.width));
  }
  const last = lines.at(-1);
  assert.equal(last.samples, 16);
  assert.ok(Math.abs(last.confidence - 0.98998) < 1e-4, String(last.confidence));
});

t('bad requests are refused with the rule', { skip }, async () => {
  await assert.rejects(rpc(env.node.url, 'platform_sampleShare', [Number(submitted.height), 8, 0]),
    /outside the 8x8 extended square/);
  const reserved = plexus(['blob', 'submit', '--rpc', where, '--key-file', keyFile,
    '--blob', `0x${'00'.repeat(28)}01=0x01`]);
  assert.equal(reserved.status, 1);
  assert.match(reserved.stderr, /reserved namespaces cannot hold blobs/);
  const empty = plexus(['blob', 'submit', '--rpc', where, '--key-file', keyFile, '--blob', 'app-a=0x']);
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /empty blob/);
});

// A proxy in front of the node that withholds the (k+1)^2 shares of the top-left corner of one
// block's extended square (too many to repair it) and forwards everything else.
async function withholdingProxy(height, k) {
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body);
    const [h, row, col] = request.params ?? [];
    let text;
    if (request.method === 'platform_sampleShare' && h === height && row <= k && col <= k) {
      text = JSON.stringify({ jsonrpc: '2.0', id: request.id, error: { code: -32000, message: 'withheld' } });
    } else {
      text = (await rpcRaw(env.node.url, body)).text;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

t('the light client flags a header whose shares are withheld', { skip }, async () => {
  const height = Number(submitted.height);
  const header = await rpc(env.node.url, 'platform_getDataHeader', [height]);
  const server = await withholdingProxy(height, header.width / 2);
  try {
    const child = spawn(plexusBin(), ['light', '--rpc', `127.0.0.1:${server.address().port}`,
      '--from', String(height), '--count', '1', '--samples', '16', '--seed', '3']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 1, stdout + stderr);
    const line = JSON.parse(stdout.trim());
    assert.equal(line.available, false);
    assert.equal(line.confidence, 0);
    assert.ok(line.failures.length > 0 && line.failures.every((f) => /withheld/.test(f)), stdout);
    assert.equal(line.verified + line.failures.length, 16);
    assert.match(stderr, /1 of 1 headers could not be sampled: data may be withheld/);
  } finally {
    server.close();
  }
});
