// The Openbravo adapter is concatenated with every other module script of the WebPOS into one
// file: a syntax the till's browser cannot parse would stop them all. Its floor is ES2017 plus
// dynamic import() (the one later syntax the guard needs to load an ES module from a classic
// script): Chrome 63, Edge 79, Firefox 67, Safari 11.1. Acorn parses it at ES2020 (the first
// version with import()), and every node from after ES2017 but import() is refused. Template
// literals and regular expression literals are refused too: JSMin, which minifies that file on
// a real till, does not know the first and can misread the second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

const SCRIPTS = ['www/pos/openbravo-version-guard.js', 'www/pos/guard-settings.js'];

/** What a node needs beyond ES2017 (or what JSMin cannot minify), or null. */
function beyondFloor(node) {
  switch (node.type) {
    case 'ChainExpression': return 'optional chaining (ES2020)';
    case 'LogicalExpression': return node.operator === '??' ? 'nullish coalescing (ES2020)' : null;
    case 'SpreadElement':
    case 'RestElement':
      return node.inObject ? 'object spread or rest (ES2018)' : null;
    case 'CatchClause': return node.param === null ? 'catch without a binding (ES2019)' : null;
    case 'ForOfStatement': return node.await ? 'for await (ES2018)' : null;
    case 'Literal':
      if (node.bigint !== undefined) return 'BigInt (ES2020)';
      if (node.regex) return 'a regular expression literal (JSMin may misread it)';
      return null;
    case 'MetaProperty': return 'import.meta (modules only)';
    case 'TemplateLiteral': return 'a template literal (JSMin does not know it)';
    case 'FunctionDeclaration':
    case 'FunctionExpression':
      return node.async && node.generator ? 'an async generator (ES2018)' : null;
    case 'ClassDeclaration':
    case 'ClassExpression':
      return node.body.body.some((m) => m.type === 'PropertyDefinition' || m.type === 'StaticBlock')
        ? 'class fields (ES2022)' : null;
    default: return null;
  }
}

function problems(source) {
  const ast = acorn.parse(source, { ecmaVersion: 2020, sourceType: 'script', locations: true });
  // Mark spread and rest elements that sit in object literals or patterns.
  walk.full(ast, (node) => {
    if (node.type === 'ObjectExpression' || node.type === 'ObjectPattern') {
      for (const property of node.properties) property.inObject = true;
    }
  });
  const found = [];
  walk.full(ast, (node) => {
    const why = beyondFloor(node);
    if (why) found.push(`line ${node.loc.start.line}: ${why}`);
  });
  return found;
}

for (const script of SCRIPTS) {
  test(`${script} parses as ES2017 plus import(), with nothing JSMin cannot minify`, () => {
    assert.deepEqual(problems(readFileSync(script, 'utf8')), []);
  });
}

test('the check refuses what a till older than the floor cannot parse', () => {
  const samples = {
    'a?.b;': 'optional chaining',
    'a ?? b;': 'nullish',
    'x = { ...a };': 'object spread',
    'try {} catch {}': 'catch without a binding',
    'x = `t`;': 'template literal',
    'x = /r/;': 'regular expression',
    'async function* g() {}': 'async generator',
  };
  for (const [source, expected] of Object.entries(samples)) {
    assert.match(problems(source).join(), new RegExp(expected), source);
  }
  assert.deepEqual(problems('import("./m.js"); async function f() { await g(); }'), []);
  assert.throws(() => problems('x ||= 1;'), SyntaxError); // ES2021: not even parsed
});
