import { Agent, type AgentConfig } from 'node-agent-sdk';
import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';
import { AgentFleet, type BotConfig, type Coordinator, type FleetAgentConfig } from 'node-agent-sdk/fleet';
import { until } from '../helpers/wait';

/** The local coordinator: the same fleet API, every bot in this process, no etcd. */

let emulator: Emulator;
let bots: BotConfig[];
const fleets: AgentFleet<any>[] = [];

beforeEach(async () => {
  emulator = await startEmulator();
  bots = [];
  for (let i = 0; i < 30; i++) {
    emulator.addAgent({ username: `bot-${i}`, password: `pw-${i}` });
    bots.push(emulator.agentConfig(`bot-${i}`));
  }
});

afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.stop()));
  await emulator.close();
});

function fleetOf<A extends Agent = Agent>(options: ConstructorParameters<typeof AgentFleet<A>>[0]): AgentFleet<A> {
  const fleet = new AgentFleet<A>(options);
  fleets.push(fleet);
  return fleet;
}

const idOf = (b: BotConfig) => `${b.accountId}/${b.username}`;

describe('AgentFleet with the local coordinator', () => {
  it('runs every bot once in this process, reports each, and stop() releases them all', async () => {
    const fleet = fleetOf({ bots, workerId: 'here' });
    const acquired: string[] = [];
    const released: Array<[string, string]> = [];
    fleet.on('acquired', (id, agent) => {
      expect(agent).toBeInstanceOf(Agent);
      acquired.push(id);
    });
    fleet.on('released', (id, reason) => released.push([id, reason]));
    expect(fleet.status()).toEqual({ workerId: 'here', coordinator: 'local', state: 'idle', members: [], bots: [], configured: 30, leaseRenewals: 0 });

    await fleet.start();
    expect(acquired).toEqual(bots.map(idOf));
    await until(() => emulator.stats().open === 30);
    await until(() => fleet.status().bots.every((b) => b.state === 'connected'));
    const status = fleet.status();
    expect(status).toMatchObject({ workerId: 'here', coordinator: 'local', state: 'active', members: ['here'], configured: 30, leaseRenewals: 0 });
    expect(status.bots.map((b) => b.id)).toEqual(bots.map(idOf).sort());
    expect(Object.values(emulator.stats().agents).every((a) => a.open === 1 && a.maxOpen === 1 && a.opened === 1)).toBe(true);
    expect(fleet.agent(idOf(bots[0]))?.conf).toMatchObject({ id: idOf(bots[0]), username: 'bot-0' });

    await fleet.stop();
    expect(released).toEqual(bots.map((b) => [idOf(b), 'stop']));
    expect(fleet.status()).toMatchObject({ state: 'stopped', members: [], bots: [] });
    await until(() => emulator.stats().open === 0);
    expect(fleet.agent(idOf(bots[0]))).toBeUndefined();
  });

  it('createAgent plugs in an Agent subclass unchanged and gets the conf with its id', async () => {
    class EchoBot extends Agent {
      constructor(conf: AgentConfig) {
        super(conf);
        this.on('connected', () => void this.promises.setAgentState({ availability: 'ONLINE' }).catch(() => undefined));
      }
    }
    const confs: FleetAgentConfig[] = [];
    const fleet = fleetOf<EchoBot>({
      bots: bots.slice(0, 3).map((b, i) => ({ ...b, id: `custom-${i}` })),
      createAgent: (conf) => {
        confs.push(conf);
        return new EchoBot(conf);
      },
    });
    await fleet.start();
    expect(confs.map((c) => c.id)).toEqual(['custom-0', 'custom-1', 'custom-2']);
    expect(fleet.agent('custom-1')).toBeInstanceOf(EchoBot);
    await until(() => emulator.agent('bot-2').availability === 'ONLINE');
    expect(emulator.stats().open).toBe(3);
  });

  it('a factory that throws: an error event with the bot id, the bot shown as failed, the others run', async () => {
    const fleet = fleetOf({
      bots: bots.slice(0, 2),
      createAgent: (conf) => {
        if (conf.username === 'bot-0') throw new Error('no such bot');
        return new Agent(conf);
      },
    });
    const errors: Array<[string, string | undefined]> = [];
    fleet.on('error', (err, id) => errors.push([err.message, id]));
    await fleet.start();
    expect(errors).toEqual([['no such bot', idOf(bots[0])]]);
    expect(fleet.status().bots.find((b) => b.id === idOf(bots[0]))?.state).toBe('failed');
    await until(() => emulator.stats().open === 1);
  });

  it('start() twice starts once; stop() twice stops once', async () => {
    const fleet = fleetOf({ bots: bots.slice(0, 2) });
    let acquired = 0;
    fleet.on('acquired', () => acquired++);
    await Promise.all([fleet.start(), fleet.start()]);
    expect(acquired).toBe(2);
    await Promise.all([fleet.stop(), fleet.stop()]);
    await until(() => emulator.stats().open === 0);
  });

  it('takes a coordinator of its own', async () => {
    const calls: string[] = [];
    const coordinator: Coordinator = {
      kind: 'custom',
      workerId: 'me',
      start: async (ids, handler) => {
        calls.push(`start ${ids.length}`);
        handler.acquire(ids[1]);
      },
      stop: async () => void calls.push('stop'),
      members: () => ['me', 'you'],
      state: () => 'active',
    };
    const fleet = fleetOf({ bots: bots.slice(0, 3), coordinator });
    await fleet.start();
    expect(calls).toEqual(['start 3']);
    expect(fleet.status()).toMatchObject({ workerId: 'me', coordinator: 'custom', members: ['me', 'you'], bots: [{ id: idOf(bots[1]) }] });
    // stop() disposes what the coordinator left running.
    const released: string[] = [];
    fleet.on('released', (id, reason) => released.push(`${id} ${reason}`));
    await fleet.stop();
    expect(calls).toEqual(['start 3', 'stop']);
    expect(released).toEqual([`${idOf(bots[1])} stop`]);
    expect(fleet.agent(idOf(bots[1]))).toBeUndefined();
  });
});

