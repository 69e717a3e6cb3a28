// Writes the fuzz targets' seed corpora (fuzz/seeds/<target>/) from the simulator's scenarios:
// the real answers of central's and the stores' services, also with the simulator's
// body-changing faults, in each target's input format (see fuzz/src/checks.rs).
// Usage: node scripts/fuzz-seeds.mjs   (after `cargo build -p openbravo-sim`; it starts its own)
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { startSimulator } from '../tests/simulator.mjs';

const { sim, state: started } = await startSimulator('debug');
const central = new URL(started.central).origin;
const JSONREST = 'org.openbravo.mobile.core.service.jsonrest';
const CLASSES = {
  ServerDefinitions: 'org.example.versionguard.service.ServerDefinitions',
  VersionInformation: 'org.example.versionguard.service.VersionInformation',
  VersionCheckPreferences: 'org.example.versionguard.service.VersionCheckPreferences',
  Preferences: 'org.example.versionguard.service.PreferenceRecords',
  TerminalInfo: 'org.example.versionguard.service.TerminalStoreServer',
  StoreStatus: 'org.example.versionguard.service.StoreStatus',
};
// The `payload` target's first byte picks the decoder (checks::payload).
const SELECTOR = { VersionInformation: 0, VersionCheckPreferences: 1, ServerDefinitions: 2, TerminalInfo: 3, Preferences: 4, StoreStatus: 5 };
const SEPARATOR = Buffer.from([0xff]);
const FAULTS = ['truncated', 'wrongTypes', 'html'];
const STORES_PER_SCENARIO = 3;
const URLS_PER_SCENARIO = 20;
// Bigger inputs would raise libFuzzer's input length for every mutation and slow it down.
const MAX_SEED_BYTES = 64 * 1024;
const seeds = new Map(); // target -> Map(hash -> bytes)
// So that the same scenarios always give the same seeds: the simulator runs on free ports, and
// seeds name the ports `npm start` uses instead (central 8610, the stores from 8611 in order);
// the computation time the answers carry is fixed (same length, so cut answers stay cut alike).
let ports = new Map(); // `127.0.0.1:<port>` -> `127.0.0.1:<stable port>`
const COMPUTED_AT = /"computedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g;

function add(target, bytes) {
  let text = Buffer.from(bytes).toString('latin1').replace(COMPUTED_AT, '"computedAt":"2026-01-01T00:00:00Z"');
  for (const [from, to] of ports) text = text.replaceAll(from, to);
  const data = Buffer.from(text, 'latin1');
  if (data.length > MAX_SEED_BYTES) return;
  const name = createHash('sha1').update(data).digest('hex');
  if (!seeds.has(target)) seeds.set(target, new Map());
  seeds.get(target).set(name, data);
}

