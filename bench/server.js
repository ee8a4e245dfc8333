'use strict';

// Bench server: CSDS + agentVep login + UMS websocket on one HTTPS port (127.0.0.1, port 0).
// Runs in its own child process (spawned by run.js with an IPC channel).
//
// Behaviour is chosen per connection by the bearer token, which the login derives from the
// username: username `mode` -> bearer `bench_<mode>_<n>`. Modes:
//   normal         answer every request (.GetClock with its $Response, others with 200 {})
//   silent         never answer anything
//   oed-<N>        like normal; on the first .GetClock, answer it, then push N raw
//                  .ams.ms.OnlineEventDistribution notifications
//   exconv-<N>     same with N .ams.aam.ExConversationChangeNotification (50 participants, 5 dialogs)
// The parent can also send IPC messages: {cmd:'stats'} -> {type:'stats', ...}.

const fs = require('fs');
const https = require('https');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');
const payloads = require('./lib/payloads');

const [certPath, keyPath] = process.argv.slice(2);
const cert = fs.readFileSync(certPath, 'utf8');
const key = fs.readFileSync(keyPath, 'utf8');

const stats = { tlsHandshakes: 0, csds: 0, logins: 0, refresh: 0, sockets: 0, openSockets: 0, requests: 0, pushed: 0 };
let tokenSeq = 0;
let host = '';

const oedFrame = payloads.onlineEventFrameFactory();
const exconvFrame = payloads.exConversationFrameFactory();

function json(res, status, obj, headers) {
    const body = JSON.stringify(obj);
    res.writeHead(status, Object.assign({
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
    }, headers || {}));
    res.end(body);
}

function readBody(req, cb) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
        let parsed = {};
        try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        } catch {
            parsed = {};
        }
        cb(parsed);
    });
}

const CSDS_RE = /^\/api\/account\/([^/]+)\/service\/baseURI\.json/;
const LOGIN_RE = /^\/api\/account\/([^/]+)\/login/;
const REFRESH_RE = /^\/api\/account\/([^/]+)\/refresh/;
const WS_RE = /^\/ws_api\/account\/([^/]+)\/messaging\/brand\/([^/?]+)/;

const server = https.createServer({ key, cert }, (req, res) => {
    const url = req.url || '';
    let m;
    if (req.method === 'GET' && (m = CSDS_RE.exec(url))) {
        stats.csds++;
        const account = m[1];
        return json(res, 200, {
            baseURIs: ['agentVep', 'facadeMsg', 'asyncMessagingEnt'].map((service) => ({ account, service, baseURI: host })),
        });
    }
    if (req.method === 'POST' && LOGIN_RE.test(url)) {
        stats.logins++;
        return readBody(req, (body) => {
            const mode = /^[a-z0-9-]+$/.test(String(body.username || '')) ? body.username : 'normal';
            const bearer = `bench_${mode}_${++tokenSeq}`;
            json(res, 200, {
                csrf: crypto.randomBytes(16).toString('hex'),
                wsuk: '766900772095619056',
                config: {
                    loginName: body.username,
                    userId: payloads.USER_ID,
                    userPid: payloads.USER_PID,
                    serverCurrentTime: Date.now(),
                },
                sessionTTl: '28800000',
                bearer,
            }, { 'set-cookie': `Session_id=${tokenSeq}; Path=/; Secure; HttpOnly` });
        });
    }
    if (req.method === 'POST' && REFRESH_RE.test(url)) {
        stats.refresh++;
        return readBody(req, () => json(res, 200, {}));
    }
    json(res, 404, { error: { message: 'not found', internalCode: 404 } });
});

// 1,000 agents connect at once and a busy client may leave a keep-alive socket idle for seconds
// between its CSDS and login calls: no idle cut-off races ("socket hang up"), a deep backlog.
server.keepAliveTimeout = 120000;
server.headersTimeout = 125000;
server.on('secureConnection', () => stats.tlsHandshakes++);

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

server.on('upgrade', (req, socket, head) => {
    const m = WS_RE.exec(req.url || '');
    if (!m || !m[2].startsWith('bench_')) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
        return;
    }
    const mode = m[2].split('_')[1];
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, mode));
});

function pushFrames(ws, factory, n) {
    let seq = 0;
    const BATCH = 200;
    const HIGH_WATER = 8 * 1024 * 1024;
    const step = () => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > HIGH_WATER) {
            setTimeout(step, 1);
            return;
        }
        const start = seq;
        const end = Math.min(n, seq + BATCH);
        for (; seq < end; seq++) ws.send(factory(seq));
        stats.pushed += end - start;
        if (seq < n) setImmediate(step);
    };
    step();
}

function onSocket(ws, mode) {
    stats.sockets++;
    stats.openSockets++;
    ws.on('close', () => stats.openSockets--);
    ws.on('error', () => {});
    const silent = mode === 'silent';
    let push = null;
    const pm = /^(oed|exconv)-(\d+)$/.exec(mode);
    if (pm) push = { factory: pm[1] === 'oed' ? oedFrame : exconvFrame, n: Number(pm[2]) };

    ws.on('message', (data) => {
        stats.requests++;
        if (silent) return;
        let msg;
        try {
            msg = JSON.parse(data);
        } catch {
            return;
        }
        if (!msg || msg.kind !== 'req') return;
        const reqId = JSON.stringify(String(msg.id));
        if (msg.type === '.GetClock') {
            ws.send(`{"kind":"resp","reqId":${reqId},"code":200,"type":".GetClock$Response","body":{"currentTime":${Date.now()}}}`);
            if (push) {
                const p = push;
                push = null;
                pushFrames(ws, p.factory, p.n);
            }
        } else {
            ws.send(`{"kind":"resp","reqId":${reqId},"code":200,"type":${JSON.stringify(String(msg.type) + '$Response')},"body":{}}`);
        }
    });
}

process.on('message', (msg) => {
    if (msg && msg.cmd === 'stats') {
        const c = process.cpuUsage();
        process.send({ type: 'stats', stats: Object.assign({ cpuMs: (c.user + c.system) / 1000 }, stats) });
    }
    if (msg && msg.cmd === 'exit') process.exit(0);
});
process.on('disconnect', () => process.exit(0));

server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
    const { port } = server.address();
    host = `127.0.0.1:${port}`;
    if (process.send) process.send({ type: 'listening', port });
    else console.log(`listening on ${host}`);
});
