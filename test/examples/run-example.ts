import { execFile } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

/**
 * Runs an example script as `node --import tsx <script>` from the repository root, offline: the
 * LP_* credentials are removed from its environment, so it picks the emulator.
 */
export function runExample(script: string, args: string[] = []): Promise<Run> {
  const env = { ...process.env };
  for (const name of ['LP_ACCOUNT', 'LP_USER', 'LP_PASS', 'LP_CSDS']) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr, lines: stdout.split('\n') });
    });
  });
}
