import { Agent } from 'node-agent-sdk';
import { USER_PID, ACCOUNT, USER_ID } from '../helpers/fake-lp';
import { fakeLPSuite } from '../helpers/suite';

describe('smoke', () => {
  const suite = fakeLPSuite();

  it('connects and answers getClock', async () => {
    const lp = suite.lp;
    const agent = suite.agents.track(new Agent(lp.config()));
    const events: string[] = [];
    agent.on('success', (c) => events.push(`success ${c.location}`));
    agent.on('error', (e, c) => events.push(`error ${c?.location} ${e.message}`));
    await new Promise((resolve) => agent.once('connected', resolve));
    expect(events).toEqual(['success Connect#CSDS', 'success Connect#Login']);
    expect(agent.agentId).toBe(USER_PID);
    expect(agent.__oldAgentId).toBe(`${ACCOUNT}.${USER_ID}`);
    const body = await new Promise((resolve, reject) => agent.getClock({}, (err: any, b: any) => (err ? reject(err) : resolve(b))));
    expect(body).toEqual({ currentTime: 1700000000000 });
    expect(await agent.promises.setAgentState({ availability: 'ONLINE' })).toBe('ok');
    expect(lp.frames[1].body).toEqual({ availability: 'ONLINE', channels: ['MESSAGING'], agentUserId: `${ACCOUNT}.${USER_ID}` });
  });
});
