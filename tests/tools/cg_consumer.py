#!/usr/bin/python3
# cg_consumer — a consumer-group consumer written here from the SDKs'
# protocol (aliyun-log-python-sdk aliyun/log/consumer/, aliyun-log-go-sdk
# consumer/), Python 3 standard library only, for tests/e2e/slsd_consumer.sh.
#
# As the SDKs' workers do: create the group (update it when it exists),
# heartbeat every HEARTBEAT seconds with the shards it holds (what it was
# granted and has not dropped), take a granted shard from its checkpoint
# (or the begin cursor), drop a shard the heartbeat no longer grants after
# committing its checkpoint, drop everything when no heartbeat succeeded
# for the group's timeout. Unlike the SDKs it commits after every batch
# (forceSuccess=false; on ConsumerNotMatch the shard has moved: it commits
# with forceSuccess=true, as the SDKs' shutdown does, and drops the shard),
# so only a consumer killed between processing and commit can repeat logs.
#
#   cg_consumer.py setup PROJECT LOGSTORE SHARDS
#   cg_consumer.py put PROJECT LOGSTORE FROM N     (logs id=FROM..FROM+N-1, 5 per PutLogs)
#   cg_consumer.py checkpoints PROJECT LOGSTORE GROUP
#   cg_consumer.py consume PROJECT LOGSTORE GROUP NAME TIMEOUT HEARTBEAT OUT
#
# consume appends "NAME SHARD ID" to OUT per log and rewrites OUT.state
# ("held 0 2") after each heartbeat; SIGTERM stops it. Environment:
# SLSD_PORT, SLSD_AK_ID, SLSD_AK_SECRET.
import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import signal
import sys
import time
import urllib.parse
import zlib


class SlsError(Exception):
    def __init__(self, status, code, msg):
        super().__init__('%s %s: %s' % (status, code, msg))
        self.status, self.code = status, code


def request(method, project, path, query=None, body=None, headers=None):
    """One v1-signed call; (status, headers, body bytes); SlsError on an error reply."""
    query = query or {}
    hdr = {'x-log-apiversion': '0.6.0', 'x-log-signaturemethod': 'hmac-sha1',
           'Date': email.utils.formatdate(usegmt=True), 'x-log-bodyrawsize': '0'}
    hdr.update(headers or {})
    md5 = ''
    if body:
        hdr['Content-Type'] = hdr.get('Content-Type', 'application/json')
        md5 = hashlib.md5(body).hexdigest().upper()
        hdr['Content-MD5'] = md5
        hdr['x-log-bodyrawsize'] = hdr.get('x-log-bodyrawsize', str(len(body)))
    canon = ''.join('%s:%s\n' % (k.lower(), v.strip()) for k, v in
                    sorted(hdr.items(), key=lambda kv: kv[0].lower())
                    if k.lower().startswith('x-log-') or k.lower().startswith('x-acs-'))
    res = path
    if query:
        res += '?' + '&'.join('%s=%s' % (k, query[k]) for k in sorted(query))
    sts = '%s\n%s\n%s\n%s\n%s%s' % (method, md5, hdr.get('Content-Type', ''), hdr['Date'],
                                    canon, res)
    sig = base64.b64encode(hmac.new(os.environ['SLSD_AK_SECRET'].encode(), sts.encode(),
                                    hashlib.sha1).digest()).decode()
    hdr['Authorization'] = 'LOG %s:%s' % (os.environ['SLSD_AK_ID'], sig)
    port = os.environ['SLSD_PORT']
    hdr['Host'] = ('%s.localhost:%s' % (project, port)) if project else ('localhost:' + port)
    url = urllib.parse.quote(path) + ('?' + urllib.parse.urlencode(query) if query else '')
    conn = http.client.HTTPConnection('127.0.0.1', int(port), timeout=30)
    try:
        conn.request(method, url, body=body, headers=hdr)
        r = conn.getresponse()
        data = r.read()
        rh = {k.lower(): v for k, v in r.getheaders()}
    finally:
        conn.close()
    if r.status != 200:
        try:
            e = json.loads(data)
            raise SlsError(r.status, e.get('errorCode'), e.get('errorMessage'))
        except ValueError:
            raise SlsError(r.status, 'BadReply', data[:200])
    return r.status, rh, data


