import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as sdk from 'node-agent-sdk';
import * as emulatorModule from 'node-agent-sdk/emulator';
import type { AgentConfig } from 'node-agent-sdk';
import type { Emulator } from 'node-agent-sdk/emulator';
import { readmeBlocks, type CodeBlock } from './blocks';

/**
 * Every TypeScript and JavaScript block of the README is type-checked under `strict`, and the
 * ones that run (Quick start, the emulator script, the testing recipe) are run against the
 * emulator, as written. A recipe that rots fails here.
 */

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..');
const blocks = readmeBlocks();
const code = (lang: string) => blocks.filter((b) => b.lang === lang);
/** The files of the testing recipe, which a reader creates in a project of their own. */
const RECIPE = 'Testing your bot';
const recipeFiles = blocks.filter((b) => b.file && b.section === RECIPE);
const named = (file: string): CodeBlock => {
  const block = recipeFiles.find((b) => b.file === file);
  if (!block) throw new Error(`the README names no ${file}`);
  return block;
};
const inSection = (section: string, lang: string): CodeBlock => {
  const block = blocks.find((b) => b.section === section && b.lang === lang);
  if (!block) throw new Error(`no ${lang} block under "${section}"`);
  return block;
};

/**
 * Names the README's fragments use without declaring them (`agent.publishEvent({ dialogId, … })`):
 * each becomes a declaration of that type when a block uses the name and does not declare it.
 */
const FREE_NAMES: Record<string, string> = {
  Agent: "typeof import('node-agent-sdk').Agent",
  agent: "import('node-agent-sdk').Agent",
  dialogId: 'string',
  conversationId: 'string',
  subscriptionId: 'string',
  consumerId: 'string',
  relativePath: 'string',
  targetSkillId: 'string',
  accountId: 'string',
  username: 'string',
  password: 'string',
  cb: '(err: unknown) => void',
  body: "import('node-agent-sdk').RequestBody<'publishEvent'>",
  RequestTimeoutError: "typeof import('node-agent-sdk').RequestTimeoutError",
  ErrorCode: "typeof import('node-agent-sdk').ErrorCode",
  myTokenService: '{ issue(): Promise<{ bearer: string; userId: string }> }',
  retryLater: '() => void',
  forget: '() => void',
  // The Observability section's logger, as `import pino from 'pino'` gives it (pino is not a dependency).
  pino: "(options?: { level?: string }) => import('node-agent-sdk').Logger",
};

function declares(source: string, name: string): boolean {
  return new RegExp(`\\b(const|let|var|function)\\s+(${name}\\b|\\{[^}]*\\b${name}\\b)|\\bimport\\b[^;]*\\b${name}\\b`).test(source);
}

/** The block as a checkable file: free names declared first; a fragment wrapped in an async function. */
function asFile(block: CodeBlock): string {
  const js = block.lang === 'js';
  const prelude = Object.entries(FREE_NAMES)
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(block.code) && !declares(block.code, name))
    .map(([name, type]) => (js ? `/** @type {${type}} */\nconst ${name} = /** @type {any} */ (undefined);` : `declare const ${name}: ${type};`));
  const isModule = /^\s*(import|export)\b|\brequire\(/m.test(block.code);
  const body = isModule ? block.code : `export async function readmeBlock() {\n${block.code}}\n`;
  return `${js ? '// @ts-check\n' : ''}${prelude.join('\n')}\n${body}`;
}