async function post(path, data) {
  const response = await fetch(`${central}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

async function answer(base, service, query = '', cookie = '') {
  const response = await fetch(`${base}/${JSONREST}/${CLASSES[service]}${query}`, {
    headers: cookie ? { cookie } : {}, redirect: 'manual', signal: AbortSignal.timeout(3000),
  }).catch(() => null);
  return response ? Buffer.from(await response.arrayBuffer()) : null;
}

function moduleLines(body) {
  try {
    const modules = JSON.parse(body).response.data.modules;
    return modules.map((m) => `${m.id}|${m.name}|${m.version}`).join('\n');
  } catch {
    return null;
  }
}

async function scenario(name) {
  await post('/__sim/scenario', { name });
  const state = await (await fetch(`${central}/__sim/state`)).json();
  ports = new Map([[new URL(central).host, '127.0.0.1:8610'],
    ...state.stores.map((store, i) => [`127.0.0.1:${store.port}`, `127.0.0.1:${8611 + i}`])]);
  const login = await post('/openbravo/org.openbravo.retail.posterminal.POSLoginHandler',
    { user: 'vallblanca', password: 'openbravo', terminal: 'VBS-1' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const base = state.central;
  const centralAnswers = {
    ServerDefinitions: await answer(base, 'ServerDefinitions'),
    VersionInformation: await answer(base, 'VersionInformation'),
    Preferences: await answer(base, 'Preferences', '?property=OBMOBC_IgnoreVersionCheck', cookie),
    TerminalInfo: await answer(base, 'TerminalInfo', '?terminal=VBS-1'),
    VersionCheckPreferences: await answer(base, 'VersionCheckPreferences', '?property=OBMOBC_IgnoreVersionCheck'),
  };
  for (const [service, body] of Object.entries(centralAnswers)) {
    if (body) add('payload', Buffer.concat([Buffer.from([SELECTOR[service]]), body]));
  }
  if (centralAnswers.Preferences) add('preference', centralAnswers.Preferences);
  for (const definition of JSON.parse(centralAnswers.ServerDefinitions).response.data.servers.slice(0, URLS_PER_SCENARIO)) {
    add('store_mode_url', Buffer.from(definition.url ?? ''));
  }
  const centralLines = moduleLines(centralAnswers.VersionInformation);
  for (const line of (centralLines ?? '').split('\n')) add('version', Buffer.from(line.split('|')[2] ?? ''));

  for (const store of state.stores.slice(0, STORES_PER_SCENARIO)) {
    const version = await answer(store.base, 'VersionInformation');
    const status = await answer(store.base, 'StoreStatus');
    for (const [service, body] of [['VersionInformation', version], ['StoreStatus', status]]) {
      if (body) add('payload', Buffer.concat([Buffer.from([SELECTOR[service]]), body]));
    }
    const storeLines = version && moduleLines(version);
    for (const line of (storeLines ?? '').split('\n')) add('version', Buffer.from(line.split('|')[2] ?? ''));
    if (centralLines && storeLines) add('server_version', Buffer.concat([Buffer.from(centralLines), SEPARATOR, Buffer.from(storeLines)]));
    for (const flags of [0, 1, 2, 4, 8]) {
      add('decision', Buffer.concat([Buffer.from([flags]), SEPARATOR, centralAnswers.VersionInformation, SEPARATOR,
        version ?? Buffer.alloc(0), SEPARATOR, status ?? Buffer.alloc(0), SEPARATOR, centralAnswers.Preferences ?? Buffer.alloc(0)]));
    }
    // The same services' answers under the simulator's body-changing faults.
    for (const kind of FAULTS) {
      await post(`/__sim/server/${store.key}`, { faults: [{ kind }] });
      for (const service of ['VersionInformation', 'StoreStatus']) {
        const body = await answer(store.base, service);
        if (body) add('payload', Buffer.concat([Buffer.from([SELECTOR[service]]), body]));
      }
      await post(`/__sim/server/${store.key}`, { faults: [] });
    }
  }
  for (const kind of FAULTS) {
    await post('/__sim/server/central', { faults: [{ kind }] });
    for (const service of ['ServerDefinitions', 'TerminalInfo', 'VersionInformation']) {
      const body = await answer(base, service, service === 'TerminalInfo' ? '?terminal=VBS-1' : '');
      if (body) add('payload', Buffer.concat([Buffer.from([SELECTOR[service]]), body]));
    }
    const prefs = await answer(base, 'Preferences', '?property=OBMOBC_IgnoreVersionCheck', cookie);
    if (prefs) add('preference', prefs);
    await post('/__sim/server/central', { faults: [] });
  }
}

const names = readdirSync('scenarios').filter((f) => f.endsWith('.json') && !f.startsWith('_')).map((f) => f.replace(/\.json$/, ''));
for (const name of names) await scenario(name);
sim.kill();

for (const [target, files] of seeds) {
  const folder = `fuzz/seeds/${target}`;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const [name, data] of files) writeFileSync(`${folder}/${name}`, data);
  console.log(`fuzz/seeds/${target}: ${files.size} inputs`);
}
