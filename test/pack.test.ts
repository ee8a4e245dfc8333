import { spawnSync } from 'child_process';
import { readmeBlocks } from './readme/blocks';
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
/** What `npm install <tarball>` printed, as a user would see it. */
let installOutput: string;

function run(command: string, args: string[], cwd: string): string {
  return runBoth(command, args, cwd).stdout;
}

/** Runs a command; its stdout and stderr, or an error with both when it fails. */
function runBoth(command: string, args: string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 150_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

function write(file: string, text: string): void {
  fs.writeFileSync(path.join(project, file), text);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'node-agent-sdk-pack-'));
  project = path.join(tmp, 'consumer');
  fs.mkdirSync(project);

  // As a release is made: prepack builds dist/ and leaves `prepare` out of the packed package.json, postpack puts it back.
  [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], ROOT));

  write('package.json', JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  const installed = runBoth('npm', ['install', path.join(tmp, packed.filename), '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], project);
  installOutput = installed.stdout + installed.stderr;
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
    expect(files).toEqual(expect.arrayContaining(['dist/fleet/index.js', 'dist/fleet/index.d.ts', 'dist/fleet/cli.js']));
  });

  it('ships source maps that carry their sources (the .ts files are not in the package)', () => {
    const maps = packed.files.map((f) => f.path).filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(10);
    const withoutSources = maps.filter((file) => {
      const map = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      return !(Array.isArray(map.sourcesContent) && map.sourcesContent.length === map.sources.length && map.sourcesContent.every((c: unknown) => typeof c === 'string'));
    });
    expect(withoutSources).toEqual([]);
  });
});

