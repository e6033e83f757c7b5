// common.js — what every conformance script shares: the official SDK client
// pointed at slsd, and a tiny test harness printing "ok NAME" / "FAIL NAME"
// and a closing "N passed, N failed" line.
'use strict';
const http = require('http');
const Client = require(process.env.SLS_NODE_SDK || '@alicloud/log');

const port = Number(process.env.SLSD_PORT);
// {project}.localhost must reach slsd even where the resolver does not map
// *.localhost: only the connection's name lookup is overridden, the SDK
// still sends Host: {project}.localhost:PORT as it always does.
const agent = new http.Agent({
  keepAlive: true,
  lookup: (host, opts, cb) => opts && opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }])
                                               : cb(null, '127.0.0.1', 4),
});
const opt = { agent, timeout: 10000 };

function client(secret) {
  return new Client({
    accessKeyId: process.env.SLSD_AK_ID,
    accessKeySecret: secret || process.env.SLSD_AK_SECRET,
    endpoint: `localhost:${port}`,
  });
}

const counts = { pass: 0, fail: 0 };
async function t(name, fn) {
  try {
    await fn();
    counts.pass++;
    console.log(`ok ${name}`);
  } catch (e) {
    counts.fail++;
    console.log(`FAIL ${name}: ${e && e.stack || e}`);
  }
}
function eq(a, b, what) {
  const sa = JSON.stringify(a), sb = JSON.stringify(b);
  if (sa !== sb) throw new Error(`${what || 'value'}: got ${sa} want ${sb}`);
}
async function rejects(p, code) {
  try { await p; } catch (e) { eq(e.code, code, 'error code'); return e; }
  throw new Error(`expected error ${code}`);
}
function done(setupError) {
  if (setupError) {
    counts.fail++;
    console.log(`FAIL setup: ${setupError && setupError.stack || setupError}`);
  }
  console.log(`${counts.pass} passed, ${counts.fail} failed`);
  agent.destroy();
  process.exit(counts.fail ? 1 : 0);
}

module.exports = { client, opt, t, eq, rejects, done };