function diagnosticsOf(program: ts.Program): string[] {
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('the README code blocks type-check under strict', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-blocks-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sdkPaths = {
    'node-agent-sdk': [path.join(ROOT, 'src', 'index.ts')],
    'node-agent-sdk/emulator': [path.join(ROOT, 'src', 'emulator', 'index.ts')],
    'node-agent-sdk/fleet': [path.join(ROOT, 'src', 'fleet', 'index.ts')],
    'node-agent-sdk/metrics': [path.join(ROOT, 'src', 'metrics', 'index.ts')],
  };

  it('finds the blocks the README is made of', () => {
    expect(code('js').length).toBeGreaterThan(15);
    expect(code('ts').length).toBeGreaterThanOrEqual(4);
    expect(recipeFiles.map((b) => b.file)).toEqual(['jest.config.js', 'tsconfig.json', 'src/bot.ts', 'test/bot.test.ts']);
  });

  it('every js and ts block outside the testing recipe (js with // @ts-check); a type error would be reported', () => {
    // A misspelt event in a block of the same shape, to show the check is real.
    const broken = path.join(dir, 'broken.ts');
    fs.writeFileSync(broken, asFile({ lang: 'ts', code: "agent.on('conected', () => undefined);\n", line: 0, section: '' }));
    const files = blocks
      .filter((b) => (b.lang === 'js' || b.lang === 'ts') && !recipeFiles.includes(b))
      .map((b) => {
        const file = path.join(dir, `readme-line-${b.line}.${b.lang}`);
        fs.writeFileSync(file, asFile(b));
        return file;
      });
    const program = ts.createProgram([...files, broken], {
      strict: true,
      noEmit: true,
      allowJs: true,
      checkJs: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      moduleDetection: ts.ModuleDetectionKind.Force,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      baseUrl: ROOT,
      paths: sdkPaths,
    });
    expect(diagnosticsOf(program)).toEqual([expect.stringMatching(/^broken\.ts:\d+ .*'"conected"'/)]);
  });

  it('the testing recipe (src/bot.ts, test/bot.test.ts) with the README tsconfig.json', () => {
    const { compilerOptions } = JSON.parse(named('tsconfig.json').code);
    const { options, errors } = ts.convertCompilerOptionsFromJson(compilerOptions, dir);
    expect(errors).toEqual([]);
    const files = ['src/bot.ts', 'test/bot.test.ts'].map((file) => {
      const full = path.join(dir, 'recipe', file);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, named(file).code);
      return full;
    });
    const program = ts.createProgram(files, {
      ...options,
      noEmit: true,
      skipLibCheck: true,
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      baseUrl: ROOT,
      paths: sdkPaths,
    });
    expect(diagnosticsOf(program)).toEqual([]);
  });
});

// ---------------------------------------------------------------- running the blocks

/** Compiles a TypeScript block to CommonJS, as ts-jest or tsc would. */
function transpile(source: string): string {
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
}

/** Runs CommonJS code with the given modules and globals; returns its exports. */
function run(source: string, modules: Record<string, unknown>, globals: Record<string, unknown> = {}): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  const module = { exports };
  const require = (name: string) => {
    if (!(name in modules)) throw new Error(`the README block requires ${name}, which this test does not provide`);
    return modules[name];
  };
  const names = Object.keys(globals);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', ...names, source)(require, module, exports, ...names.map((n) => globals[n]));
  return module.exports;
}

/** A console that keeps what the block prints, and resolves `printed(text)` when it is printed. */
function capturingConsole() {
  const lines: string[] = [];
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const log = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    lines.push(line);
    for (const w of waiters.filter((w) => line.includes(w.text))) w.resolve();
  };
  const printed = (text: string) =>
    lines.some((l) => l.includes(text)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ text, resolve }));
  return { console: { log, error: log, warn: log, info: log }, lines, printed };
}

/** The SDK with its Agent pointed at an emulator (csdsDomain and ca), keeping every agent made. */
function sdkReaching(emulator: Emulator, made: sdk.Agent[]): typeof sdk {
  class Agent extends sdk.Agent {
    constructor(conf: AgentConfig) {
      super({ ...conf, csdsDomain: emulator.host, ca: emulator.ca });
      made.push(this);
    }
  }
  return { ...sdk, Agent };
}

