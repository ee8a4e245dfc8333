import * as fs from 'fs';
import * as path from 'path';

/** One fenced code block of the README. */
export interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence, to name the block in failures. */
  line: number;
  /** The heading the block sits under. */
  section: string;
  /** A file the README tells the reader to create (`src/bot.ts`), named just before the block. */
  file?: string;
}

export const README = path.resolve(__dirname, '..', '..', 'README.md');

const FILE_NAME = /^[\w.-]+(\/[\w.-]+)*\.(ts|js|json)$/;

/**
 * The README's code blocks. A block is a file to create when the paragraph just before it
 * ends with `:` and names a file in backticks (`` `tsconfig.json`: ``, ``The bot, `src/bot.ts` …:``).
 */
export function readmeBlocks(text = fs.readFileSync(README, 'utf8')): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{1,4} (.*)/.exec(lines[i]);
    if (heading) section = heading[1];
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    blocks.push({ lang: fence[1], code: body.join('\n') + '\n', line: start + 1, section, file: fileNamedBefore(lines, start) });
  }
  return blocks;
}

function fileNamedBefore(lines: string[], fence: number): string | undefined {
  let j = fence - 1;
  while (j >= 0 && lines[j].trim() === '') j--;
  if (j < 0 || !lines[j].trimEnd().endsWith(':')) return undefined;
  const paragraph: string[] = [];
  while (j >= 0 && lines[j].trim() !== '') paragraph.unshift(lines[j--]);
  const named = [...paragraph.join(' ').matchAll(/`([^`]+)`/g)].map((m) => m[1]).find((token) => FILE_NAME.test(token));
  return named;
}
