/**
 * The greeting bot, watched: its counters served at `GET /metrics` for Prometheus, and its
 * connection's life logged (`logLevel: 'info'`, to the console here; pass a pino or winston
 * logger the same way). With LP_ACCOUNT, LP_USER and LP_PASS set it runs against that account
 * and serves on METRICS_PORT (default 9464) until Ctrl-C; otherwise against the emulator, where
 * two consumers are greeted and the metrics page is scraped once and printed.
 */
import type { AddressInfo } from 'net';
import type { Server } from 'http';
import { once } from 'events';
import { AgentMetrics } from 'node-agent-sdk/metrics';
import { GreetingBot } from '../greeting-bot/greeting-bot';
import { connected, runSample } from '../lib/run';
import { scrape, serveMetrics } from './metrics-server';

const metrics = new AgentMetrics();
let server: Server;

runSample({
  title: 'Greeting bot with Prometheus metrics',
  // The greeting bot reconnects by itself on `closed`, as LivePerson's sample does.
  plainConfig: true,
  start: (config, emulator) => {
    const bot = new GreetingBot({ ...config, logger: console, logLevel: 'info' });
    metrics.add(bot, { name: 'greeting-bot' });
    // Offline, any free port: the scripted run must not collide with anything.
    server = serveMetrics(metrics, emulator ? 0 : Number(process.env.METRICS_PORT ?? 9464));
    server.once('listening', () => console.log(`[metrics] serving http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`));
    return bot;
  },
  script: async (emulator, bot) => {
    if (!server.listening) await once(server, 'listening');
    await connected(bot);
    for (const firstName of ['Ada', 'Grace']) {
      const consumer = emulator.consumer({ profile: { firstName } });
      await consumer.startConversation();
      await consumer.waitForMessage('welcome from bot');
      await consumer.close();
    }
    const page = await scrape(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    console.log(`[metrics] GET /metrics → ${page.status}; the bot's requests and notifications:`);
    for (const line of page.body.split('\n')) if (/^lp_agent_(requests_sent|requests_answered|notifications)_total/.test(line)) console.log(`  ${line}`);
    server.close();
  },
});
