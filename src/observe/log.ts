/**
 * Any object with the four usual methods: `console`, a pino logger and a winston logger fit
 * as they are. Pino-style loggers (recognised by pino's public `Symbol.for('pino.serializers')`
 * or by `child` + `bindings` methods) are called `(fields, message)`, as pino and bunyan expect;
 * every other logger is called `(message, fields)`, which console prints and winston merges.
 */
export interface Logger {
  debug(...args: any[]): unknown;
  info(...args: any[]): unknown;
  warn(...args: any[]): unknown;
  error(...args: any[]): unknown;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

/** Lines below the level are dropped; `silent` drops them all. */
export const LOG_LEVELS: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

const METHODS = ['debug', 'info', 'warn', 'error'] as const;

/** The logging options of an Agent, as {@link AgentConfig} declares them. */
export interface LogOptions {
  logger?: unknown;
  logLevel?: unknown;
  traceTextLimit?: unknown;
}

export const LOG_DEFAULTS = { logLevel: 'warn' as LogLevel, traceTextLimit: 120 };

export interface LogSettings {
  logger: Logger;
  level: number;
  traceTextLimit: number;
}

/**
 * Reads and checks the logging options; undefined when nothing is to be logged. With neither
 * `logger` nor `logLevel` the SDK writes nothing, as the JavaScript SDK did; `logLevel` alone
 * logs to `console`.
 */
export function logSettings(conf: LogOptions): LogSettings | undefined {
  const { logger, logLevel, traceTextLimit } = conf;
  if (logger !== undefined && !isLogger(logger)) {
    throw new TypeError('logger must be an object with debug, info, warn and error methods (console, pino and winston fit)');
  }
  if (logLevel !== undefined && !(typeof logLevel === 'string' && Object.prototype.hasOwnProperty.call(LOG_LEVELS, logLevel))) {
    throw new TypeError(`logLevel must be one of ${Object.keys(LOG_LEVELS).join(', ')} (got ${JSON.stringify(logLevel)})`);
  }
  if (traceTextLimit !== undefined && !(typeof traceTextLimit === 'number' && Number.isInteger(traceTextLimit) && traceTextLimit >= 0)) {
    throw new TypeError(`traceTextLimit must be a whole number of characters >= 0 (got ${JSON.stringify(traceTextLimit)})`);
  }
  if (logger === undefined && logLevel === undefined) return undefined;
  const level = LOG_LEVELS[(logLevel as LogLevel | undefined) ?? LOG_DEFAULTS.logLevel];
  if (level >= LOG_LEVELS.silent) return undefined;
  return { logger: (logger as Logger | undefined) ?? console, level, traceTextLimit: (traceTextLimit as number | undefined) ?? LOG_DEFAULTS.traceTextLimit };
}

function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && METHODS.every((m) => typeof (value as any)[m] === 'function');
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
