// h2_front.js — a TLS front for the e2e tests: HTTPS that offers HTTP/2
// by ALPN (and HTTP/1.1 to clients that don't ask for it), forwarding every
// request unchanged to an HTTP/1.1 upstream (slsd). It appends one line per
// request to LOG: "<http version> <connection number> <method> <path>", so a
// test can see which protocol the client spoke and whether its requests
// shared one connection.
//
//   node h2_front.js KEY CERT UPSTREAM_URL LOG
//   -> prints "listening on https://127.0.0.1:PORT"
'use strict';
const http2 = require('http2');
const http = require('http');
const fs = require('fs');

const [keyFile, certFile, upstream, logFile] = process.argv.slice(2);
const up = new URL(upstream);
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection',
	'upgrade']);
let conns = 0;

const server = http2.createSecureServer({
	key: fs.readFileSync(keyFile),
	cert: fs.readFileSync(certFile),
	allowHTTP1: true,
});
server.on('secureConnection', (sock) => { sock.frontId = ++conns; });

server.on('request', (req, res) => {
	const conn = req.httpVersion === '2.0' ? req.stream.session.socket.frontId
		: req.socket.frontId;
	const headers = {};
	for (const [k, v] of Object.entries(req.headers))
		if (!k.startsWith(':') && !hopByHop.has(k))
			headers[k] = v;
	headers.host = req.headers[':authority'] || req.headers.host;
	fs.appendFileSync(logFile, `${req.httpVersion} ${conn} ${req.method} ${req.url}\n`);
	const fwd = http.request({ host: up.hostname, port: up.port, method: req.method,
		path: req.url, headers }, (r) => {
		const out = {};
		for (const [k, v] of Object.entries(r.headers))
			if (!hopByHop.has(k))
				out[k] = v;
		res.writeHead(r.statusCode, out);
		r.pipe(res);
	});
	fwd.on('error', (e) => {
		res.writeHead(502, { 'content-type': 'text/plain' });
		res.end(String(e));
	});
	req.pipe(fwd);
});

server.listen(0, '127.0.0.1', () => {
	console.log(`listening on https://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
