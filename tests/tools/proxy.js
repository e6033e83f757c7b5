// proxy.js — a forward HTTP proxy for the e2e tests: absolute-URI requests
// (http:// through the proxy) are forwarded, CONNECT (https://) is tunnelled,
// and each is appended to LOG as "<METHOD> <target>", so a test can see
// what went through it.
//
//   node proxy.js LOG   -> prints "listening on http://127.0.0.1:PORT"
'use strict';
const http = require('http');
const net = require('net');
const fs = require('fs');

const log = process.argv[2];
const note = (line) => fs.appendFileSync(log, line + '\n');

const server = http.createServer((req, res) => {
	note(`${req.method} ${req.url}`);
	const u = new URL(req.url);
	const up = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search,
		method: req.method, headers: req.headers }, (r) => {
		res.writeHead(r.statusCode, r.headers);
		r.pipe(res);
	});
	up.on('error', () => { res.writeHead(502); res.end(); });
	req.pipe(up);
});
server.on('connect', (req, sock, head) => {
	note(`CONNECT ${req.url}`);
	const [host, port] = req.url.split(':');
	const up = net.connect(Number(port), host, () => {
		sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		up.write(head);
		up.pipe(sock);
		sock.pipe(up);
	});
	up.on('error', () => sock.destroy());
	sock.on('error', () => up.destroy());
});
server.listen(0, '127.0.0.1', () => {
	console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