describe('AgentFleet: listeners that throw', () => {
  it("a 'lost' listener that throws does not keep the other bots from being disposed (fencing disposes them all)", async () => {
    let handler: Parameters<Coordinator['start']>[1] | undefined;
    const coordinator: Coordinator = {
      kind: 'custom',
      workerId: 'me',
      start: async (ids, h) => {
        handler = h;
        ids.forEach((id) => h.acquire(id));
      },
      stop: async () => undefined,
      members: () => ['me'],
      state: () => 'active',
    };
    const fleet = fleetOf({ bots: bots.slice(0, 3), coordinator });
    await fleet.start();
    const agents = bots.slice(0, 3).map((b) => fleet.agent(idOf(b)) as Agent);
    const disposed = agents.map((a) => jest.spyOn(a, 'dispose'));
    const lost: string[] = [];
    fleet.on('lost', (id) => {
      lost.push(id);
      throw new Error('listener bug');
    });
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    let warnings: unknown[][];
    try {
      for (const b of bots.slice(0, 3)) handler?.lose(idOf(b), 'fenced');
    } finally {
      warnings = [...warn.mock.calls];
      warn.mockRestore();
    }
    expect(lost).toEqual(bots.slice(0, 3).map(idOf));
    expect(disposed.map((d) => d.mock.calls.length)).toEqual([1, 1, 1]);
    expect(fleet.status().bots).toEqual([]);
    expect(warnings).toEqual(Array(3).fill(["node-agent-sdk/fleet: a 'lost' listener threw: listener bug", { code: 'NODE_AGENT_SDK_FLEET_ERROR' }]));
  });
});

describe('AgentFleet: bad input is a clear error', () => {
  it.each<[string, unknown, string]>([
    ['no options', undefined, 'AgentFleet needs options: { bots, createAgent?, etcd? }'],
    ['bots not an array', { bots: {} }, 'bots must be an array of agent configurations'],
    ['a bot that is not an object', { bots: [null] }, 'bots[0] must be an object'],
    ['a bot without accountId', { bots: [{ username: 'x', password: 'y' }] }, 'bots[0]: missing accountId'],
    ['a token bot without id', { bots: [{ accountId: '1', token: 't', userId: 'u' }] }, 'bots[0]: an id is required when there is no username'],
    ['two bots with one id', { bots: [{ accountId: '1', username: 'x' }, { accountId: '1', username: 'x' }] }, 'bots[1]: duplicate bot id 1/x'],
    ['createAgent not a function', { bots: [], createAgent: 'x' }, 'createAgent must be a function (conf) => Agent'],
    ['etcd and coordinator', { bots: [], etcd: { hosts: 'h' }, coordinator: {} }, 'give either etcd or coordinator, not both'],
    ['etcd without hosts', { bots: [], etcd: {} }, 'etcd.hosts must be a non-empty string or list of strings'],
    ['a lease TTL that is not whole seconds', { bots: [], etcd: { hosts: 'h', leaseTtl: 0.5 } }, 'etcd.leaseTtl must be a whole number of seconds >= 1, got 0.5'],
    ['a renewal deadline past the TTL', { bots: [], etcd: { hosts: 'h', leaseTtl: 2, renewalDeadline: 2000 } }, 'etcd.renewalDeadline must be between 0 and leaseTtl (2000 ms), got 2000'],
    ['a negative settle', { bots: [], etcd: { hosts: 'h', settle: -1 } }, 'etcd.settle must be a number of ms >= 0, got -1'],
  ])('%s', (_name, options, message) => {
    expect(() => new AgentFleet(options as any)).toThrow(new Error(message));
  });
});