def jcall(method, project, path, query=None, obj=None):
    body = json.dumps(obj).encode() if obj is not None else None
    _, _, data = request(method, project, path, query, body)
    return json.loads(data) if data else None


# ---- protobuf: LogGroupList{1: LogGroup{1: Log{1 time, 2: Content{1 key, 2 value}}}} ----

def pb_fields(buf):
    i = 0
    while i < len(buf):
        key, i = pb_varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            val, i = pb_varint(buf, i)
        elif wt == 2:
            n, i = pb_varint(buf, i)
            val, i = buf[i:i + n], i + n
        elif wt == 5:
            val, i = buf[i:i + 4], i + 4
        elif wt == 1:
            val, i = buf[i:i + 8], i + 8
        else:
            raise ValueError('wire type %d' % wt)
        yield num, val


def pb_varint(buf, i):
    shift = val = 0
    while True:
        b = buf[i]
        i += 1
        val |= (b & 0x7f) << shift
        shift += 7
        if not b & 0x80:
            return val, i


def pb_encode_bytes(num, data):
    return pb_encode_varint(num << 3 | 2) + pb_encode_varint(len(data)) + data


def pb_encode_varint(v):
    out = b''
    while True:
        b = v & 0x7f
        v >>= 7
        if v:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def log_ids(body):
    """The id content of every log of a LogGroupList, in order."""
    ids = []
    for num, group in pb_fields(body):
        if num != 1:
            continue
        for gnum, log in pb_fields(group):
            if gnum != 1:
                continue
            for lnum, content in pb_fields(log):
                if lnum == 2:
                    kv = dict(pb_fields(content))
                    if kv.get(1) == b'id':
                        ids.append(kv.get(2, b'').decode())
    return ids


# ---- the commands ----------------------------------------------------------

def cmd_setup(project, logstore, shards):
    jcall('POST', None, '/', obj={'projectName': project, 'description': 'consumer test'})
    jcall('POST', project, '/logstores', obj={'logstoreName': logstore, 'ttl': 7,
                                              'shardCount': int(shards)})


def cmd_put(project, logstore, start, n):
    start, n = int(start), int(n)
    for b in range(start, start + n, 5):
        group = b''
        for i in range(b, min(b + 5, start + n)):
            content = pb_encode_bytes(1, b'id') + pb_encode_bytes(2, str(i).encode())
            log = pb_encode_varint(1 << 3) + pb_encode_varint(int(time.time()))
            group += pb_encode_bytes(1, log + pb_encode_bytes(2, content))
        request('POST', project, '/logstores/%s/shards/lb' % logstore, body=group,
                headers={'Content-Type': 'application/x-protobuf',
                         'x-log-bodyrawsize': str(len(group))})


def cmd_checkpoints(project, logstore, group):
    for cp in jcall('GET', project, '/logstores/%s/consumergroups/%s' % (logstore, group)):
        print(cp['shard'], cp['checkpoint'], cp['consumer'])