describe('the README blocks that run, run against the emulator as written', () => {
  const agents: sdk.Agent[] = [];
  const emulators: Emulator[] = [];
  afterEach(async () => {
    agents.splice(0).forEach((a) => a.dispose());
    await Promise.all(emulators.splice(0).map((e) => e.close()));
  });

  it('Quick start: subscribes, accepts the ring and answers the consumer (credentials from the environment)', async () => {
    const emulator = await emulatorModule.startEmulator();
    emulators.push(emulator);
    const { username, password } = emulator.agentConfig();
    const out = capturingConsole();
    run(inSection('Quick start', 'js').code, { 'node-agent-sdk': sdkReaching(emulator, agents) }, {
      process: { env: { LP_ACCOUNT: emulator.accountId, LP_USER: username, LP_PASS: password } },
      console: out.console,
    });
    expect(agents).toHaveLength(1);
    await out.printed('subscribed');
    const consumer = emulator.consumer();
    await consumer.startConversation();
    await consumer.waitForAgent();
    await consumer.send('hello');
    expect((await consumer.waitForMessage()).event).toEqual({ type: 'ContentEvent', contentType: 'text/plain', message: 'you said: hello' });
    expect(out.lines).toEqual([expect.stringMatching(/^subscribed [0-9a-f-]{36}$/)]);
  });

  it('the emulator script: the consumer is answered, then everything is closed', async () => {
    const block = inSection('The LivePerson emulator', 'ts');
    // The block starts itself with `void main();`: the test starts it instead, to wait for it.
    expect(block.code.trimEnd().endsWith('void main();')).toBe(true);
    const source = transpile(block.code.trimEnd().replace(/void main\(\);$/, 'exports.main = main;'));
    const started: Emulator[] = [];
    const emulatorApi = { ...emulatorModule, startEmulator: async () => started[started.push(await emulatorModule.startEmulator()) - 1] };
    const out = capturingConsole();
    const { main } = run(source, { 'node-agent-sdk': sdk, 'node-agent-sdk/emulator': emulatorApi }, { console: out.console }) as { main: () => Promise<void> };
    await main();
    expect(out.lines).toEqual(['you said: hello']);
    expect(started).toHaveLength(1);
    expect(started[0].connectionCount).toBe(0);
  });

  /**
   * The testing recipe, run as jest would run it in the reader's project: its tests in order,
   * each between beforeEach and afterEach, with jest's default 5 s timeout per test.
   * `README_RECIPE_RUNS=20` runs the whole file that many times.
   */
  it('Testing your bot: src/bot.ts and test/bot.test.ts pass within jest’s default timeout', async () => {
    const bot = run(transpile(named('src/bot.ts').code), { 'node-agent-sdk': sdk }, { console: capturingConsole().console });
    const runs = Number(process.env.README_RECIPE_RUNS ?? 1);
    const outcomes: string[] = [];
    for (let i = 0; i < runs; i++) outcomes.push(...(await runRecipe(named('test/bot.test.ts').code, bot)));
    expect(outcomes).toEqual(Array(2 * runs).fill('passed'));
  });
});

async function runRecipe(testFile: string, bot: Record<string, unknown>): Promise<string[]> {
  const hooks = { beforeEach: [] as Array<() => unknown>, afterEach: [] as Array<() => unknown> };
  const tests: Array<{ name: string; fn: () => unknown }> = [];
  run(transpile(testFile), { 'node-agent-sdk': sdk, 'node-agent-sdk/emulator': emulatorModule, '../src/bot': bot }, {
    beforeEach: (fn: () => unknown) => hooks.beforeEach.push(fn),
    afterEach: (fn: () => unknown) => hooks.afterEach.push(fn),
    test: (name: string, fn: () => unknown) => tests.push({ name, fn }),
    expect,
  });
  expect(tests.map((t) => t.name)).toEqual(['the bot answers, and closes the conversation on "bye"', 'the bot comes back after its token expired']);
  const outcomes: string[] = [];
  for (const { name, fn } of tests) {
    for (const hook of hooks.beforeEach) await hook();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`"${name}" exceeded jest's default 5000 ms`)), 5000)));
    try {
      await Promise.race([fn(), timeout]);
      outcomes.push('passed');
    } catch (err) {
      outcomes.push(`${name}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
      for (const hook of hooks.afterEach) await hook();
    }
  }
  return outcomes;
}
