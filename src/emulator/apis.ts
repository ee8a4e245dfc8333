import type { IncomingMessage, ServerResponse } from 'http';
import { AgentSurveyApi } from './agent-survey';
import { HistoryApi } from './history';
import type { HistoryDeps } from './history';

/**
 * REST services beyond CSDS/agentVep/swift that sample bots call on other CSDS hosts
 * (`runtimeFormLogic`, `msgHist`); all are served by the emulator's one HTTPS server.
 */
export class ServiceApis {
  private readonly services: Array<{ handle(req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> }>;

  /** The agent survey API reads a subset of what history reads. */
  constructor(deps: HistoryDeps) {
    this.services = [new AgentSurveyApi(deps), new HistoryApi(deps)];
  }

  /** True when one of the services answered the request. */
  async handle(req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> {
    for (const service of this.services) {
      if (await service.handle(req, url, res)) return true;
    }
    return false;
  }
}
