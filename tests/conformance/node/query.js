// query.js — the official Node SDK (@alicloud/log), unchanged, against slsd's
// query engine: GetLogs (search and SQL), paging, GetHistograms,
// GetProjectLogs, power SQL requests, values with NUL and non-ASCII text,
// the request checks (line, reverse) and the
// errors of bad queries. The SDK's methods return bodies only, so that is
// what this checks (x-log-query-info, the v2 meta and PullLogs: meta.js). Answers are checked against
// the logs this script writes. Prints "ok NAME" / "FAIL NAME" and a closing
// "N passed, N failed" line.
'use strict';
const { client: mk, opt, t, eq, rejects, done } = require('./lib/common.js');

const client = mk();

(async () => {
  const proj = 'nodeq';
  const base = Math.floor(Date.now() / 1000) - 600;
  const from = new Date((base - 60) * 1000), to = new Date((base + 120) * 1000);
  await client.createProject(proj, { description: 'queries' }, opt);
  await client.createLogStore(proj, 'web', { ttl: 7, shardCount: 2 }, opt);
  await client.createLogStore(proj, 'noindex', { ttl: 7, shardCount: 1 }, opt);
  await client.createLogStore(proj, 'odd', { ttl: 7, shardCount: 1 }, opt);
  await client.createIndex(proj, 'odd', { line: { token: [' '] } }, opt);
  await client.postLogStoreLogs(proj, 'odd', {
    logs: [{ timestamp: base, content: { v: 'a\u0000b \u00e9\u4e16' } }],
  }, opt);
  await client.createIndex(proj, 'web', {
    line: { token: [' ', ',', '/', '=', '\n'], caseSensitive: false },
    keys: {
      status: { type: 'long', doc_value: true },
      latency: { type: 'double', doc_value: true },
      path: { type: 'text', token: ['/'], doc_value: true },
    },
  }, opt);
  // 3 groups x 20 logs: log i of group g has time base+g*20+i,
  // status 500 when i % 10 == 0, latency i, path /api/g/i
  for (let g = 0; g < 3; g++) {
    await client.postLogStoreLogs(proj, 'web', {
      topic: g === 2 ? 'batch' : 'http', source: `10.0.0.${g}`,
      logs: Array.from({ length: 20 }, (_, i) => ({
        timestamp: base + g * 20 + i,
        content: { status: i % 10 === 0 ? '500' : '200', latency: String(i), path: `/api/${g}/${i}`,
                   msg: i === 7 ? 'payment failed: card declined' : 'request done' },
      })),
    }, opt);
  }

  await t('search_all', async () => {
    const r = await client.getLogs(proj, 'web', from, to, { query: '*', line: 100 }, opt);
    eq(r.length, 60);
    eq(r[0].__time__, String(base), 'first __time__');
    for (const row of r)
      for (const v of Object.values(row))
        if (typeof v !== 'string') throw new Error('a value is not a string');
  });
  await t('search_field', async () => {
    const r = await client.getLogs(proj, 'web', from, to, { query: 'status:500' }, opt);
    eq(r.length, 6);
    eq(r.every(x => x.status === '500'), true);
  });
  await t('search_fulltext_and_numeric', async () => {
    eq((await client.getLogs(proj, 'web', from, to, { query: 'declined' }, opt)).length, 3);
    eq((await client.getLogs(proj, 'web', from, to, { query: 'latency >= 18 and __topic__:http' }, opt)).length, 4);
    eq((await client.getLogs(proj, 'web', from, to, { query: 'path:/api/1/7' }, opt))[0].msg, 'payment failed: card declined');
  });
  await t('search_paging_reverse', async () => {
    const p = await client.getLogs(proj, 'web', from, to, { query: '*', line: 10, offset: 20, reverse: true }, opt);
    eq(p.length, 10);
    eq(p[0].__time__, String(base + 39));
  });
  await t('search_topic_param', async () => {
    eq((await client.getLogs(proj, 'web', from, to, { query: '*', topic: 'batch' }, opt)).length, 20);
  });
  await t('sql_group_by', async () => {
    const r = await client.getLogs(proj, 'web', from, to,
      { query: '* | select status, count(*) as c, avg(latency) as a group by status order by status' }, opt);
    eq(r, [{ status: '200', c: '54', a: '10.0' }, { status: '500', c: '6', a: '5.0' }]);
  });
  await t('sql_default_limit', async () => {
    eq((await client.getLogs(proj, 'web', from, to, { query: '* | select path' }, opt)).length, 60);
    eq((await client.getLogs(proj, 'web', from, to, { query: '* | select path limit 5, 3' }, opt)).length, 3);
  });
  await t('power_sql_accepted', async () => {
    const r = await client.getLogs(proj, 'web', from, to,
      { query: '* | select count(*) as c', powerSql: true }, opt);
    eq(r, [{ c: '60' }]);
    const p = await client.getProjectLogs(proj,
      { query: 'select count(1) as n from web where __time__ > 0', powerSql: true }, opt);
    eq(p, [{ n: '60' }]);
  });
  await t('nul_and_utf8_values', async () => {
    const r = await client.getLogs(proj, 'odd', from, to, { query: '*' }, opt);
    eq(r.length, 1);
    eq(r[0].v, 'a\u0000b \u00e9\u4e16', 'value with NUL');
  });
  await t('request_checks', async () => {
    await rejects(client.getLogs(proj, 'web', from, to, { query: '*', line: -1 }, opt), 'InvalidLine');
    await rejects(client.getLogs(proj, 'web', from, to, { query: '*', reverse: 'maybe' }, opt), 'InvalidReverse');
    eq((await client.getLogs(proj, 'web', from, to, { query: '*', line: 1000 }, opt)).length, 60);
  });
  await t('histograms', async () => {
    const h = await client.getHistograms(proj, 'web', from, to, { query: 'status:500' }, opt);
    if (!Array.isArray(h) || h.length < 60 || h.length > 121) throw new Error(`buckets ${h.length}`);
    eq(h.reduce((s, b) => s + b.count, 0), 6, 'hits');
    eq(h[0].from, Math.floor(from.getTime() / 1000), 'first bucket from');
    eq(h[h.length - 1].to, Math.floor(to.getTime() / 1000), 'last bucket to');
    eq(h.every(b => b.progress === 'Complete'), true);
  });
  await t('project_logs', async () => {
    const r = await client.getProjectLogs(proj, { query: 'select count(1) as n from web where status = 500 and __time__ > 0' }, opt);
    eq(r, [{ n: '6' }]);
  });
  await t('bad_query', () => rejects(client.getLogs(proj, 'web', from, to, { query: 'status:(' }, opt), 'ParameterInvalid'));
  await t('bad_sql', async () => {
    const e = await rejects(client.getLogs(proj, 'web', from, to, { query: '* | select nosuch' }, opt), 'ParameterInvalid');
    if (!/nosuch/.test(e.message)) throw new Error(`message ${e.message}`);
  });
  await t('no_index', () => rejects(client.getLogs(proj, 'noindex', from, to, { query: '*' }, opt), 'IndexConfigNotExist'));
  await t('empty_range', () => rejects(client.getLogs(proj, 'web', from, from, { query: '*' }, opt), 'ParameterInvalid'));
  done();
})().catch(done);
