// hostile_server.js — an SLS endpoint that lies in every string it sends:
// error codes and messages, x-log-requestid, project fields and names all
// carry terminal escapes (ESC ] 0 ; title BEL, ESC [ 2 J, C1 CSI, a bidi
// override), some as JSON \u escapes and some as raw bytes in headers. The
// e2e test checks that slsx prints none of them raw.
//
//   node hostile_server.js  -> prints "listening on http://127.0.0.1:PORT"
'use strict';
const net = require('net');

const EVIL = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';
const RAW_ID = Buffer.from('REQ\x1b]0;id\x07\x1b[2J', 'latin1');

function reply(sock, status, body) {
	const b = Buffer.from(JSON.stringify(body), 'utf8');
	const head = Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\n` +
		`Content-Length: ${b.length}\r\nx-log-requestid: `, 'latin1');
	sock.write(Buffer.concat([head, RAW_ID, Buffer.from('\r\n\r\n', 'latin1'), b]));
}

function answer(sock, method, path, host) {
	const project = /^[^.]+\.127\.0\.0\.1/.test(host) ? host.split('.')[0] : null;
	if (project === null && path.split('?')[0] === '/') {
		return reply(sock, 200, { count: 1, total: 1, projects: [
			{ projectName: 'p' + EVIL, status: 'Normal', region: 'r' }] });
	}
	if (project !== null && path.split('?')[0] === '/') {
		return reply(sock, 200, { projectName: project, status: EVIL, region: EVIL,
			description: '' });
	}
	return reply(sock, 403, { errorCode: 'Denied' + EVIL, errorMessage: 'no' + EVIL });
}

const server = net.createServer((sock) => {
	let buf = Buffer.alloc(0);
	sock.on('data', (d) => {
		buf = Buffer.concat([buf, d]);
		for (;;) {
			const end = buf.indexOf('\r\n\r\n');
			if (end < 0)
				return;
			const head = buf.slice(0, end).toString('latin1').split('\r\n');
			const len = Number((head.find((h) => /^content-length:/i.test(h)) || ':0')
				.split(':')[1]);
			if (buf.length < end + 4 + len)
				return;
			const [method, path] = head[0].split(' ');
			const host = (head.find((h) => /^host:/i.test(h)) || 'host: ').slice(5).trim();
			buf = buf.slice(end + 4 + len);
			answer(sock, method, path, host);
		}
	});
	sock.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
	console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
