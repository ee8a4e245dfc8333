import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The package as a user gets it: built, packed, installed into a fresh project, then loaded
 * from CommonJS, from ESM, and compiled by a strict TypeScript consumer.
 */

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

let tmp: string;
let project: string;
let packed: { filename: string; files: Array<{ path: string }> };

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 150_000 });
  } catch (err: any) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

function write(file: string, text: string): void {
  fs.writeFileSync(path.join(project, file), text);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node-agent-sdk-pack-'));
  project = path.join(tmp, 'consumer');
  fs.mkdirSync(project);

  run('npm', ['run', 'build'], ROOT);
  // Built just above; --ignore-scripts keeps `prepare` from building a second time.
  [packed] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT));

  write('package.json', JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  run('npm', ['install', path.join(tmp, packed.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], project);
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships dist, the README and package.json, and no sources or tests', () => {
    expect(packed.filename).toBe(`node-agent-sdk-${version}.tgz`);
    const files = packed.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/agent.js']));
    expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/emulator/index.js', 'dist/emulator/index.d.ts']));
  });
});

describe('the installed package', () => {
  it('loads from CommonJS: require(...).Agent is a class that validates its conf', () => {
    const out = run(
      'node',
      [
        '-e',
        `const sdk = require('node-agent-sdk');
         let message;
         try { new sdk.Agent({}); } catch (e) { message = e.message; }
         console.log(JSON.stringify({ agent: typeof sdk.Agent, sdkError: typeof sdk.SDKError, survey: typeof sdk.AgentSurveyClient, message }));`,
      ],
      project,
    );
    expect(JSON.parse(out)).toEqual({ agent: 'function', sdkError: 'function', survey: 'function', message: 'missing accountId param' });
  });

  it('loads from ESM: import { Agent } from "node-agent-sdk"', () => {
    write('esm.mjs', `import { Agent, SDKError } from 'node-agent-sdk';\nimport sdk from 'node-agent-sdk';\nconsole.log(JSON.stringify([typeof Agent, typeof SDKError, sdk.Agent === Agent]));\n`);
    expect(JSON.parse(run('node', ['esm.mjs'], project))).toEqual(['function', 'function', true]);
  });

  it('exposes only the declared subpaths', () => {
    const out = run(
      'node',
      ['-e', `try { require('node-agent-sdk/dist/agent'); console.log('loaded'); } catch (e) { console.log(e.code); }`],
      project,
    );
    expect(out.trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(run('node', ['-e', `console.log(require('node-agent-sdk/package.json').version)`], project).trim()).toBe(version);
  });

  it('resolves node-agent-sdk/emulator from CommonJS and ESM', () => {
    const cjs = run('node', ['-e', `const e = require('node-agent-sdk/emulator'); console.log(JSON.stringify([typeof e.startEmulator, typeof e.Emulator]))`], project);
    expect(JSON.parse(cjs)).toEqual(['function', 'function']);
    write('emulator.mjs', `import { startEmulator } from 'node-agent-sdk/emulator';\nconsole.log(typeof startEmulator);\n`);
    expect(run('node', ['emulator.mjs'], project).trim()).toBe('function');
  });

  describe('a strict TypeScript consumer compiles', () => {
    const CONSUMER = `import { Agent, SDKError, type AgentConfig } from 'node-agent-sdk';

const conf: AgentConfig = { accountId: '1', token: 't', userId: 'u' };
const agent = new Agent(conf);
agent.on('connected', (event) => {
  const ts: number = event.ts;
  const connected: true = event.connected;
  void ts;
  void connected;
  // @ts-expect-error the connected payload is typed: ts is a number
  const wrong: string = event.ts;
  void wrong;
});
agent.on('closed', (code) => {
  const n: number = code;
  void n;
});
agent.on('error', (err: unknown) => {
  if (err instanceof SDKError) console.log(err.code, err.service);
});
const clock: Promise<unknown> = agent.promises.getClock();
void clock.catch(() => undefined);
const id: string | undefined = agent.getClock({}, (err, body) => console.log(err, body));
void id;
agent.dispose();
`;
    const EMULATOR_CONSUMER = `import { startEmulator } from 'node-agent-sdk/emulator';
const start: typeof startEmulator = startEmulator;
void start;
`;

    /**
     * Writes a tsconfig for these settings and runs the project's tsc on it. Declaration files
     * are checked too (no skipLibCheck): the types the package ships, and those they import
     * (`@types/ws`, hence `@types/node`), must come with the package.
     */
    function compile(name: string, options: Record<string, unknown>, files: string[]): void {
      const tsconfig = {
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: ['node'], target: 'ES2022', ...options },
        files,
      };
      write(`tsconfig.${name}.json`, JSON.stringify(tsconfig, null, 2));
      run(TSC, ['-p', `tsconfig.${name}.json`], project);
    }

    beforeAll(() => {
      write('consumer.ts', CONSUMER);
      write('consumer.mts', CONSUMER);
      write('emulator-consumer.ts', EMULATOR_CONSUMER);
    });

    const files = (...extra: string[]) => ['consumer.ts', 'emulator-consumer.ts', ...extra];

    it('with module/moduleResolution node16 (CommonJS and ESM files)', () => {
      expect(() => compile('node16', { module: 'node16', moduleResolution: 'node16' }, files('consumer.mts'))).not.toThrow();
    });

    it('with module/moduleResolution nodenext', () => {
      expect(() => compile('nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }, files('consumer.mts'))).not.toThrow();
    });

    it('with moduleResolution node (node10) and CommonJS', () => {
      expect(() => compile('node10', { module: 'commonjs', moduleResolution: 'node' }, files())).not.toThrow();
    });

    it('and a type error in the consumer is reported (the check is real)', () => {
      write('broken.ts', `import { Agent } from 'node-agent-sdk';\nnew Agent({ token: 't' });\n`);
      expect(() => compile('broken', { module: 'node16', moduleResolution: 'node16' }, ['broken.ts'])).toThrow(/accountId/);
    });
  });
});

describe('node-agent-sdk/metrics in the installed package', () => {
  const MISSING = 'node-agent-sdk/metrics needs prom-client, an optional peer dependency of node-agent-sdk: run `npm install prom-client`';

  it('declares prom-client as an optional peer dependency, so installing the SDK does not pull it in', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'node-agent-sdk', 'package.json'), 'utf8'));
    expect(manifest.peerDependencies).toEqual({ 'prom-client': expect.any(String) });
    expect(manifest.peerDependenciesMeta).toEqual({ 'prom-client': { optional: true } });
    expect(fs.existsSync(path.join(project, 'node_modules', 'prom-client'))).toBe(false);
  });

  it('without prom-client, fails on import with an error that says what to install (the main entry still loads)', () => {
    const out = run('node', ['-e', `require('node-agent-sdk'); try { require('node-agent-sdk/metrics'); } catch (e) { console.log(e.message); }`], project);
    expect(out.trim()).toBe(MISSING);
  });

  it('with prom-client, loads from CommonJS and ESM and compiles in a strict TypeScript consumer', () => {
    // The SDK's own copy stands in for `npm install prom-client` (no network in the test).
    fs.symlinkSync(path.join(ROOT, 'node_modules', 'prom-client'), path.join(project, 'node_modules', 'prom-client'), 'dir');
    const script = `const m = new AgentMetrics().add({ accountId: '1', stats: () => ({ requests: { getClock: { sent: 2, answered: 1, failed: 0, timedOut: 1 } }, pending: 0,
      notifications: {}, errors: {}, connection: { connected: true, opens: 1, connectedMs: 5, connectedSince: 1 }, reconnects: { attempts: 0, succeeded: 0, causes: {} },
      latency: { samples: 0, windowMs: 60000, p50: null, p90: null, p99: null } }) }, { name: 'bot' });
    m.metrics().then((text) => console.log(text.split('\\n').filter((l) => l.startsWith('lp_agent_requests_sent_total')).join('|')));`;
    const line = 'lp_agent_requests_sent_total{account="1",agent="bot",type="getClock"} 2';
    expect(run('node', ['-e', `const { AgentMetrics } = require('node-agent-sdk/metrics');\n${script}`], project).trim()).toBe(line);
    write('metrics.mjs', `import { AgentMetrics } from 'node-agent-sdk/metrics';\n${script}\n`);
    expect(run('node', ['metrics.mjs'], project).trim()).toBe(line);

    write('metrics-consumer.ts', `import { AgentMetrics, type FleetSource } from 'node-agent-sdk/metrics';
import { Agent } from 'node-agent-sdk';
const agent = new Agent({ accountId: '1', token: 't', userId: 'u' });
const fleet: FleetSource = { status: () => ({ workerId: 'w', held: 3 }), on: () => undefined };
const text: Promise<string> = new AgentMetrics().add(agent).addFleet(fleet).metrics();
void text;
agent.dispose();
`);
    write('tsconfig.metrics.json', JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: ['node'], target: 'ES2022', module: 'node16', moduleResolution: 'node16' }, files: ['metrics-consumer.ts'] }));
    expect(() => run(TSC, ['-p', 'tsconfig.metrics.json'], project)).not.toThrow();
    // node10 resolution finds the subpath through typesVersions.
    write('tsconfig.metrics10.json', JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: ['node'], target: 'ES2022', module: 'commonjs', moduleResolution: 'node' }, files: ['metrics-consumer.ts'] }));
    expect(() => run(TSC, ['-p', 'tsconfig.metrics10.json'], project)).not.toThrow();
  });
});

