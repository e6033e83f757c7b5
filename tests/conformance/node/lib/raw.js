// raw.js — a request signed by the official SDK's own signer (client._sign,
// unchanged) but sent here, for what the SDK's methods do not hand back:
// response headers (x-log-query-info, x-log-compresstype) and binary
// bodies (PullLogs). Returns { status, headers, body: Buffer }.
'use strict';
const http = require('http');
const crypto = require('crypto');
const querystring = require('querystring');

function raw(client, verb, project, path, queries, body, headers) {
  const port = Number(process.env.SLSD_PORT);
  const h = Object.assign({
    'content-type': 'application/json',
    'date': new Date().toGMTString(),
    'x-log-apiversion': '0.6.0',
    'x-log-signaturemethod': 'hmac-sha1',
    'x-log-bodyrawsize': body ? String(body.length) : '0',
  }, headers || {});
  if (body) h['content-md5'] = crypto.createHash('md5').update(body).digest('hex').toUpperCase();
  h.authorization = client._sign(verb, path, queries || {}, h, {
    accessKeyId: process.env.SLSD_AK_ID, accessKeySecret: process.env.SLSD_AK_SECRET,
  });
  h.host = `${project}.localhost:${port}`;
  const qs = queries && Object.keys(queries).length ? `?${querystring.stringify(queries)}` : '';
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: verb, path: path + qs, headers: h }, res => {
      const parts = [];
      res.on('data', d => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    if (body) req.write(body);
    req.end();
  });
}

module.exports = { raw };
