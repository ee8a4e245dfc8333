import type { IncomingMessage, ServerResponse } from 'http';
import { AgentSurveyApi } from './agent-survey';
import type { Core } from './core';
import { HistoryApi } from './history';

/**
 * REST services beyond CSDS/agentVep/swift that sample bots call on other CSDS hosts
 * (`runtimeFormLogic`, `msgHist`); all are served by the emulator's one HTTPS server.
 */
export class ServiceApis {
  private readonly services: Array<{ handle(req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> }>;

  constructor(core: Core) {
    this.services = [new AgentSurveyApi(core), new HistoryApi(core)];
  }

  /** True when one of the services answered the request. */
  async handle(req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> {
    for (const service of this.services) {
      if (await service.handle(req, url, res)) return true;
    }
    return false;
  }
}
