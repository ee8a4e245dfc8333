import { Agent, InvalidOptionError, type Logger } from 'node-agent-sdk';
import { fakeLPSuite } from '../helpers/suite';
import { nextEvent } from '../helpers/events';
import { sync } from '../helpers/wait';
import { FAST_RETRY, callback, serverCloses } from '../helpers/resilience';
import { ACCOUNT, BEARER, CSRF, USER_PID } from '../helpers/fake-lp';

const suite = fakeLPSuite();
const ME = { accountId: ACCOUNT, agentId: USER_PID };

type Line = [level: string, message: string, fields: Record<string, any>];

/** A console-shaped logger (message first, then fields) that keeps what it is given. */
function recordingLogger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (message: string, fields: Record<string, any>) => void lines.push([level, message, fields]);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Shaped like a pino logger: `child`, `bindings`, and `(mergingObject, message)` calls. */
function pinoShapedLogger() {
  const records: Array<{ level: string; obj: unknown; msg: unknown }> = [];
  const at = (level: string) => (obj: unknown, msg?: unknown) => void records.push({ level, obj, msg });
  const logger = { records, level: 'debug', debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), bindings: () => ({}), child: () => logger };
  return logger;
}

const consoleMethods = ['debug', 'info', 'warn', 'error', 'log'] as const;

