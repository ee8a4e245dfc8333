import type WebSocket from 'ws';
import type { AgentConfig, ResolvedConfig } from './config';
import { SDKError, SERVICES } from './errors';
import type { HttpClient } from './http';
import type { SocketTarget } from './session';
import { Transport } from './transport';
import type { TransportHandlers } from './transport';

/** What the socket lifecycle tells its owner. */
export interface SocketEvents {
  /** The current socket opened. */
  open(): void;
  /** Each text or binary message on the current socket, called by `ws` itself (see `TransportHandlers.frames`). */
  readonly frames: (data: WebSocket.RawData) => void;
  /**
   * The current socket closed by itself (server, network, missed pong), with `error`, the
   * socket error that came before the close, if any.
   */
  closed(code: number, error: SDKError | undefined): void;
  /** A socket error, already wrapped as the original's `Error on WS connection` and redacted. */
  error(err: SDKError): void;
  /** Removes secrets from an error before anyone sees it (in place; returns it). */
  redact<E>(err: E): E;
  /** The owner cut the current socket (close, replace, dispose): what waited on it fails. */
  cut(): void;
  /** A socket cut by a replacement finished closing (1006), before dispose: the original still emitted `closed`. */
  replacedClosed(code: number): void;
}

/**
 * The messaging socket over time: opens one for a `{host, token}`, replaces it, closes it.
 * One socket at a time; a socket that was cut or replaced never reports again except for its
 * final close code (see `replacedClosed`).
 */
export class SocketLifecycle implements TransportHandlers {
  /** The open or opening socket; undefined when there is none, null after dispose (as the original left it). */
  current: Transport | null | undefined;
  /** Where the socket last went, so `reconnect(true)` can reopen it with the same token. */
  target: SocketTarget | undefined;
  private lastError: SDKError | undefined;
  /** Bumped by dispose: a socket replaced before it no longer reports its close. */
  private generation = 0;

  constructor(
    private readonly conf: AgentConfig,
    private readonly settings: ResolvedConfig,
    private readonly http: HttpClient,
    private readonly on: SocketEvents,
  ) {}

  /**
   * Opens a socket in place of the current one; an error when it could not even be started
   * (`ws` throws on a URL it cannot parse, e.g. a bad host from CSDS or `conf.domains`). The
   * caller reports it.
   */
  open(target: SocketTarget): SDKError | null {
    this.replace();
    this.target = target;
    const conf = this.conf;
    const settings = this.settings;
    const url = `wss://${target.host}/ws_api/account/${conf.accountId}/messaging/brand/${target.token}?v=${settings.apiVersion}`;
    const options: WebSocket.ClientOptions = {
      ...(conf as WebSocket.ClientOptions),
      // The Transport keeps this deadline itself (transport.ts says why); a conf value must not reach ws.
      handshakeTimeout: undefined,
      agent: conf.agent ?? this.http.agent,
    };
    this.lastError = undefined;
    try {
      this.current = new Transport(url, options, settings, this);
      return null;
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      return this.on.redact(new SDKError(`Error on WS connection: ${message}`, null, SERVICES.MESSAGING, thrown));
    }
  }

  /** Reopens the socket with the token it had; null when there was never one to reopen. */
  reopen(): SDKError | null {
    return this.target ? this.open(this.target) : null;
  }

  /**
   * Closes the current socket and tells the owner (`cut`). `onClosed` hears the socket's close
   * code once it is closed.
   */
  close(onClosed?: (code: number) => void): void {
    if (!this.current) return;
    this.current.close(onClosed);
    this.current = undefined;
    this.on.cut();
  }

  /** Closes for good: no target is kept, and `current` is null, as the original left its transport. */
  dispose(): void {
    this.generation++;
    this.close();
    this.target = undefined;
    this.current = null;
  }

  /**
   * Cuts the socket a new one replaces. Like the original, the cut socket still emits `closed`
   * (1006) once it is closed, which is before the new one can open; unlike it, that is all it
   * emits (no `error` from an aborted handshake, nothing after a dispose) and no automatic
   * reconnect follows, since the new socket is on its way.
   */
  private replace(): void {
    const generation = this.generation;
    this.close((code) => {
      if (generation === this.generation) this.on.replacedClosed(code);
    });
  }

  /** @internal The transport's handlers: this object serves every socket it opens, instead of four closures per socket. */
  opened(): void {
    this.on.open();
  }

  /** @internal The owner's frame handler, handed to each socket as it is opened. */
  get frames(): (data: WebSocket.RawData) => void {
    return this.on.frames;
  }

  /** @internal */
  ended(code: number, transport: Transport): void {
    if (this.current === transport) this.current = undefined;
    this.on.closed(code, this.lastError);
  }

  /** @internal */
  failed(err: Error): void {
    const code = err.message && err.message.includes('401') ? 401 : null;
    this.lastError = this.on.redact(new SDKError(`Error on WS connection: ${err.message}`, code, SERVICES.MESSAGING, err));
    this.on.error(this.lastError);
  }
}
