import type { AgentConfig } from 'node-agent-sdk';
import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';

/** Where a sample bot runs: real LivePerson (from the environment) or a fresh local emulator. */
export interface Target {
  config: AgentConfig;
  /** Present when running offline; close it when done. */
  emulator?: Emulator;
  describe: string;
}

/**
 * `LP_ACCOUNT`, `LP_USER`, `LP_PASS` set: real LivePerson with those credentials.
 * Otherwise: an emulator on 127.0.0.1, and the one config change that reaches it.
 */
export async function chooseTarget(env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  if (env.LP_ACCOUNT && env.LP_USER && env.LP_PASS) {
    const config: AgentConfig = { accountId: env.LP_ACCOUNT, username: env.LP_USER, password: env.LP_PASS };
    if (env.LP_CSDS) config.csdsDomain = env.LP_CSDS;
    return { config, describe: `LivePerson account ${env.LP_ACCOUNT} as ${env.LP_USER}` };
  }
  const emulator = await startEmulator();
  return { config: { ...emulator.agentConfig() }, emulator, describe: `the LivePerson emulator at ${emulator.url}` };
}