class Consumer:
    def __init__(self, project, logstore, group, name, timeout, heartbeat, out):
        self.project, self.logstore, self.group, self.name = project, logstore, group, name
        self.timeout, self.heartbeat = int(timeout), float(heartbeat)
        self.out = open(out, 'a', buffering=1)
        self.state = out + '.state'
        self.cg = '/logstores/%s/consumergroups/%s' % (logstore, group)
        self.cursor = {}      # shard -> next cursor, for the shards it consumes
        self.heart = set()    # what the heartbeat says it holds
        self.last_ok = time.time()
        self.stop = False

    def ensure_group(self):
        try:
            jcall('POST', self.project, '/logstores/%s/consumergroups' % self.logstore,
                  obj={'consumerGroup': self.group, 'timeout': self.timeout, 'order': False})
        except SlsError as e:
            if e.code != 'ConsumerGroupAlreadyExist':
                raise
            jcall('PUT', self.project, self.cg, obj={'timeout': self.timeout, 'order': False})

    def commit(self, shard, force):
        q = {'type': 'checkpoint', 'consumer': self.name,
             'forceSuccess': 'true' if force else 'false'}
        jcall('POST', self.project, self.cg, q, {'shard': shard, 'checkpoint': self.cursor[shard]})

    def drop(self, shard):
        try:
            self.commit(shard, True)
        except SlsError as e:
            print('%s: commit of shard %d on release: %s' % (self.name, shard, e), file=sys.stderr)
        del self.cursor[shard]
        self.heart.discard(shard)

    def take(self, shard):
        cps = jcall('GET', self.project, self.cg, {'shard': str(shard)})
        cp = cps[0]['checkpoint'] if cps else ''
        if not cp:
            _, _, data = request('GET', self.project, '/logstores/%s/shards/%d' %
                                 (self.logstore, shard), {'type': 'cursor', 'from': 'begin'})
            cp = json.loads(data)['cursor']
        self.cursor[shard] = cp

    def beat(self):
        try:
            granted = set(jcall('POST', self.project, self.cg,
                                {'type': 'heartbeat', 'consumer': self.name}, sorted(self.heart)))
            self.last_ok = time.time()
        except (SlsError, OSError) as e:
            print('%s: heartbeat: %s' % (self.name, e), file=sys.stderr)
            if time.time() - self.last_ok > self.timeout + self.heartbeat:
                granted = set()   # as the SDKs: our shards are someone else's by now
                for shard in list(self.cursor):
                    del self.cursor[shard]
                self.heart.clear()
            else:
                return
        for shard in sorted(set(self.cursor) - granted):
            self.drop(shard)
        for shard in sorted(granted - set(self.cursor)):
            self.take(shard)
        self.heart |= granted
        with open(self.state + '.tmp', 'w') as f:
            f.write('held %s\n' % ' '.join(str(s) for s in sorted(self.cursor)))
        os.replace(self.state + '.tmp', self.state)

    def pull(self, shard):
        _, h, data = request('GET', self.project, '/logstores/%s/shards/%d' % (self.logstore, shard),
                             {'type': 'log', 'cursor': self.cursor[shard], 'count': '20'},
                             headers={'Accept': 'application/x-protobuf',
                                      'Accept-Encoding': 'deflate'})
        if int(h.get('x-log-count', '0')) == 0:
            return 0
        if h.get('x-log-compresstype') == 'deflate':
            data = zlib.decompress(data)
        ids = log_ids(data)
        for i in ids:
            self.out.write('%s %d %s\n' % (self.name, shard, i))
        self.out.flush()
        self.cursor[shard] = h['x-log-cursor']
        try:
            self.commit(shard, False)
        except SlsError as e:
            if e.code != 'ConsumerNotMatch':
                raise
            self.drop(shard)   # it has moved: hand it over with what we did
        return len(ids)

    def run(self):
        self.ensure_group()
        next_beat = 0
        while not self.stop:
            if time.time() >= next_beat:
                self.beat()
                next_beat = time.time() + self.heartbeat
            busy = 0
            for shard in sorted(self.cursor):
                try:
                    busy += self.pull(shard)
                except (SlsError, OSError) as e:
                    print('%s: shard %d: %s' % (self.name, shard, e), file=sys.stderr)
            if not busy:
                time.sleep(min(0.1, max(0.0, next_beat - time.time())))


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == 'setup':
        cmd_setup(*args)
    elif cmd == 'put':
        cmd_put(*args)
    elif cmd == 'checkpoints':
        cmd_checkpoints(*args)
    elif cmd == 'consume':
        c = Consumer(*args)

        def on_term(*_):
            c.stop = True
        signal.signal(signal.SIGTERM, on_term)
        c.run()
    else:
        sys.exit('usage: see the head of ' + argv[0])


if __name__ == '__main__':
    main(sys.argv)
