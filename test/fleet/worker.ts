/**
 * A fleet worker process for the tests: loads everything, says `ready`, joins on `start`,
 * reports every fleet event over IPC, and answers `status` and `stop`. Config: FLEET_WORKER (JSON).
 */
import { Agent } from '../../src';
import { AgentFleet, type AgentFleetOptions } from '../../src/fleet';

const options = JSON.parse(process.env.FLEET_WORKER ?? '{}') as AgentFleetOptions;
const send = (msg: object) => process.send?.(msg);

const fleet = new AgentFleet({
  ...options,
  createAgent: (conf) => {
    const agent = new Agent(conf);
    agent.on('error', () => undefined); // a disposed login in flight is not the test's business
    return agent;
  },
});
for (const name of ['acquired', 'released', 'lost'] as const) {
  fleet.on(name, (id: string, reason?: unknown) => send({ type: 'event', name, id, reason: typeof reason === 'string' ? reason : undefined, at: Date.now() }));
}
fleet.on('error', (err, id) => send({ type: 'event', name: 'error', id, reason: err.message, at: Date.now() }));

process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'start') void fleet.start().then(() => send({ type: 'joined' }));
  if (msg.cmd === 'status') send({ type: 'status', status: fleet.status() });
  if (msg.cmd === 'stop') {
    void fleet.stop().then(() => {
      send({ type: 'stopped' });
      process.disconnect();
    });
  }
});
send({ type: 'ready' });