describe('installing the tarball', () => {
  it('prints no install-script warning of ours: the package has no prepare/install scripts', () => {
    // etcd3 (the fleet's coordinator client) brings gRPC and with it protobufjs, whose postinstall
    // npm 11 lists (and does not run); that is the only package such a warning may name.
    const listed = [...installOutput.matchAll(/^npm warn install-scripts\s+(\S+)@\S+ \((?:pre|post)?install\b/gm)].map((m) => m[1]);
    expect(listed.filter((name) => name !== 'protobufjs')).toEqual([]);
    expect(installOutput).not.toMatch(/prepare|node-agent-sdk/i);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'node-agent-sdk', 'package.json'), 'utf8'));
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => /^(pre|post)?(install|prepare)$/.test(name))).toEqual([]);
  });

  it('leaves the checkout as it was: package.json keeps `prepare` (a clone or a git install builds dist/ with it)', () => {
    const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(own.scripts.prepare).toBe('npm run build');
    expect(fs.existsSync(path.join(ROOT, 'package.json.before-pack'))).toBe(false);
  });

  it('ships the README, which says npm start and examples/ are in the source repository, not in the package', () => {
    const shipped = fs.readFileSync(path.join(project, 'node_modules', 'node-agent-sdk', 'README.md'), 'utf8');
    expect(shipped).toBe(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    // Each section that tells the reader to run `npm start` or use examples/ says where they are.
    const sections = shipped.split(/\n(?=## )/);
    const pointing = sections.filter((section) => /npm start|examples\//.test(section) && !section.startsWith('## Development'));
    expect(pointing.map((section) => section.split('\n')[0])).toEqual(expect.arrayContaining(['## Set-up', '## Testing your bot', '## Examples']));
    for (const section of pointing) expect(section).toMatch(/source repository/);
    expect(shipped.match(/not\s+in\s+the\s+npm\s+package/g)?.length).toBeGreaterThanOrEqual(3);
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

  it('resolves node-agent-sdk/fleet from CommonJS and ESM', () => {
    const cjs = run('node', ['-e', `const f = require('node-agent-sdk/fleet'); console.log(JSON.stringify([typeof f.AgentFleet, typeof f.EtcdCoordinator, typeof f.place]))`], project);
    expect(JSON.parse(cjs)).toEqual(['function', 'function', 'function']);
    write('fleet.mjs', `import { AgentFleet } from 'node-agent-sdk/fleet';\nconsole.log(typeof AgentFleet);\n`);
    expect(run('node', ['fleet.mjs'], project).trim()).toBe('function');
  });

  it('installs the node-agent-sdk-fleet command', () => {
    const result = spawnSync(path.join(project, 'node_modules', '.bin', 'node-agent-sdk-fleet'), [], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--bots is required\n\nusage: node-agent-sdk-fleet --bots <bots.json>');
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
import { AgentFleet, type FleetStatus } from 'node-agent-sdk/fleet';
const start: typeof startEmulator = startEmulator;
void start;
const fleet = new AgentFleet({ bots: [{ accountId: '1', username: 'u', password: 'p' }], etcd: { hosts: 'http://127.0.0.1:2379', leaseTtl: 5 } });
fleet.on('lost', (id: string, reason: 'fenced' | 'lease-lost' | 'key-lost') => console.log(id, reason));
const status: FleetStatus = fleet.status();
void status;
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

/** The README's promise: a fresh project following it verbatim passes first time. */
describe('a fresh project following the README', () => {
  let fresh: string;
  beforeAll(() => {
    fresh = path.join(tmp, 'fresh');
    fs.mkdirSync(path.join(fresh, 'node_modules', '@types'), { recursive: true });
    // `npm install node-agent-sdk`: the installed tarball, as the consumer project above got it.
    for (const dep of ['node-agent-sdk', 'ws', 'eventemitter3', '@types/ws', '@types/node', 'undici-types']) {
      const from = path.join(project, 'node_modules', dep);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(fresh, 'node_modules', dep), { recursive: true });
    }
    // `npm install --save-dev jest ts-jest typescript @types/jest`: the versions this repository tests with.
    for (const dev of ['jest', 'ts-jest', 'typescript', '@types/jest']) {
      fs.symlinkSync(path.join(ROOT, 'node_modules', dev), path.join(fresh, 'node_modules', dev), 'dir');
    }
    fs.writeFileSync(path.join(fresh, 'package.json'), JSON.stringify({ name: 'my-bot', version: '1.0.0', private: true }));
    for (const block of readmeBlocks().filter((b) => b.file && b.section === 'Testing your bot')) {
      const file = path.join(fresh, block.file as string);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, block.code);
    }
  });

  it('has the files the README names', () => {
    expect(fs.readdirSync(fresh).sort()).toEqual(['jest.config.js', 'node_modules', 'package.json', 'src', 'test', 'tsconfig.json']);
  });

  it('npx jest: the testing recipe and its fault test pass, type-checked by ts-jest under strict, and jest exits', () => {
    const { stdout, stderr } = runBoth('node', [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--watchman=false'], fresh);
    const out = stdout + stderr;
    expect(out).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(out).not.toMatch(/did not exit|open handle/i);
  });
});

describe('the minimum TypeScript version', () => {
  const TS_MIN = '4.7';
  // The dev dependency `typescript-min` (test/fixtures/typescript-min) holds that TypeScript nested, so its tsc does not replace the project's.
  const MIN = path.join(ROOT, 'node_modules', 'typescript-min', 'node_modules');
  it('is the one the README states, and the one tested below', () => {
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain(`The type declarations need TypeScript ${TS_MIN} or later`);
    expect(JSON.parse(fs.readFileSync(path.join(MIN, 'typescript', 'package.json'), 'utf8')).version).toMatch(/^4\.7\./);
  });

  it(`a strict consumer compiles with TypeScript ${TS_MIN} against the declarations (with @types/node 20.11), misspelt names still caught`, () => {
    const old = path.join(tmp, `ts${TS_MIN}`);
    fs.mkdirSync(path.join(old, 'node_modules', '@types'), { recursive: true });
    for (const dep of ['node-agent-sdk', 'ws', 'eventemitter3', '@types/ws']) {
      fs.cpSync(path.join(project, 'node_modules', dep), path.join(old, 'node_modules', dep), { recursive: true });
    }
    // A project pinned to an older TypeScript pins an @types/node that version can read.
    fs.cpSync(path.join(MIN, '@types', 'node'), path.join(old, 'node_modules', '@types', 'node'), { recursive: true });
    fs.cpSync(path.join(MIN, 'undici-types'), path.join(old, 'node_modules', 'undici-types'), { recursive: true });
    fs.writeFileSync(
      path.join(old, 'consumer.ts'),
      `import { Agent, SDKError } from 'node-agent-sdk';
import type { AgentConfig } from 'node-agent-sdk';
import { startEmulator } from 'node-agent-sdk/emulator';

const conf: AgentConfig = { accountId: '1', token: 't', userId: 'u' };
const agent = new Agent(conf);
agent.on('error', (err, context) => console.log(err.message, context && context.location));
agent.on('ms.MessagingEventNotification', (body) => {
  for (const change of body.changes) {
    const event = change.event;
    if (event.type === 'ContentEvent' && event.contentType === 'text/plain') {
      const text: string = event.message;
      console.log(text);
    }
  }
});
agent.on('.ams.some.RawType', (body) => console.log(body));
agent.getClock({}, (err, body) => {
  if (err instanceof SDKError) console.log(err.code);
  else if (!err) console.log(body.currentTime);
});
// @ts-expect-error a misspelt event name
agent.on('conected', () => undefined);
void startEmulator;
agent.dispose();
`,
    );
    const tsconfig = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2020', module: 'commonjs', moduleResolution: 'node', types: ['node'] }, files: ['consumer.ts'] };
    fs.writeFileSync(path.join(old, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = path.join(MIN, 'typescript', 'bin', 'tsc');
    expect(run('node', [tsc, '--version'], old).trim()).toMatch(/^Version 4\.7\./);
    expect(() => run('node', [tsc, '-p', 'tsconfig.json'], old)).not.toThrow();
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
