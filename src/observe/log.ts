/**
 * Any object with the four usual methods: `console`, a pino logger and a winston logger fit
 * as they are. Pino-style loggers (recognised by pino's public `Symbol.for('pino.serializers')`
 * or by `child` + `bindings` methods) are called `(fields, message)`, as pino and bunyan expect;
 * every other logger is called `(message, fields)`, which console prints and winston merges.
 */
export interface Logger {
  /** The frame trace (every frame in and out, secrets masked). */
  debug(...args: any[]): unknown;
  /** The connection's life: connected, refreshed, disposed. */
  info(...args: any[]): unknown;
  /** Closes, reconnects, payloads not fully rewritten. */
  warn(...args: any[]): unknown;
  /** The `error` events. */
  error(...args: any[]): unknown;
}

/** The lowest level logged; `silent` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
/** The structured fields of a log line (`accountId`, `agentId`, `location`, `code`, `attempt`, …). */
export type LogFields = Record<string, unknown>;

/** Lines below the level are dropped; `silent` drops them all. */
export const LOG_LEVELS: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const METHODS = ['debug', 'info', 'warn', 'error'] as const;

export const LOG_DEFAULTS = { logLevel: 'warn' as LogLevel, traceTextLimit: 120 };

/** The logging options after checking (by `resolveConfig`): what the Agent's {@link Log} uses. */
export interface LogSettings {
  logger: Logger;
  /** The lowest level written, as a number of {@link LOG_LEVELS}. */
  level: number;
  traceTextLimit: number;
}

export function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && METHODS.every((m) => typeof (value as any)[m] === 'function');
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOG_LEVELS, value);
}

/**
 * With neither `logger` nor `logLevel` the SDK writes nothing (a library stays off its host's console):
 * undefined. `logLevel` alone logs to `console`; `silent` is undefined too.
 */
export function logSettingsOf(logger: Logger | undefined, logLevel: LogLevel | undefined, traceTextLimit: number): LogSettings | undefined {
  if (logger === undefined && logLevel === undefined) return undefined;
  const level = LOG_LEVELS[logLevel ?? LOG_DEFAULTS.logLevel];
  if (level >= LOG_LEVELS.silent) return undefined;
  return { logger: logger ?? console, level, traceTextLimit };
}

function fieldsFirst(logger: Logger): boolean {
  const candidate = logger as any;
  return Symbol.for('pino.serializers') in candidate || (typeof candidate.child === 'function' && typeof candidate.bindings === 'function');
}

/** Writes lines at or above a level to a logger, with the fields every line of one agent carries. */
export class Log {
  private readonly fieldsFirst: boolean;

  constructor(
    private readonly settings: LogSettings,
    private readonly baseFields: () => LogFields,
  ) {
    this.fieldsFirst = fieldsFirst(settings.logger);
  }

  get traceTextLimit(): number {
    return this.settings.traceTextLimit;
  }

  enabled(level: Exclude<LogLevel, 'silent'>): boolean {
    return LOG_LEVELS[level] >= this.settings.level;
  }

  write(level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void {
    if (LOG_LEVELS[level] < this.settings.level) return;
    const all = { ...this.baseFields(), ...fields };
    const logger = this.settings.logger;
    try {
      if (this.fieldsFirst) logger[level](all, message);
      else logger[level](message, all);
    } catch {
      // A logger that throws must not take the agent down; there is nowhere left to report it.
    }
  }
}
