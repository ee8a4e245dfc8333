'use strict';

// The floor: a minimal UMS client on top of ws 8. CSDS + login over https, one websocket,
// JSON frames out, JSON.parse in, reqId matched in a Map, notifications dispatched by type.
// Timeouts: one interval timer; the Map is in insertion (= launch) order, so expiry scans
// stop at the first request that is still young.

const https = require('https');
const WebSocket = require('ws');
const { randomUUID } = require('crypto');

// BENCH_RAW_UUID=1: uuid v4 request ids like the SDKs must send, to separate that cost from the SDK's own.
const UUID_IDS = process.env.BENCH_RAW_UUID === '1';

function httpJson(method, url, body, cb) {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(url, {
        method,
        headers: data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
    }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
            let parsed;
            try {
                parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch (e) {
                return cb(e);
            }
            if (res.statusCode > 299) return cb(new Error(`HTTP ${res.statusCode}`));
            cb(null, parsed);
        });
    });
    req.on('error', cb);
    req.end(data);
}

class RawClient {
    constructor(conf) {
        this.conf = conf;
        this.requestTimeout = conf.requestTimeout || 10000;
        this.errorCheckInterval = conf.errorCheckInterval || 1000;
        this.pending = new Map(); // id -> {cb, t}
        this.handlers = new Map(); // type -> fn(body)
        this.seq = 0;
        this.timer = null;
        this.ws = null;
    }

    connect(cb) {
        const { accountId, csdsDomain } = this.conf;
        httpJson('GET', `https://${csdsDomain}/api/account/${accountId}/service/baseURI.json?version=1.0`, undefined, (err, csds) => {
            if (err) return cb(err);
            const domains = {};
            for (const e of csds.baseURIs || []) domains[e.service] = e.baseURI;
            httpJson('POST', `https://${domains.agentVep}/api/account/${accountId}/login?v=1.3`,
                { username: this.conf.username, password: this.conf.password }, (err2, login) => {
                    if (err2) return cb(err2);
                    const ws = new WebSocket(`wss://${domains.facadeMsg}/ws_api/account/${accountId}/messaging/brand/${login.bearer}?v=2.1`,
                        { perMessageDeflate: false });
                    this.ws = ws;
                    let done = false;
                    ws.on('open', () => {
                        if (!done) {
                            done = true;
                            cb(null);
                        }
                    });
                    ws.on('error', (e) => {
                        if (!done) {
                            done = true;
                            cb(e);
                        }
                    });
                    ws.on('message', (data) => this._onMessage(data));
                });
        });
    }

    _onMessage(data) {
        const msg = JSON.parse(data);
        if (msg.kind === 'resp') {
            const p = this.pending.get(msg.reqId);
            if (p !== undefined) {
                this.pending.delete(msg.reqId);
                if (msg.code > 399) p.cb(msg, msg.body);
                else p.cb(null, msg.body);
            }
        } else if (msg.kind === 'notification') {
            const h = this.handlers.get(msg.type);
            if (h !== undefined) h(msg.body);
        }
    }

    on(type, fn) {
        this.handlers.set(type, fn);
    }

    request(type, body, cb) {
        const id = UUID_IDS ? randomUUID() : String(++this.seq);
        this.pending.set(id, { cb, t: Date.now() });
        if (this.timer === null) this.timer = setInterval(() => this._expire(), this.errorCheckInterval);
        this.ws.send(JSON.stringify({ kind: 'req', id, type, body: body || {} }));
        return id;
    }

    getClock(body, cb) {
        return this.request('.GetClock', body, cb);
    }

    _expire() {
        const limit = Date.now() - this.requestTimeout;
        for (const [id, p] of this.pending) {
            if (p.t >= limit) break;
            this.pending.delete(id);
            p.cb(new Error('Request has timed out'));
        }
        if (this.pending.size === 0) {
            clearInterval(this.timer);
            this.timer = null;
        }
    }

    dispose() {
        if (this.timer) clearInterval(this.timer);
        if (this.ws) this.ws.terminate();
    }
}

module.exports = RawClient;
