// control.js — the official Node SDK (@alicloud/log), unchanged, against slsd:
// projects, logstores, index, PutLogs, errors. Prints "ok NAME" / "FAIL NAME"
// and a closing "N passed, N failed" line.
'use strict';
const { client: mk, opt, t, eq, rejects, done } = require('./lib/common.js');

const client = mk();
const bad = mk('wrong-secret');

(async () => {
  const proj = 'nodeproj';
  await t('create_project', () => client.createProject(proj, { description: 'from node' }, opt));
  await t('create_project_twice', () => rejects(client.createProject(proj, { description: 'x' }, opt), 'ProjectAlreadyExist'));
  await t('get_project', async () => {
    const p = await client.getProject(proj, opt);
    eq(p.projectName, proj); eq(p.description, 'from node'); eq(p.status, 'Normal');
    if (typeof p.createTime !== 'string') throw new Error('createTime must be a string');
  });
  await t('project_not_exist', () => rejects(client.getProject('nosuchproj', opt), 'ProjectNotExist'));
  await t('bad_signature', async () => {
    const e = await rejects(bad.getProject(proj, opt), 'SignatureNotMatch');
    if (!/^[0-9A-F]{24}$/.test(e.requestid)) throw new Error(`request id ${e.requestid}`);
  });
  await t('create_logstores', async () => {
    await client.createLogStore(proj, 'web', { ttl: 7, shardCount: 3 }, opt);
    await client.createLogStore(proj, 'app', { ttl: 30, shardCount: 2 }, opt);
  });
  await t('list_logstores', async () => {
    const r = await client.listLogStore(proj, {}, opt);
    eq(r.count, 2); eq(r.total, 2); eq(r.logstores.sort(), ['app', 'web']);
    const f = await client.listLogStore(proj, { logstoreName: 'we' }, opt);
    eq(f.logstores, ['web']);
    const pg = await client.listLogStore(proj, { offset: 1, size: 1 }, opt);
    eq(pg.count, 1); eq(pg.total, 2);
  });
  await t('get_logstore', async () => {
    const r = await client.getLogStore(proj, 'web', opt);
    eq(r.logstoreName, 'web'); eq(r.ttl, 7); eq(r.shardCount, 3);
    eq(typeof r.createTime, 'number');
  });
  await t('logstore_not_exist', () => rejects(client.getLogStore(proj, 'nope', opt), 'LogStoreNotExist'));
  await t('update_logstore', async () => {
    await client.updateLogStore(proj, 'web', { ttl: 14, shardCount: 3 }, opt);
    eq((await client.getLogStore(proj, 'web', opt)).ttl, 14);
  });
  const index = {
    line: { token: [' ', ',', ';', '=', '(', ')', '[', ']', '{', '}', '?', '@', '&', '<', '>', '/', ':', '\n', '\t', '\r'], caseSensitive: false },
    keys: { status: { type: 'long', doc_value: true }, method: { type: 'text', token: [' '], caseSensitive: false, doc_value: true } },
  };
  await t('index_missing', () => rejects(client.getIndexConfig(proj, 'web', opt), 'IndexConfigNotExist'));
  await t('create_index', () => client.createIndex(proj, 'web', index, opt));
  await t('get_index', async () => {
    const r = await client.getIndexConfig(proj, 'web', opt);
    eq(r.keys.status.type, 'long'); eq(r.line.caseSensitive, false);
    if (typeof r.lastModifyTime !== 'number') throw new Error('lastModifyTime');
  });
  await t('update_index', async () => {
    const i2 = JSON.parse(JSON.stringify(index)); i2.keys.host = { type: 'text', token: [' '], doc_value: true };
    await client.updateIndex(proj, 'web', i2, opt);
    eq((await client.getIndexConfig(proj, 'web', opt)).keys.host.type, 'text');
  });
  await t('put_logs', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (let g = 0; g < 6; g++) {
      await client.postLogStoreLogs(proj, 'web', {
        topic: 'node', source: '10.0.0.' + g,
        tags: [{ env: 'test' }],
        logs: [0, 1, 2].map(i => ({ timestamp: now, content: { status: String(200 + i), method: 'GET', seq: `${g}-${i}` } })),
      }, opt);
    }
  });
  await t('put_logs_empty_rejected', () => rejects(client.postLogStoreLogs(proj, 'web', { logs: [] }, opt), 'PostBodyInvalid'));
  await t('delete_index', async () => {
    await client.deleteIndex(proj, 'app', opt).then(() => { throw new Error('expected error'); }, e => eq(e.code, 'IndexConfigNotExist'));
  });
  await t('delete_logstore', async () => {
    await client.deleteLogStore(proj, 'app', opt);
    await rejects(client.getLogStore(proj, 'app', opt), 'LogStoreNotExist');
  });
  done();
})().catch(done);
