import { Agent } from 'node-agent-sdk';
import { FakeLP } from './fake-lp';
import { EventLog } from './events';

/**
 * Registers the hooks most SDK test files share: a fresh FakeLP per test; afterwards mocks
 * restored, every tracked agent disposed and the server closed. `connected()` gives an agent
 * already connected (no periodic refresh unless asked) and a log started after `connected`.
 */
export function fakeLPSuite() {
  let current: FakeLP | undefined;
  const agents: Agent[] = [];
  beforeEach(async () => {
    current = await FakeLP.start();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const agent of agents.splice(0)) agent.dispose();
    await current?.close();
  });
  const suite = {
    get lp(): FakeLP {
      if (!current) throw new Error('fakeLPSuite: the server exists only inside a test');
      return current;
    },
    agents,
    async connected(extra: Record<string, unknown> = {}) {
      const agent = new Agent(suite.lp.config({ refreshSessionToken: false, ...extra }));
      agents.push(agent);
      await new EventLog(agent).waitFor('connected');
      return { agent, log: new EventLog(agent) };
    },
  };
  return suite;
}
