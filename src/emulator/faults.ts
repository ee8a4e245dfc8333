import type { Connection } from './connection';
import type { Sessions } from './sessions';

/** The REST routes `failHttp` can fail. */
export type HttpRoute = 'csds' | 'login' | 'refresh';

/** How long a fault stays armed. */
export interface FaultOptions {
  /** How many times the fault fires before it disarms itself. Default: until cleared. */
  times?: number;
}

/** Which sockets or sessions a fault hits. Default: all. */
export interface FaultTarget {
  /** Only those of this agent (username). */
  username?: string;
}

type ResponseFault = { kind: 'delay'; ms: number } | { kind: 'drop' } | { kind: 'fail'; code: number; body: string };

interface Armed<T> {
  value: T;
  remaining: number;
}

function take<K, T>(map: Map<K, Armed<T>>, key: K): T | undefined {
  const armed = map.get(key);
  if (!armed) return undefined;
  if (--armed.remaining <= 0) map.delete(key);
  return armed.value;
}

const arm = <T>(value: T, options: FaultOptions = {}): Armed<T> => ({ value, remaining: options.times ?? Infinity });

/** Fault injection (`emulator.faults`). Every fault stays until cleared unless `times` is given. */
export class Faults {
  private readonly http = new Map<HttpRoute, Armed<{ status: number; body?: unknown }>>();
  private readonly upgrades = new Map<'ws', Armed<number>>();
  private readonly responses = new Map<string, Armed<ResponseFault>>();
  private pingsIgnored = false;

  /** @internal */
  constructor(private readonly deps: { sessions: Pick<Sessions, 'expireAll'>; connections: ReadonlySet<Connection> }) {}

  /** Answers CSDS, login or refresh with `status` (and a `{error:{…}}` body unless `body` is given). */
  failHttp(route: HttpRoute, status: number, options: FaultOptions & { body?: unknown } = {}): void {
    this.http.set(route, arm({ status, body: options.body }, options));
  }

  /** Disarms the HTTP fault of `route`, or all of them. */
  clearHttp(route?: HttpRoute): void {
    if (route) this.http.delete(route);
    else this.http.clear();
  }

  /** Refuses websocket upgrades with this HTTP status (no 101). */
  rejectUpgrades(status: number, options?: FaultOptions): void {
    this.upgrades.set('ws', arm(status, options));
  }

  /** Lets websocket upgrades through again. */
  clearUpgrades(): void {
    this.upgrades.clear();
  }

  /** Holds back the response (and what it caused) of a request type, or of every type with `'*'`. */
  delayResponses(type: string, ms: number, options?: FaultOptions): void {
    this.responses.set(type, arm({ kind: 'delay', ms }, options));
  }

  /** Processes the request but never answers it. */
  dropResponses(type: string, options?: FaultOptions): void {
    this.responses.set(type, arm({ kind: 'drop' }, options));
  }

  /** Refuses the request without processing it: `{code, type:'.ReqBody$StringResp', body}`. */
  failResponses(type: string, code: number, options: FaultOptions & { body?: string } = {}): void {
    this.responses.set(type, arm({ kind: 'fail', code, body: options.body ?? `Emulated failure ${code}` }, options));
  }

  /** Disarms the response fault of `type`, or all of them. */
  clearResponses(type?: string): void {
    if (type) this.responses.delete(type);
    else this.responses.clear();
  }

  /** Stops (or resumes) answering websocket pings with pongs. */
  ignorePings(enabled = true): void {
    this.pingsIgnored = enabled;
  }

  /** Kills sockets without a close frame: clients see 1006. Returns how many. */
  dropAllSockets(target: FaultTarget = {}): number {
    const victims = this.sockets(target);
    victims.forEach((c) => c.ws.terminate());
    return victims.length;
  }

  /** Closes sockets with a close frame carrying `code` (e.g. 4401, 1011). Returns how many. */
  closeAllSockets(code: number, reason = '', target: FaultTarget = {}): number {
    const victims = this.sockets(target);
    victims.forEach((c) => c.ws.close(code, reason));
    return victims.length;
  }

  /** Invalidates bearers: live sockets close with 4401, upgrades get 401, refresh gets 401. */
  expireTokens(target: FaultTarget = {}): number {
    return this.deps.sessions.expireAll((s) => target.username === undefined || s.agent.username === target.username);
  }

  /** Disarms every fault. */
  reset(): void {
    this.http.clear();
    this.upgrades.clear();
    this.responses.clear();
    this.pingsIgnored = false;
  }

  /** @internal */
  takeHttp(route: HttpRoute): { status: number; body?: unknown } | undefined {
    return take(this.http, route);
  }

  /** @internal */
  takeUpgrade(): number | undefined {
    return take(this.upgrades, 'ws');
  }

  /** @internal */
  takeResponse(type: string): ResponseFault | undefined {
    return take(this.responses, type) ?? take(this.responses, '*');
  }

  /** @internal */
  get answersPings(): boolean {
    return !this.pingsIgnored;
  }

  private sockets(target: FaultTarget): Connection[] {
    return [...this.deps.connections].filter((c) => target.username === undefined || c.agent.username === target.username);
  }
}
