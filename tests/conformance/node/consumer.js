// consumer.js — consumer groups (issue 13 point 8) through the official
// Node SDK (@alicloud/log, unchanged): it has no consumer-group methods,
// so the calls go through its own client._request (signing, transport,
// error decoding as for every other call), with the paths, parameters and
// bodies the Python, Go and Java SDKs send. Create/list/update/delete,
// heartbeats sharing the shards (a shard moves only once its holder drops
// it), checkpoints with forceSuccess and their errors. Prints "ok NAME" /
// "FAIL NAME" and a closing "N passed, N failed" line.
'use strict';
const { client: mk, opt, t, eq, rejects, done } = require('./lib/common.js');

const client = mk();
const proj = 'nodecg';
const cgs = '/logstores/web/consumergroups';

function call(verb, path, queries, obj) {
  const body = obj === undefined ? null : Buffer.from(JSON.stringify(obj));
  return client._request(verb, proj, path, queries || {}, body,
    body ? { 'x-log-bodyrawsize': body.byteLength } : {}, opt);
}
const beat = (who, held) => call('POST', `${cgs}/g1`, { type: 'heartbeat', consumer: who }, held);
const commit = (who, shard, cp, force) => call('POST', `${cgs}/g1`,
  { type: 'checkpoint', consumer: who, forceSuccess: force ? 'true' : 'false' }, { shard, checkpoint: cp });

(async () => {
  await client.createProject(proj, { description: 'consumer groups' }, opt);
  await client.createLogStore(proj, 'web', { ttl: 7, shardCount: 4 }, opt);
  await client.postLogStoreLogs(proj, 'web', { logs: [{ timestamp: 1700000000, content: { a: '1' } }] }, opt);

  await t('cg_create_list_update', async () => {
    eq(await call('GET', cgs), [], 'empty list');
    await call('POST', cgs, undefined, { consumerGroup: 'g1', timeout: 20, order: false });
    await rejects(call('POST', cgs, undefined, { consumerGroup: 'g1', timeout: 20, order: false }),
      'ConsumerGroupAlreadyExist');
    await call('PUT', `${cgs}/g1`, undefined, { order: true, timeout: 40 });
    eq(await call('GET', cgs), [{ name: 'g1', timeout: 40, order: true }], 'list');
    await rejects(call('PUT', `${cgs}/nosuch`, undefined, { timeout: 5 }), 'ConsumerGroupNotExist');
    await rejects(call('POST', cgs, undefined, { consumerGroup: 'g2', timeout: -1 }), 'ParameterInvalid');
  });
  await t('cg_heartbeat_shares', async () => {
    eq(await beat('a', []), [0, 1, 2, 3], 'a alone');
    eq(await beat('b', []), [], 'b waits: a holds every shard');
    eq(await beat('a', [0, 1, 2, 3]), [0, 1], 'a keeps its half');
    eq(await beat('b', []), [], 'b waits until a drops 2 and 3');
    eq(await beat('a', [0, 1]), [0, 1], 'a dropped 2 and 3');
    eq(await beat('b', []), [2, 3], 'b gets them');
    await rejects(call('POST', `${cgs}/nosuch`, { type: 'heartbeat', consumer: 'a' }, []), 'ConsumerGroupNotExist');
    await rejects(call('POST', `${cgs}/g1`, { type: 'heartbeat', consumer: 'a' }, { x: 1 }), 'PostBodyInvalid');
  });
  await t('cg_checkpoints', async () => {
    const c = await client._request('GET', proj, '/logstores/web/shards/2', { type: 'cursor', from: 'end' }, null, {}, opt);
    await commit('b', 2, c.cursor, false);
    await rejects(commit('a', 2, c.cursor, false), 'ConsumerNotMatch');
    await rejects(commit('nobody', 2, c.cursor, false), 'ConsumerNotExsit');
    await commit('', 3, c.cursor, true);
    await rejects(commit('b', 9, c.cursor, true), 'ShardNotExsit');
    await rejects(commit('b', 2, 'not-a-cursor', true), 'ParameterInvalid');
    const one = await call('GET', `${cgs}/g1`, { shard: 2 });
    eq(one.length, 1, 'one shard');
    eq([one[0].shard, one[0].checkpoint, one[0].consumer], [2, c.cursor, 'b'], 'shard 2');
    if (!Number.isInteger(one[0].updateTime) || one[0].updateTime < 1e15)
      throw new Error(`updateTime ${one[0].updateTime} is not microseconds`);
    const all = await call('GET', `${cgs}/g1`);
    eq(all.map(x => [x.shard, x.checkpoint !== '']), [[0, false], [1, false], [2, true], [3, true]], 'all shards');
    eq(await call('GET', `${cgs}/g1`, { shard: 7 }), [], 'a shard that does not exist');
  });
  await t('cg_delete', async () => {
    await call('DELETE', `${cgs}/g1`);
    eq(await call('GET', cgs), [], 'list after delete');
    await rejects(call('DELETE', `${cgs}/g1`), 'ConsumerGroupNotExist');
    await rejects(call('GET', `${cgs}/g1`), 'ConsumerGroupNotExist');
  });
  done();
})().catch(done);
