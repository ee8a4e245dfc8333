import { readdirSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';
import * as ts from 'typescript';

/**
 * Every public option says what it does and its default; every event and error code says what
 * it means. (`npm run docs` checks the rest of the API: classes, methods, types.)
 */

const SRC = resolve(__dirname, '../../src');

/** Options bags: each optional member states its default (`Default …`, `default: …`). */
const OPTIONS = [
  'AgentConfig',
  'AutoReconnectOptions',
  'SendOptions',
  'AgentSurveyClientOptions',
  'EmulatorOptions',
  'AgentOptions',
  'ConsumerOptions',
  'FaultOptions',
  'FaultTarget',
  'SkillOptions',
  'WaitOptions',
  'DeskOptions',
  'DeskSendOptions',
  'SendTextOptions',
];
/** Maps whose members are events or codes: each member is documented. */
const DOCUMENTED_MEMBERS = ['AgentEventMap', 'EmulatorEvents', 'ErrorCode', 'DeskEventMap'];
/** Inputs that have no default by nature: credentials. */
const NO_DEFAULT = new Set(['username', 'password', 'token', 'userId', 'assertion', 'appKey', 'secret', 'accessToken', 'accessTokenSecret']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Member {
  owner: string;
  name: string;
  optional: boolean;
  doc: string;
}

/** Members of the named interfaces, type literals and `as const` objects, with their JSDoc text. */
function membersOf(names: string[]): Member[] {
  const members: Member[] = [];
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const collect = (owner: string, elements: readonly ts.Node[]) => {
      for (const element of elements) {
        const name = (element as ts.PropertySignature).name;
        if (!name || ts.isComputedPropertyName(name)) continue;
        const doc = ts.getJSDocCommentsAndTags(element).map((d) => d.getText()).join('\n');
        const optional = ts.isPropertySignature(element) && element.questionToken !== undefined;
        members.push({ owner, name: name.getText().replace(/['"]/g, ''), optional, doc });
      }
    };
    const visit = (node: ts.Node) => {
      if (ts.isInterfaceDeclaration(node) && names.includes(node.name.text)) collect(node.name.text, node.members);
      if (ts.isTypeAliasDeclaration(node) && names.includes(node.name.text) && ts.isTypeLiteralNode(node.type)) collect(node.name.text, node.type.members);
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && names.includes(node.name.text)) {
        let init = node.initializer;
        while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) init = init.expression;
        if (init && ts.isObjectLiteralExpression(init)) collect(node.name.text, init.properties);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return members;
}

describe('public API documentation', () => {
  const options = membersOf(OPTIONS);
  const documented = membersOf(DOCUMENTED_MEMBERS);

  it('finds every listed declaration', () => {
    expect([...new Set([...options, ...documented].map((m) => m.owner))].sort()).toEqual([...OPTIONS, ...DOCUMENTED_MEMBERS].sort());
  });

  it('documents every option, with its default when it is optional', () => {
    const missing = options
      .filter((m) => m.doc === '' || (m.optional && !NO_DEFAULT.has(m.name) && !/default/i.test(m.doc)))
      .map((m) => `${m.owner}.${m.name}`);
    expect(missing).toEqual([]);
  });

  it('documents every event and error code', () => {
    expect(documented.filter((m) => m.doc === '').map((m) => `${m.owner}.${m.name}`)).toEqual([]);
  });
});
