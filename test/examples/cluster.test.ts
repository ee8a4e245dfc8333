import { etcdBinary } from '../helpers/etcd';
import { runExample } from './run-example';

jest.setTimeout(60_000);

/** `npm run example:cluster`: with etcd, 3 workers share 12 bots, one is killed and the others take over. */
test('examples/cluster/main.ts runs and exits 0', async () => {
  const run = await runExample('examples/cluster/main.ts');
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const expected = etcdBinary()
    ? [/^ {2}worker-1: 4 bots \(/, /^takeover: 4 bots of worker-1 running again on worker-2 and worker-3 after \d+\.\d s$/, 'max concurrent sockets per bot user: 1', 'workers stopped; sockets left: 0']
    : [/^etcd is not installed/];
  expected.push(/^ {2}cluster-bot-\d\d > response from 12345678\/cluster-bot-\d\d$/, '[service] conversation closed (AGENT)');
  for (const want of expected) {
    const found = run.lines.some((line) => (typeof want === 'string' ? line === want : want.test(line)));
    if (!found) throw new Error(`missing ${want}\n--- output:\n${run.stdout}`);
  }
});
