import type { AddressInfo } from 'net';
import { once } from 'events';
import type { Server } from 'http';
import { AgentFleet } from 'node-agent-sdk/fleet';
import { AgentMetrics } from 'node-agent-sdk/metrics';
import { GreetingBot } from '../../examples/greeting-bot/greeting-bot';
import { scrape, serveMetrics } from '../../examples/metrics/metrics-server';
import { logCalls } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

let server: Server | undefined;
afterEach(async () => {
  server?.close();
  server = undefined;
  await cleanUp();
});

async function listening(metrics: AgentMetrics): Promise<string> {
  server = serveMetrics(metrics, 0);
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('GET /metrics serves the bot’s counters in Prometheus text format after it greeted a consumer', async () => {
  const emulator = await emulatorForTest();
  const bot = track(new GreetingBot(emulator.agentConfig(), logCalls()));
  const base = await listening(new AgentMetrics().add(bot, { name: 'greeter' }));
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await consumer.waitForMessage('welcome from bot');
  // The greeting reached the consumer before the bot read its answer: let that finish.
  while (bot.pendingRequestCount > 0) await new Promise((resolve) => setTimeout(resolve, 5));

  const page = await scrape(`${base}/metrics`);
  expect(page.status).toBe(200);
  expect(page.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  const labels = `account="${emulator.agentConfig().accountId}",agent="greeter"`;
  const lines = page.body.split('\n');
  expect(lines).toEqual(
    expect.arrayContaining([
      '# TYPE lp_agent_requests_sent_total counter',
      `lp_agent_requests_sent_total{${labels},type="setAgentState"} 1`,
      `lp_agent_requests_sent_total{${labels},type="subscribeExConversations"} 1`,
      `lp_agent_requests_sent_total{${labels},type="publishEvent"} 1`,
      `lp_agent_requests_answered_total{${labels},type="publishEvent"} 1`,
      `lp_agent_requests_failed_total{${labels},type="publishEvent"} 0`,
      `lp_agent_requests_pending{${labels}} 0`,
      `lp_agent_connected{${labels}} 1`,
      `lp_agent_socket_opens_total{${labels}} 1`,
    ]),
  );
  expect(lines.find((l) => l.startsWith(`lp_agent_notifications_total{${labels},type="cqm.ExConversationChangeNotification"}`))).toMatch(/ [1-9]\d*$/);
  expect(lines.find((l) => l.startsWith(`lp_agent_request_latency_seconds{${labels},quantile="0.99"}`))).toMatch(/ \d+(\.\d+)?(e-\d+)?$/);
});

test('a fleet of greeting bots on the same page: the fleet’s lines and each bot’s requests labelled with its bot id', async () => {
  const emulator = await emulatorForTest();
  const bots = ['greeter-1', 'greeter-2'].map((username) => {
    emulator.addAgent({ username, password: 'pw' });
    return { ...emulator.agentConfig(username), id: username };
  });
  const fleet = new AgentFleet<GreetingBot>({ bots, workerId: 'desk', createAgent: (conf) => new GreetingBot(conf, logCalls()) });
  const base = await listening(new AgentMetrics().addFleet(fleet));
  try {
    await fleet.start();
    // Connected and done with the start-up requests (setAgentState, subscribeExConversations).
    const ready = () => bots.every(({ id }) => fleet.agent(id)?.stats().requests.subscribeExConversations?.answered === 1 && fleet.agent(id)?.pendingRequestCount === 0);
    while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));

    const page = await scrape(`${base}/metrics`);
    expect(page.status).toBe(200);
    const lines = page.body.split('\n');
    expect(lines.filter((l) => l.startsWith('lp_fleet_'))).toEqual([
      'lp_fleet_bots_held{fleet="desk"} 2',
      'lp_fleet_members{fleet="desk"} 1',
      'lp_fleet_acquired_total{fleet="desk"} 2',
      'lp_fleet_handoffs_total{fleet="desk"} 0',
      'lp_fleet_lost_total{fleet="desk"} 0',
      'lp_fleet_lease_renewals_total{fleet="desk"} 0',
    ]);
    for (const { id, accountId } of bots) {
      expect(lines).toContain(`lp_agent_requests_sent_total{account="${accountId}",agent="${id}",type="setAgentState"} 1`);
      expect(lines).toContain(`lp_agent_connected{account="${accountId}",agent="${id}"} 1`);
    }
  } finally {
    await fleet.stop();
  }
});

test('any other path is a 404; a query string is ignored', async () => {
  const base = await listening(new AgentMetrics());
  expect((await scrape(`${base}/`)).status).toBe(404);
  expect((await scrape(`${base}/metricsx`)).status).toBe(404);
  const empty = await scrape(`${base}/metrics?x=1`);
  expect(empty.status).toBe(200);
  expect(empty.body).toContain('# TYPE lp_agent_requests_sent_total counter');
});
