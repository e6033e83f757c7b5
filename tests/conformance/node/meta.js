// meta.js — what slsd answers in headers and meta, checked with the
// official Node SDK (@alicloud/log, unchanged): x-log-query-info and the
// GetLogs v2 meta carry numbers where the SDKs' types have numbers (issue
// 13 point 5), meta.powerSql says whether power SQL was asked (point 6),
// PullLogs asking for zstd is answered in zstd, saying so (point 7).
// GetLogs v2 and GetCursor go through the SDK's client._request; where the
// SDK hands back no headers or binary bodies, lib/raw.js sends a request
// signed by the SDK's own signer. Prints "ok NAME" / "FAIL NAME" and a
// closing "N passed, N failed" line.
'use strict';
const zlib = require('zlib');
const { spawnSync } = require('child_process');
const { client: mk, opt, t, eq, done } = require('./lib/common.js');
const { raw } = require('./lib/raw.js');

const client = mk();

function type(v, want, what) {
  if (typeof v !== want) throw new Error(`${what}: ${JSON.stringify(v)} is ${typeof v}, want ${want}`);
}
function getLogsV2(proj, ls, req) {
  const body = Buffer.from(JSON.stringify(req));
  return client._request('POST', proj, `/logstores/${ls}/logs`, {}, body,
    { 'x-log-bodyrawsize': body.byteLength }, opt);
}

(async () => {
  const proj = 'nodemeta';
  const base = Math.floor(Date.now() / 1000) - 300;
  const from = base - 60, to = base + 60;
  await client.createProject(proj, { description: 'meta' }, opt);
  await client.createLogStore(proj, 'web', { ttl: 7, shardCount: 2 }, opt);
  await client.createIndex(proj, 'web', {
    line: { token: [' '] }, keys: { status: { type: 'long', doc_value: true } },
  }, opt);
  for (let g = 0; g < 4; g++)
    await client.postLogStoreLogs(proj, 'web', {
      logs: Array.from({ length: 10 }, (_, i) => ({
        timestamp: base + i, content: { status: i % 5 ? '200' : '500', msg: `group ${g} log ${i}` },
      })),
    }, opt);

  await t('p5_query_info_numbers', async () => {
    const r = await raw(client, 'GET', proj, '/logstores/web',
      { type: 'log', from, to, query: 'status:500', line: 100 });
    eq(r.status, 200, 'status');
    eq(JSON.parse(r.body).length, 8, 'rows');
    const qi = r.headers['x-log-query-info'];
    if (!qi || !/^[\x20-\x7e]*$/.test(qi)) throw new Error(`x-log-query-info not ASCII: ${qi}`);
    const q = JSON.parse(qi);
    type(q.mode, 'number', 'mode');
    for (const k of ['shard', 'scanBytes', 'isAccurate'])
      if (k in q) type(q[k], 'number', k);
    if ('limited' in q) type(q.limited, 'string', 'limited');
    if (q.phraseQueryInfo)
      for (const [k, v] of Object.entries(q.phraseQueryInfo)) type(v, 'string', `phraseQueryInfo.${k}`);
    eq(r.headers['x-log-progress'], 'Complete', 'x-log-progress');
  });
  await t('p5_meta_v2_types', async () => {
    const r = await getLogsV2(proj, 'web', { from, to, query: 'status:500', line: 100 });
    eq(r.data.length, 8, 'rows');
    const m = r.meta;
    eq(m.progress, 'Complete', 'progress');
    type(m.hasSQL, 'boolean', 'hasSQL');
    for (const k of ['count', 'processedRows', 'elapsedMillisecond', 'cpuSec', 'cpuCores'])
      type(m[k], 'number', k);
    for (const k of ['limited', 'mode', 'shard', 'scanBytes', 'processedBytes'])
      if (k in m) type(m[k], 'number', k);
    if ('isAccurate' in m) type(m.isAccurate, 'boolean', 'isAccurate');
    eq(m.count, 8, 'meta.count');
    for (const row of r.data) for (const v of Object.values(row)) type(v, 'string', 'a value');
  });
  await t('p6_power_sql_flag', async () => {
    const q = '* | select status, count(*) as c group by status order by status';
    const asked = await getLogsV2(proj, 'web', { from, to, query: q, powerSql: true });
    eq(asked.meta.powerSql, true, 'powerSql when asked');
    eq(asked.data, [{ status: '200', c: '32' }, { status: '500', c: '8' }], 'rows');
    const plain = await getLogsV2(proj, 'web', { from, to, query: q });
    eq(plain.meta.powerSql, false, 'powerSql when not asked');
    const off = await getLogsV2(proj, 'web', { from, to, query: q, powerSql: false });
    eq(off.meta.powerSql, false, 'powerSql false');
  });
  await t('p7_pull_zstd', async () => {
    const shards = await client._request('GET', proj, '/logstores/web/shards', {}, null, {}, opt);
    let total = 0;
    for (const s of shards) {
      const c = await client._request('GET', proj, `/logstores/web/shards/${s.shardID}`,
        { type: 'cursor', from: 'begin' }, null, {}, opt);
      const pull = enc => raw(client, 'GET', proj, `/logstores/web/shards/${s.shardID}`,
        { type: 'log', cursor: c.cursor, count: 100 },
        null, { accept: 'application/x-protobuf', 'accept-encoding': enc });
      const z = await pull('zstd'), d = await pull('deflate');
      eq(z.status, 200, 'status');
      eq(z.headers['x-log-compresstype'], 'zstd', 'x-log-compresstype');
      eq(d.headers['x-log-compresstype'], 'deflate', 'deflate x-log-compresstype');
      eq(z.headers['x-log-count'], d.headers['x-log-count'], 'x-log-count');
      eq(z.headers['x-log-cursor'], d.headers['x-log-cursor'], 'x-log-cursor');
      total += Number(z.headers['x-log-count']);
      const plain = zlib.inflateSync(d.body);
      eq(Number(z.headers['x-log-bodyrawsize']), plain.length, 'x-log-bodyrawsize');
      eq(z.body.subarray(0, 4).toString('hex'), '28b52ffd', 'zstd frame magic');
      const un = spawnSync('zstd', ['-d', '-c', '-q'], { input: z.body });
      if (un.error) continue; // no zstd tool here: the frame and sizes were checked
      eq(un.status, 0, 'zstd -d');
      eq(Buffer.compare(un.stdout, plain), 0, 'zstd body equals the deflate body');
    }
    eq(total, 4, 'LogGroups pulled over all shards');
  });
  done();
})().catch(done);