describe('the README install section, followed by a bot that requires node-agent-sdk unchanged', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Installing it in your project'), readme.indexOf('## Quick start'));

  it('warns against the registry name and gives npm pack and the file: spec of this version', () => {
    expect(section).toContain('Not with `npm install node-agent-sdk`');
    expect(section).toContain('npm pack');
    expect(section).toContain(`"node-agent-sdk": "file:./node-agent-sdk-${version}.tgz"`);
    expect(section).toContain(`npm install node-agent-sdk@file:./node-agent-sdk-${version}.tgz`);
    expect(readme).not.toContain('To use the SDK in your own project: `npm install node-agent-sdk`');
  });

  /** A bot project whose package.json names node-agent-sdk as the README says, installed from the packed tarball. */
  function botProject(name: string, install: (dir: string) => void): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(tmp, packed.filename), path.join(dir, packed.filename));
    fs.writeFileSync(path.join(dir, 'bot.js'), `const { Agent } = require('node-agent-sdk');\nconsole.log(JSON.stringify([typeof Agent, require('node-agent-sdk/package.json').version]));\n`);
    install(dir);
    return run('node', ['bot.js'], dir);
  }

  const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'];

  it('a dependency "node-agent-sdk": "file:./node-agent-sdk-<version>.tgz" in package.json', () => {
    const out = botProject('bot-with-spec', (dir) => {
      const pkg = { name: 'bot', version: '1.0.0', private: true, dependencies: { 'node-agent-sdk': `file:./${packed.filename}` } };
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
      run('npm', ['install', ...NPM_FLAGS], dir);
    });
    expect(JSON.parse(out)).toEqual(['function', version]);
  });

  it('npm install node-agent-sdk@file:./node-agent-sdk-<version>.tgz', () => {
    const out = botProject('bot-with-alias', (dir) => {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bot', version: '1.0.0', private: true }, null, 2));
      run('npm', ['install', `node-agent-sdk@file:./${packed.filename}`, ...NPM_FLAGS], dir);
    });
    expect(JSON.parse(out)).toEqual(['function', version]);
  });
});