describe('logging', () => {
  it('writes nothing anywhere without logger or logLevel', async () => {
    const spies = consoleMethods.map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
    const stderr = jest.spyOn(process.stderr, 'write');
    const stdout = jest.spyOn(process.stdout, 'write');
    const { agent } = await suite.connected({ autoReconnect: FAST_RETRY });
    await callback((cb) => agent.getClock({}, cb));
    suite.lp.notify('.ams.routing.AgentStateNotification', { changes: [] });
    const reconnected = nextEvent(agent, 'reconnected');
    serverCloses(suite.lp, 1006);
    await reconnected;
    agent.dispose();
    for (const spy of [...spies, stderr, stdout]) expect(spy).not.toHaveBeenCalled();
  });

  it('at the default level (warn) logs closes and reconnects with their fields, nothing of a healthy connection', async () => {
    const logger = recordingLogger();
    const { agent } = await suite.connected({ logger, autoReconnect: FAST_RETRY });
    await callback((cb) => agent.getClock({}, cb));
    const reconnected = nextEvent(agent, 'reconnected');
    serverCloses(suite.lp, 4000);
    await reconnected;
    expect(logger.lines).toEqual([
      ['warn', 'socket closed', { ...ME, code: 4000 }],
      ['warn', 'reconnecting', { ...ME, attempt: 1, delayMs: 20, cause: 'close:4000', code: 4000 }],
    ]);
  });

  it('at info also logs the connection life: connected, reconnected (with the attempt), reconnect requested, disposed', async () => {
    const logger = recordingLogger();
    const agent = suite.agents.track(new Agent(suite.lp.config({ logger, logLevel: 'info', refreshSessionToken: false, autoReconnect: FAST_RETRY })));
    await nextEvent(agent, 'connected');
    const reconnected = nextEvent(agent, 'reconnected');
    serverCloses(suite.lp, 1000);
    await reconnected;
    agent.reconnect(true);
    await nextEvent(agent, 'connected');
    agent.dispose();
    expect(logger.lines).toEqual([
        ['info', 'connected', ME],
      ['info', 'socket closed', { ...ME, code: 1000 }],
      ['warn', 'reconnecting', { ...ME, attempt: 1, delayMs: 20, cause: 'close:1000', code: 1000 }],
      ['info', 'reconnected', { ...ME, attempt: 1 }],
      ['info', 'reconnect requested', ME],
      ['info', 'connected', ME],
      ['info', 'disposed', ME],
    ]);
  });

  it('logs error events with location, code and service; with only a token the agent id is account.user', async () => {
    const logger = recordingLogger();
    suite.lp.tokens.clear(); // the socket upgrade answers 401
    const agent = suite.agents.track(new Agent(suite.lp.config({ logger, token: 'some-token', userId: '42', username: undefined, password: undefined })));
    agent.on('error', () => undefined);
    await nextEvent(agent, 'closed');
    const agentId = `${ACCOUNT}.42`;
    expect(logger.lines).toEqual([
      ['error', 'error', { accountId: ACCOUNT, agentId, location: 'Socket', error: 'Error on WS connection: Unexpected server response: 401', code: 401, service: 'messaging' }],
      ['warn', 'socket closed', { accountId: ACCOUNT, agentId, code: 1006 }],
    ]);
  });

  it('logs a payload the SDK could not fully rewrite as a warning, as the warn event says', async () => {
    const logger = recordingLogger();
    const { agent } = await suite.connected({ logger });
    const warned = nextEvent(agent, 'warn');
    suite.lp.notify('.ams.aam.ExConversationChangeNotification', {
      changes: [
        {
          type: 'UPSERT',
          result: {
            convId: 'c1',
            conversationDetails: {
              participants: { ASSIGNED_AGENT: [`${ACCOUNT}.7777`] },
              participantsPId: { ASSIGNED_AGENT: [USER_PID] },
              dialogs: [{ dialogId: 'v-1', channelType: 'VOICE', participantsDetails: [{ id: `${ACCOUNT}.7777`, role: 'ASSIGNED_AGENT', state: 'ACTIVE' }] }],
            },
          },
        },
      ],
    });
    const warning = await warned;
    expect(warning).toEqual({ message: 'Unknown channelType: VOICE' });
    expect(logger.lines).toEqual([['warn', 'Unknown channelType: VOICE', ME]]);
  });

  it('calls a pino-shaped logger with (fields, message)', async () => {
    const logger = pinoShapedLogger();
    await suite.connected({ logger, logLevel: 'info' });
    expect(logger.records).toEqual([{ level: 'info', obj: ME, msg: 'connected' }]);
  });

  it('with logLevel alone, logs to console', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    // Not tracked by the suite: disposed here, while console is still mocked.
    const agent = new Agent(suite.lp.config({ logLevel: 'info', refreshSessionToken: false }));
    await nextEvent(agent, 'connected');
    agent.dispose();
    expect(info.mock.calls).toEqual([
      ['connected', ME],
      ['disposed', ME],
    ]);
  });

  it('logs nothing at silent', async () => {
    const logger = recordingLogger();
    const { agent } = await suite.connected({ logger, logLevel: 'silent' });
    await callback((cb) => agent.getClock({}, cb));
    serverCloses(suite.lp, 4000);
    await nextEvent(agent, 'closed');
    expect(logger.lines).toEqual([]);
  });

  it('a logger that throws does not disturb the agent', async () => {
    const throwing = { debug: boom, info: boom, warn: boom, error: boom };
    const { agent } = await suite.connected({ logger: throwing, logLevel: 'debug' });
    const [err, body] = await callback((cb) => agent.getClock({}, cb));
    expect([err, body]).toEqual([null, { currentTime: 1700000000000 }]);
    function boom(): never {
      throw new Error('logger down');
    }
  });

  it.each([
    [{ logger: {} }, 'invalid option logger: expected an object with debug, info, warn and error methods (console, pino and winston fit), got "an object without them"'],
    [{ logger: { debug() {}, info() {}, warn() {} } }, 'invalid option logger: expected an object with debug, info, warn and error methods (console, pino and winston fit), got "an object without them"'],
    [{ logger: 'console' }, 'invalid option logger: expected an object with debug, info, warn and error methods (console, pino and winston fit), got "string"'],
    [{ logLevel: 'verbose' }, 'invalid option logLevel: expected debug, info, warn, error, silent, got "verbose"'],
    [{ logLevel: 30 }, 'invalid option logLevel: expected debug, info, warn, error, silent, got 30'],
    [{ traceTextLimit: -1 }, 'invalid option traceTextLimit: expected a whole number of characters from 0, got -1'],
    [{ traceTextLimit: 2.5 }, 'invalid option traceTextLimit: expected a whole number of characters from 0, got 2.5'],
  ])('rejects bad options at construction: %j', (extra, message) => {
    let thrown: any;
    try {
      new Agent(suite.lp.config(extra));
    } catch (err) {
      thrown = err;
    }
    expect({ message: thrown?.message, code: thrown?.code }).toEqual({ message, code: 'ERR_INVALID_OPTION' });
    expect(thrown).toBeInstanceOf(InvalidOptionError);
  });
});

