import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import * as ts from 'typescript';

/**
 * The module graph of src/ has no cycles, type-only imports included: a cycle means two modules
 * each know the other, which is the coupling the narrow interfaces (e.g. the emulator's parts)
 * exist to avoid.
 */

const SRC = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  throw new Error(`${relative(SRC, from)}: cannot resolve '${specifier}'`);
}

/** Every relative import and re-export (`import type` too) of each file. */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.flatMap((ref) => resolveImport(file, ref.fileName) ?? []).filter((f) => f.endsWith('.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Each cycle once, as a path of files relative to src/ ending where it started. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const seen = state.get(next);
      if (seen === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)));
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import graph of src/', () => {
  it('has no cycles', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    expect(findCycles(importGraph(files))).toEqual([]);
  });

  it('the cycle finder reports a cycle', () => {
    const [a, b, c] = ['a.ts', 'b.ts', 'c.ts'].map((f) => join(SRC, f));
    const graph = new Map([
      [a, [b]],
      [b, [c]],
      [c, [a]],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(findCycles(new Map([[a, [b]], [b, []]]))).toEqual([]);
  });
});
