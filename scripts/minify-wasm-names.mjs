// Shortens the names by which a wasm-bindgen package's .wasm and its JS glue find each other:
// `node scripts/minify-wasm-names.mjs DIR NAME` for DIR/NAME_bg.wasm and DIR/NAME.js.
//
// wasm-bindgen names every import `__wbg_<function>_<16 hex digits>`, in a module named after
// the glue file. Those hashes do not compress: about 2 KB of the guard's gzipped wasm. Here
// binaryen renames every import, its module and every export to one or two characters
// (`wasm-opt --minify-imports-and-exports-and-modules`, as Emscripten does for release builds),
// and the glue (and its .d.ts files) is rewritten to the new names. Every rename is checked:
// a name that is not found exactly where expected stops the build, and the packages are then
// instantiated by `npm test` (tests/node/package-loads.test.mjs) and used by the browser tests.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [dir, name] = process.argv.slice(2);
if (!dir || !name) {
  console.error('usage: node scripts/minify-wasm-names.mjs DIR NAME');
  process.exit(2);
}
const wasmPath = `${dir}/${name}_bg.wasm`;
const gluePath = `${dir}/${name}.js`;
const typesPaths = [`${dir}/${name}.d.ts`, `${dir}/${name}_bg.wasm.d.ts`];
const fail = (why) => {
  console.error(`minify-wasm-names: ${gluePath}: ${why}`);
  process.exit(1);
};
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// npm's binaryen (package-lock.json), not whatever other wasm-opt is on PATH.
const wasmOpt = new URL('../node_modules/.bin/wasm-opt', import.meta.url).pathname;
const map = JSON.parse(execFileSync(wasmOpt, [
  wasmPath, '-o', wasmPath, '--minify-imports-and-exports-and-modules',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue',
], { encoding: 'utf8' }));
const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath))).map((i) => i.module));
if (modules.size !== 1) fail(`expected every import in one module, found ${[...modules].join(', ')}`);
const [newModule] = modules;

const identifier = /^[A-Za-z_$][\w$]*$/;
for (const [, , newName] of map.imports) if (!identifier.test(newName)) fail(`import name ${newName} is not an identifier`);
for (const [, newName] of map.exports) if (!identifier.test(newName)) fail(`export name ${newName} is not an identifier`);

let glue = readFileSync(gluePath, 'utf8');

// The import objects: `return { __proto__: null, "<module>": importN, ... };` becomes one
// module holding every function under its new name.
const returned = /return \{\s*__proto__: null,((?:\s*"[^"]+": import\d+,)+)\s*\};/g;
const found = [...glue.matchAll(returned)];
if (found.length !== 1) fail(`expected one import object list, found ${found.length}`);
const variables = Object.fromEntries([...found[0][1].matchAll(/"([^"]+)": (import\d+),/g)].map((m) => [m[1], m[2]]));
const entries = [];
for (const [module, oldName, newName] of map.imports) {
  const variable = variables[module];
  if (!variable) fail(`import module ${module} is not in the import object list`);
  if (variable === 'import0') {
    // The glue's own functions: rename the key in place.
    const key = new RegExp(`(?<=[\\s{,])${escape(oldName)}(?=: )`, 'g');
    const hits = glue.match(key)?.length ?? 0;
    if (hits !== 1) fail(`import ${oldName}: expected one definition, found ${hits}`);
    glue = glue.replace(key, JSON.stringify(newName));
  } else {
    // A snippet's export (an inline_js function): referenced from its namespace.
    entries.push(`${JSON.stringify(newName)}: ${variable}[${JSON.stringify(oldName)}]`);
  }
}
const merged = `return { __proto__: null, ${JSON.stringify(newModule)}: { ...import0, ${entries.join(', ')} } };`;
glue = glue.replace(found[0][0], merged);

// The exports the glue calls: `wasm.<name>` becomes `wasm.<new name>`; the .d.ts files too.
let types = typesPaths.map((path) => readFileSync(path, 'utf8'));
for (const [oldName, newName] of map.exports) {
  const use = new RegExp(`(?<=\\bwasm)\\.${escape(oldName)}(?![\\w$])`, 'g');
  glue = glue.replace(use, `.${newName}`);
  const declared = new RegExp(`(?<=\\b(?:readonly|export const) )${escape(oldName)}(?=:)`, 'g');
  types = types.map((text) => text.replace(declared, newName));
}
for (const [, oldName] of map.imports.filter(([module]) => variables[module] === 'import0')) {
  if (glue.includes(oldName)) fail(`the old import name ${oldName} is still in the glue`);
}

writeFileSync(gluePath, glue);
typesPaths.forEach((path, i) => writeFileSync(path, types[i]));
console.log(`minify-wasm-names: ${wasmPath}: ${map.imports.length} imports and ${map.exports.length} exports renamed`);