describe('the frame trace (debug)', () => {
  it('logs every frame out and in, with the request type', async () => {
    const logger = recordingLogger();
    const { agent } = await suite.connected({ logger, logLevel: 'debug' });
    logger.lines.length = 0;
    const id = agent.getClock({}, () => undefined);
    await nextEvent(agent, '.GetClock$Response');
    expect(logger.lines).toEqual([
      ['debug', 'frame out', { ...ME, direction: 'out', type: '.GetClock', frame: { kind: 'req', id, type: '.GetClock', body: {}, headers: undefined, metadata: undefined, encodedMetadata: undefined } }],
      ['debug', 'frame in', { ...ME, direction: 'in', type: '.GetClock$Response', frame: { kind: 'resp', reqId: id, code: 200, type: '.GetClock$Response', body: { currentTime: 1700000000000 } } }],
    ]);
  });

  it('at debug also logs the connection steps that succeeded', async () => {
    const logger = recordingLogger();
    await suite.connected({ logger, logLevel: 'debug' });
    expect(logger.lines).toEqual([
      ['debug', 'step succeeded', { accountId: ACCOUNT, location: 'Connect#CSDS' }],
      ['debug', 'step succeeded', { ...ME, location: 'Connect#Login' }],
      ['info', 'connected', ME],
    ]);
  });

  it('cuts message text at traceTextLimit and masks tokens, passwords, OAuth secrets and cookies', async () => {
    const logger = recordingLogger();
    const { agent } = await suite.connected({ logger, logLevel: 'debug', traceTextLimit: 10 });
    logger.lines.length = 0;
    agent.publishEvent({ dialogId: 'd1', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'Hello there, my password=hunter2 ok?' } }, { Authorization: 'Bearer abc.def' });
    suite.lp.notify('custom.Secrets', {
      token: 'tok-1',
      accessTokenSecret: 'ats-1',
      nested: { 'Set-Cookie': ['Session_id=s1; Path=/'], csrf: CSRF },
      note: `wss://h/ws_api/account/1/messaging/brand/${BEARER}?v=2.1`,
    });
    await sync(suite.lp, agent);
    const [out, in1] = logger.lines;
    expect(out[2].frame.body.event.message).toBe('Hello ther…(32 chars)');
    expect(out[2].frame.headers).toEqual({ Authorization: '***' });
    expect(in1[2].frame.body).toEqual({ token: '***', accessTokenSecret: '***', nested: { 'Set-Cookie': '***', csrf: '***' }, note: 'wss://h/ws…(50 chars)' });
    const everything = JSON.stringify(logger.lines);
    for (const secret of ['hunter2', 'abc.def', 'tok-1', 'ats-1', 's1;', CSRF, BEARER, 'secret']) expect(everything).not.toContain(secret);
  });

  it('traces text that is not JSON, masked and cut', async () => {
    const logger = recordingLogger();
    const { agent } = await suite.connected({ logger, logLevel: 'debug', traceTextLimit: 40 });
    logger.lines.length = 0;
    suite.lp.push(`not json /brand/${BEARER}?v=1 ${'x'.repeat(50)}`);
    await sync(suite.lp, agent);
    expect(logger.lines[0]).toEqual(['debug', 'frame in', { ...ME, direction: 'in', frame: 'not json /brand/***?v=1 xxxxxxxxxxxxxxxx…(74 chars)' }]);
  });
});
