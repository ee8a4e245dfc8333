import WebSocket from 'ws';

export interface TransportHandlers {
  /** The socket opened. */
  opened(): void;
  /**
   * Each text or binary message. `ws` calls it itself, with the socket as `this` (so give a
   * bound function): every layer between the socket and the frame handler was one more
   * function for V8 to compile once frames come fast, a few per cent of a notification burst.
   */
  readonly frames: (data: WebSocket.RawData) => void;
  /** The socket closed by itself (not through `close()`); `transport` says which one. */
  ended(code: number, transport: Transport): void;
  /** A socket error before any close. */
  failed(err: Error): void;
}

/** The socket's deadlines and heartbeat (the resolved settings serve as this). */
export interface SocketTimers {
  /** ms from the start of connecting until the socket must be open, else it is cut (1006). */
  handshakeTimeout: number;
  /** ms between pings; the first ping goes out on open. */
  pingInterval: number;
  /** ms to wait for the pong before the socket is considered dead; 0 = never. */
  pongTimeout: number;
}

const OWNER = Symbol('transport');
type Owned = WebSocket & { [OWNER]: Transport };

function onOpen(this: WebSocket): void {
  (this as Owned)[OWNER].opened();
}
function onPong(this: WebSocket): void {
  (this as Owned)[OWNER].clearPongTimer();
}
function onError(this: WebSocket, err: Error): void {
  (this as Owned)[OWNER].failed(err);
}
function onClose(this: WebSocket, code: number): void {
  (this as Owned)[OWNER].ended(code);
}
function pingAgain(transport: Transport): void {
  transport.ping();
}
function handshakeExpired(transport: Transport): void {
  transport.abortHandshake();
}

/** What a socket that did not open within `handshakeTimeout` reports, the text `ws` gives it. */
const HANDSHAKE_TIMED_OUT = 'Opening handshake has timed out';

/**
 * One websocket and its heartbeat. After `close()` it never calls a handler again, so a
 * replaced or disposed socket cannot emit into the agent (a defect of the original); only the
 * one `onClosed` given to `close()` hears how the socket finally closed.
 */
export class Transport {
  private readonly ws: Owned;
  private pingTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  /**
   * The opening deadline; 'expired' once it cut the socket. Kept here rather than given to `ws`
   * as its `handshakeTimeout`: that becomes the TLS socket's idle timer, which Node keeps
   * referenced from the socket for its whole life after `ws` clears it (120 bytes an agent).
   */
  private handshake: NodeJS.Timeout | 'expired' | undefined;
  private closed = false;
  private onClosed: ((code: number) => void) | undefined;

  /** `timers.handshakeTimeout` is the opening deadline; leave `options.handshakeTimeout` unset. */
  constructor(url: string, options: WebSocket.ClientOptions, private readonly timers: SocketTimers, private readonly on: TransportHandlers) {
    const ws = (this.ws = new WebSocket(url, options) as Owned);
    this.handshake = setTimeout(handshakeExpired, timers.handshakeTimeout, this).unref();
    // Shared listeners (ws calls them with itself as `this`) instead of five closures per socket.
    ws[OWNER] = this;
    ws.on('open', onOpen);
    ws.on('message', on.frames);
    ws.on('pong', onPong);
    ws.on('error', onError);
    ws.on('close', onClose);
  }

  /** @internal The ws listeners below call in here. */
  opened(): void {
    this.clearHandshakeTimer();
    this.on.opened();
    this.ping();
  }

  /** @internal */
  failed(err: Error): void {
    if (this.closed) return;
    this.on.failed(this.handshake === 'expired' ? new Error(HANDSHAKE_TIMED_OUT) : err);
  }

  /** @internal Cuts a socket still opening when its deadline passed: `error`, then close 1006. */
  abortHandshake(): void {
    this.handshake = undefined;
    if (this.closed || this.ws.readyState !== WebSocket.CONNECTING) return;
    this.handshake = 'expired';
    this.ws.terminate();
  }

  /** @internal */
  ended(code: number): void {
    this.clearHandshakeTimer();
    if (this.closed) {
      this.onClosed?.(code);
      this.onClosed = undefined;
      return;
    }
    this.closed = true;
    this.stopHeartbeat();
    this.on.ended(code, this);
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a frame as JSON text; false when the socket is not open. */
  send(frame: unknown): boolean {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /**
   * Closes without telling the handlers: the owner already knows why. `onClosed`, when given,
   * hears the close code once the socket is really closed (1006 for a socket cut this way).
   */
  close(onClosed?: (code: number) => void): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed = onClosed;
    this.clearHandshakeTimer();
    this.stopHeartbeat();
    this.ws.removeAllListeners('message');
    // The 'error' listener stays (it checks `closed`): an error while tearing down must not go unhandled.
    this.ws.terminate();
  }

  /** @internal */
  ping(): void {
    if (!this.isOpen) return;
    this.ws.ping();
    if (this.timers.pongTimeout > 0 && !this.pongTimer) {
      // A dead network delivers no close frame; without this deadline the agent would wait forever.
      this.pongTimer = setTimeout(() => {
        this.pongTimer = undefined;
        this.ws.terminate();
      }, this.timers.pongTimeout).unref();
    }
    // Both unref'd: the socket itself keeps the process alive while it is open.
    this.pingTimer = setTimeout(pingAgain, this.timers.pingInterval, this).unref();
  }

  /** @internal */
  clearPongTimer(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private clearHandshakeTimer(): void {
    if (typeof this.handshake === 'object') clearTimeout(this.handshake);
    this.handshake = undefined;
  }

  private stopHeartbeat(): void {
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
    this.clearPongTimer();
  }
}
