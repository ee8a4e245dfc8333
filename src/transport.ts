import WebSocket from 'ws';

export interface TransportHandlers {
  open(): void;
  message(data: WebSocket.RawData): void;
  /** The socket closed (by the server, the network or a missed pong); `code` is the ws close code. */
  close(code: number): void;
  error(err: Error): void;
}

export interface Heartbeat {
  /** ms between pings; the first ping goes out on open. */
  interval: number;
  /** ms to wait for the pong before the socket is considered dead; 0 = never. */
  pongTimeout: number;
}

/**
 * One websocket and its heartbeat. After `close()` it never calls a handler again, so a
 * replaced or disposed socket cannot emit into the agent (a defect of the original); only the
 * one `onClosed` given to `close()` hears how the socket finally closed.
 */
export class Transport {
  private readonly ws: WebSocket;
  private pingTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private onClosed: ((code: number) => void) | undefined;

  constructor(url: string, options: WebSocket.ClientOptions, private readonly heartbeat: Heartbeat, private readonly on: TransportHandlers) {
    this.ws = new WebSocket(url, options);
    this.ws.on('open', () => {
      this.on.open();
      this.ping();
    });
    this.ws.on('message', (data) => this.on.message(data));
    this.ws.on('pong', () => this.clearPongTimer());
    this.ws.on('error', (err) => {
      if (!this.closed) this.on.error(err);
    });
    this.ws.on('close', (code) => {
      if (this.closed) {
        this.onClosed?.(code);
        this.onClosed = undefined;
        return;
      }
      this.closed = true;
      this.stopHeartbeat();
      this.on.close(code);
    });
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
    this.stopHeartbeat();
    this.ws.removeAllListeners('message');
    // The 'error' listener stays (it checks `closed`): an error while tearing down must not go unhandled.
    this.ws.terminate();
  }

  private ping(): void {
    if (!this.isOpen) return;
    this.ws.ping();
    if (this.heartbeat.pongTimeout > 0 && !this.pongTimer) {
      // A dead network delivers no close frame; without this deadline the agent would wait forever.
      this.pongTimer = setTimeout(() => {
        this.pongTimer = undefined;
        this.ws.terminate();
      }, this.heartbeat.pongTimeout).unref();
    }
    // Both unref'd: the socket itself keeps the process alive while it is open.
    this.pingTimer = setTimeout(() => this.ping(), this.heartbeat.interval).unref();
  }

  private clearPongTimer(): void {
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private stopHeartbeat(): void {
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
    this.clearPongTimer();
  }
}
