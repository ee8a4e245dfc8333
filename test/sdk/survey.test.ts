import * as https from 'https';
import type { AddressInfo } from 'net';
import { AgentSurveyClient, SDKError } from 'node-agent-sdk';
import { testCertificate } from '../helpers/tls';
import { describeError } from '../helpers/events';

const ACCOUNT = '123456';
const STATE_PATH = `/api/account/${ACCOUNT}/forms/agent_survey/state?conv=conv-1&skill=skill-1&v=2.0`;

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Answer {
  status?: number;
  statusText?: string;
  body?: string;
  destroy?: boolean;
  hang?: boolean;
}

/** A runtimeFormLogic (rfl) stand-in on 127.0.0.1 that records calls and answers `next`. */
class FakeRfl {
  readonly seen: Seen[] = [];
  answer: Answer = { status: 200, statusText: 'OK', body: '{"ok":true}' };

  private constructor(
    private readonly server: https.Server,
    readonly ca: string,
  ) {
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        const answer = this.answer;
        if (answer.hang) return;
        if (answer.destroy) {
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.status ?? 200, answer.statusText ?? 'OK', { 'Content-Type': 'application/json' });
        res.end(answer.body ?? '');
      });
    });
  }

  static async start(): Promise<FakeRfl> {
    const { cert, key } = await testCertificate();
    const rfl = new FakeRfl(https.createServer({ cert, key }), cert);
    await new Promise<void>((resolve) => rfl.server.listen(0, '127.0.0.1', resolve));
    return rfl;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let rfl: FakeRfl;
let client: AgentSurveyClient;

beforeEach(async () => {
  rfl = await FakeRfl.start();
  client = new AgentSurveyClient({ rflDomain: rfl.host, accountId: ACCOUNT, token: 'tok-1', ca: rfl.ca });
});
afterEach(async () => {
  await rfl.close();
});

describe('AgentSurveyClient', () => {
  it('keeps its options', () => {
    expect(client.rflDomain).toBe(rfl.host);
    expect(client.accountId).toBe(ACCOUNT);
    expect(client.token).toBe('tok-1');
  });

  it('getAgentSurveyState: GET …/forms/agent_survey/state?conv&skill&v=2.0 with the bearer; resolves {status, statusText, data}', async () => {
    rfl.answer = { status: 200, statusText: 'OK', body: '{"revision":7,"state":"OPEN"}' };
    const res = await client.getAgentSurveyState('conv-1', 'skill-1');
    expect(res).toEqual({ status: 200, statusText: 'OK', data: { revision: 7, state: 'OPEN' } });
    expect(rfl.seen).toHaveLength(1);
    const [call] = rfl.seen;
    expect(call.method).toBe('GET');
    expect(call.path).toBe(STATE_PATH);
    expect(call.headers.authorization).toBe('Bearer tok-1');
    expect(call.headers['x-lp-state-rev']).toBeUndefined();
    expect(call.body).toBe('');
  });

  it('submitAgentSurvey: POST the body as JSON with x-lp-state-rev', async () => {
    const submission = { questions: [{ id: 'q1', answer: 'yes' }] };
    rfl.answer = { status: 200, statusText: 'OK', body: '{"revision":8}' };
    const res = await client.submitAgentSurvey('conv-1', 'skill-1', 7, submission);
    expect(res).toEqual({ status: 200, statusText: 'OK', data: { revision: 8 } });
    const [call] = rfl.seen;
    expect(call.method).toBe('POST');
    expect(call.path).toBe(STATE_PATH);
    expect(call.headers.authorization).toBe('Bearer tok-1');
    expect(call.headers['x-lp-state-rev']).toBe('7');
    expect(call.headers['content-type']).toBe('application/json');
    expect(JSON.parse(call.body)).toEqual(submission);
  });

  it('dismissAgentSurvey: DELETE with x-lp-state-rev, no body; an empty answer gives data undefined', async () => {
    rfl.answer = { status: 204, statusText: 'No Content' };
    const res = await client.dismissAgentSurvey('conv-1', 'skill-1', 'rev-3');
    expect(res).toEqual({ status: 204, statusText: 'No Content', data: undefined });
    const [call] = rfl.seen;
    expect(call.method).toBe('DELETE');
    expect(call.path).toBe(STATE_PATH);
    expect(call.headers['x-lp-state-rev']).toBe('rev-3');
    expect(call.headers.authorization).toBe('Bearer tok-1');
    expect(call.body).toBe('');
  });

  it('getAgentSurvey: GET the whole form, seq=true by default, seqRoot when given', async () => {
    rfl.answer = { status: 200, statusText: 'OK', body: '{"form":{}}' };
    expect(await client.getAgentSurvey('conv-1', 'skill-1')).toEqual({ status: 200, statusText: 'OK', data: { form: {} } });
    await client.getAgentSurvey('conv-1', 'skill-1', 'root-1', true);
    await client.getAgentSurvey('conv-1', 'skill-1', undefined, false);
    expect(rfl.seen.map((c) => [c.method, c.path])).toEqual([
      ['GET', `/api/account/${ACCOUNT}/forms/agent_survey?conv=conv-1&skill=skill-1&v=2.0&seq=true`],
      ['GET', `/api/account/${ACCOUNT}/forms/agent_survey?conv=conv-1&skill=skill-1&v=2.0&seq=true&seqRoot=root-1`],
      ['GET', `/api/account/${ACCOUNT}/forms/agent_survey?conv=conv-1&skill=skill-1&v=2.0&seq=false`],
    ]);
    expect(rfl.seen.every((c) => c.headers.authorization === 'Bearer tok-1')).toBe(true);
  });

  it('uses the token as it is at call time', async () => {
    client.token = 'tok-2';
    await client.getAgentSurveyState('conv-1', 'skill-1');
    expect(rfl.seen[0].headers.authorization).toBe('Bearer tok-2');
  });

  it('resolves (does not reject) with an HTTP error response', async () => {
    rfl.answer = { status: 409, statusText: 'Conflict', body: '{"error":"stale revision"}' };
    await expect(client.submitAgentSurvey('conv-1', 'skill-1', 1, {})).resolves.toEqual({
      status: 409,
      statusText: 'Conflict',
      data: { error: 'stale revision' },
    });
    rfl.answer = { status: 500, statusText: 'Internal Server Error', body: 'oops' };
    await expect(client.getAgentSurveyState('conv-1', 'skill-1')).resolves.toEqual({ status: 500, statusText: 'Internal Server Error', data: 'oops' });
  });

  it('rejects with an SDKError when the connection drops', async () => {
    rfl.answer = { destroy: true };
    const err = await client.getAgentSurveyState('conv-1', 'skill-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SDKError);
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on agent survey request: socket hang up', code: null, service: null });
  });

  it('rejects with an SDKError when no answer comes within httpTimeout', async () => {
    rfl.answer = { hang: true };
    const slow = new AgentSurveyClient({ rflDomain: rfl.host, accountId: ACCOUNT, token: 'tok-1', ca: rfl.ca, httpTimeout: 50 });
    const err = await slow.getAgentSurveyState('conv-1', 'skill-1').catch((e: unknown) => e);
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on agent survey request: timed out after 50 ms', code: null, service: null });
  });

  it('rejects with an SDKError when the certificate is not trusted (no ca)', async () => {
    const untrusting = new AgentSurveyClient({ rflDomain: rfl.host, accountId: ACCOUNT, token: 'tok-1' });
    const err: any = await untrusting.getAgentSurveyState('conv-1', 'skill-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SDKError);
    expect(err.message).toMatch(/^Error on agent survey request: self[- ]signed certificate/);
    expect(rfl.seen).toEqual([]);
  });
});
