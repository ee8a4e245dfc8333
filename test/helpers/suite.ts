import { Agent } from 'node-agent-sdk';
import { FakeLP } from './fake-lp';
import { EventLog } from './events';
import { Agents } from './wait';

/**
 * The one set-up of every test that needs a fake LivePerson: a fresh FakeLP per test; after
 * each test, mocks restored, every tracked agent disposed and the server closed (in that order,
 * before the file's own `afterEach` hooks). `agents` tracks agents (`agents.connected(suite.lp)`
 * gives one whose socket is open); `connected()` gives an agent already connected without
 * periodic refresh, and a log started after `connected`.
 */
export function fakeLPSuite(options: { autoPong?: boolean } = {}) {
  let current: FakeLP | undefined;
  const agents = new Agents();
  beforeEach(async () => {
    current = await FakeLP.start(options);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    agents.disposeAll();
    await current?.close();
    current = undefined;
  });
  const suite = {
    get lp(): FakeLP {
      if (!current) throw new Error('fakeLPSuite: the server exists only inside a test');
      return current;
    },
    agents,
    async connected(extra: Record<string, unknown> = {}) {
      const agent = agents.track(new Agent(suite.lp.config({ refreshSessionToken: false, ...extra })));
      await new EventLog(agent).waitFor('connected');
      return { agent, log: new EventLog(agent) };
    },
  };
  return suite;
}
