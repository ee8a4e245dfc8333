import { readdirSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';

/**
 * Comments cite the project's own docs as `docs/<file>.md` or `docs/<file>.md, "<heading>"`:
 * every such citation must name a file in docs/ and, when it names one, a heading of that file.
 */

const ROOT = resolve(__dirname, '../..');
const CITATION = /docs\/([\w-]+\.md)(?:, "([^"]+)")?/g;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'results') return [];
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|js|md)$/.test(name) ? [path] : [];
  });
}

const headings = (doc: string) =>
  readFileSync(join(ROOT, 'docs', doc), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.replace(/^#+\s*/, ''));

describe('citations of docs/', () => {
  const sources = ['src', 'test', 'examples', 'bench'].flatMap((dir) => files(join(ROOT, dir)));
  const citations = sources.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(CITATION)].map(([, doc, heading]) => ({ file: file.slice(ROOT.length + 1), doc, heading })),
  );

  it('are found (the scan works)', () => {
    expect(citations.length).toBeGreaterThan(10);
  });

  it('name existing files and headings', () => {
    const docs = readdirSync(join(ROOT, 'docs'));
    const broken = citations.filter(({ doc, heading }) => !docs.includes(doc) || (heading !== undefined && !headings(doc).includes(heading)));
    expect(broken).toEqual([]);
  });
});
