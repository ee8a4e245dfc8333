import type { Identity } from '../identity';
import { maskText, maskValue, truncate } from '../redact';
import { Log } from './log';
import type { LogFields, LogSettings } from './log';
import { REQUESTS } from '../requests/table';
import type { RequestName } from '../requests/table';
import { StatsRecorder } from './stats';
import type { AgentStats } from './stats';

/** The cause label of an automatic reconnect: the close code, else the failed step's code. */
export function reconnectCause(reason: { code?: number; error?: { code?: unknown } }): string {
  if (reason.code !== undefined) return `close:${reason.code}`;
  const code = reason.error?.code;
  return `connect:${code === undefined || code === null ? 'error' : String(code)}`;
}

/**
 * The hooks the Agent calls at its few points of interest (open, close, reconnect, error, frames
 * when traced). Each keeps the statistics and, when a logger is set, writes one line with the
 * agent's id fields; the frame trace is built only when `debug` is on. The counts of every
 * request and notification are `stats` methods that those paths call directly, one call each
 * (see `StatsRecorder.sent`).
 */
export class Observer {
  readonly stats = new StatsRecorder();
  private readonly log: Log | undefined;
  /** True when frames are traced (`debug`): checked before every frame hook, so they cost nothing otherwise. */
  readonly tracing: boolean;

  /** `secrets`: what the agent knows to be secret now (conf credentials, tokens), masked in every line. */
  constructor(
    settings: LogSettings | undefined,
    me: Identity,
    private readonly secrets: () => string[],
  ) {
    if (settings) this.log = new Log(settings, () => identityFields(me));
    this.tracing = this.log?.enabled('debug') ?? false;
  }

  /** A request frame about to go out; call only when `tracing`. (Its count is `stats.sent`, called directly on that path.) */
  frameOut(frame: unknown): void {
    this.trace('out', frame);
  }

  /** A request refused because the socket was not open. */
  refused(name: RequestName): void {
    this.stats.refused(REQUESTS[name].index);
    this.log?.write('debug', 'request refused: socket not connected', { request: name });
  }

  /** Socket text as it arrived (the parsed frame, or the text when it is not JSON); call only when `tracing`. */
  frameIn(frame: unknown): void {
    this.trace('in', frame);
  }

  /** A `warn` event (a payload the SDK could not fully rewrite). */
  warning(message: string): void {
    this.log?.write('warn', maskText(message, this.secrets()));
  }

  opened(attempts: number): void {
    this.stats.opened();
    if (attempts > 0) this.stats.reconnected();
    this.log?.write('info', attempts > 0 ? 'reconnected' : 'connected', attempts > 0 ? { attempt: attempts } : undefined);
  }

  /** The socket is gone: `code` when the server or the network closed it, undefined when the SDK did. */
  closed(code?: number): void {
    this.stats.down();
    if (code !== undefined) this.log?.write(code === 1000 ? 'info' : 'warn', 'socket closed', { code });
  }

  reconnecting(attempt: number, delay: number, reason: { code?: number; error?: { code?: unknown; message?: string } }): void {
    const cause = reconnectCause(reason);
    this.stats.reconnecting(cause);
    this.log?.write('warn', 'reconnecting', { attempt, delayMs: delay, cause, ...(reason.code !== undefined ? { code: reason.code } : {}) });
  }

  /** The bot called `reconnect()`. */
  reconnectRequested(): void {
    this.stats.reconnecting('requested');
    this.log?.write('info', 'reconnect requested');
  }

  error(err: unknown, location: string | undefined): void {
    this.stats.error(location ?? 'Socket');
    if (!this.log) return;
    const e = err as { message?: unknown; code?: unknown; service?: unknown } | null | undefined;
    const fields: LogFields = { location: location ?? 'Socket', error: maskText(String(e?.message ?? err), this.secrets()) };
    if (e?.code !== undefined && e.code !== null) fields.code = e.code;
    if (e?.service) fields.service = e.service;
    this.log.write('error', 'error', fields);
  }

  /** A connection step that succeeded (`Connect#Login`, ...). */
  step(location: string): void {
    this.log?.write('debug', 'step succeeded', { location });
  }

  disposed(): void {
    this.stats.down();
    this.log?.write('info', 'disposed');
  }

  /** `pending` and `waiting` as in `StatsRecorder.snapshot`. */
  snapshot(pending: number, waiting: readonly number[]): AgentStats {
    return this.stats.snapshot(pending, waiting);
  }

  private trace(direction: 'in' | 'out', frame: unknown): void {
    const log = this.log as Log;
    const limit = log.traceTextLimit;
    const secrets = this.secrets();
    const shown = typeof frame === 'string' ? truncate(maskText(frame, secrets), limit) : maskValue(frame, limit, secrets);
    const type = (frame as { type?: unknown })?.type;
    log.write('debug', `frame ${direction}`, { direction, ...(typeof type === 'string' ? { type } : {}), frame: shown });
  }
}

function identityFields(me: Identity): LogFields {
  const fields: LogFields = { accountId: me.accountId };
  if (me.agentId !== undefined) fields.agentId = me.agentId;
  else if (me.oldAgentId !== undefined) fields.agentId = me.oldAgentId;
  return fields;
}
