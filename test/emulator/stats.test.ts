import { emulatorForTest as emulator } from '../helpers/emulator';
import { closeAll, UmsClient } from './helpers';
import { until } from '../helpers/wait';

afterEach(closeAll);

describe('emulator.stats(): concurrent sockets per agent user', () => {
  it('is empty before anyone connects', async () => {
    const emu = await emulator();
    expect(emu.stats()).toEqual({ open: 0, agents: {} });
  });

  it('counts open, the most open at once, and how many were opened, keyed accountId/username', async () => {
    const emu = await emulator();
    emu.addAgent({ username: 'other', password: 'pw' });
    const a = await UmsClient.as(emu);
    const b = await UmsClient.as(emu);
    const c = await UmsClient.as(emu, 'other', 'pw');
    expect(emu.stats()).toEqual({
      open: 3,
      agents: {
        [`${emu.accountId}/bot`]: { accountId: emu.accountId, username: 'bot', open: 2, maxOpen: 2, opened: 2 },
        [`${emu.accountId}/other`]: { accountId: emu.accountId, username: 'other', open: 1, maxOpen: 1, opened: 1 },
      },
    });

    a.ws.terminate();
    await until(() => emu.stats().open === 2);
    b.ws.close();
    await until(() => emu.stats().open === 1);
    expect(emu.stats().agents[`${emu.accountId}/bot`]).toEqual({ accountId: emu.accountId, username: 'bot', open: 0, maxOpen: 2, opened: 2 });

    // One at a time is never two at once, however many logins.
    const d = await UmsClient.as(emu);
    d.ws.terminate();
    await until(() => emu.stats().agents[`${emu.accountId}/bot`].open === 0);
    expect(emu.stats().agents[`${emu.accountId}/bot`]).toMatchObject({ maxOpen: 2, opened: 3 });
    c.ws.terminate();
  });

  it('resetStats() starts again from the sockets open now', async () => {
    const emu = await emulator();
    emu.addAgent({ username: 'other', password: 'pw' });
    const a = await UmsClient.as(emu);
    const b = await UmsClient.as(emu);
    const c = await UmsClient.as(emu, 'other', 'pw');
    c.ws.terminate();
    await until(() => emu.stats().open === 2);
    emu.resetStats();
    expect(emu.stats()).toEqual({ open: 2, agents: { [`${emu.accountId}/bot`]: { accountId: emu.accountId, username: 'bot', open: 2, maxOpen: 2, opened: 0 } } });
    a.ws.terminate();
    b.ws.terminate();
  });

  it('the snapshot is a copy', async () => {
    const emu = await emulator();
    await UmsClient.as(emu);
    const snap = emu.stats();
    snap.agents[`${emu.accountId}/bot`].open = 99;
    expect(emu.stats().agents[`${emu.accountId}/bot`].open).toBe(1);
  });
});
