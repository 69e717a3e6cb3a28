// Finds the admin page's long tasks (issue #28's tool; not part of the bench): for fresh and
// reopened pages over LT_STORES stores (default 2,000), LT_RUNS times (default 3), where in the
// page's life each long task falls, the CPU the simulator and each kind of Chromium process
// spent meanwhile, and (LT_PROFILE=1) the page's functions by CPU self time, from a CDP profile
// kept in test-output/longtasks/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startSimulator } from '../simulator.mjs';
import { browserUiSettled, cpuMs, processes } from './settle.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const COUNT = Number(process.env.LT_STORES ?? 2000);
const RUNS = Number(process.env.LT_RUNS ?? 3);
const PROFILE = process.env.LT_PROFILE === '1';
const OUT = `${ROOT}test-output/longtasks`;

/** CPU so far of each running Chromium process, by `kind#pid` (browser, renderer, gpu, …). */
function chromiumCpu() {
  const kind = (cmdline) => (/--type=([\w-]+)/.exec(cmdline)?.[1] ?? 'browser')
    + (cmdline.includes('--top-chrome-webui') ? ' (browser UI)' : '');
  const list = processes((cmdline) => /chrom(e|ium)/.test(cmdline.split('\0')[0])) ?? [];
  return Object.fromEntries(list.map(({ pid, cmdline }) => [`${kind(cmdline)}#${pid}`, cpuMs(pid)]));
}

const { sim, state } = await startSimulator('release', ['--server-token', 'lt-token']);
const central = state.central.replace(/\/openbravo\/?$/, '');
async function control(path, body) {
  const r = await fetch(`${central}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const many = JSON.parse(readFileSync(`${ROOT}scenarios/many-stores.json`, 'utf8'));
const generate = { ...many.generate, count: COUNT, templates: many.generate.templates.map((t) => ({ ...t, faults: [...(t.faults ?? []), { kind: 'latency', ms: 20 }] })) };
const scenario = { scenario: { extends: 'many-stores', name: `lt-${COUNT}`, generate } };
mkdirSync(OUT, { recursive: true });

/** One admin page, measured as the bench measures it (settled window, told done through the
 * console), with what else ran meanwhile. */
async function open(label) {
  const context = await browser.newContext();
  await context.request.post(`${central}/openbravo/org.openbravo.retail.posterminal.POSLoginHandler`, { data: { user: 'Openbravo', password: 'openbravo' } });
  const page = await context.newPage();
  await browserUiSettled();
  const cdp = await context.newCDPSession(page);
  if (PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.addInitScript(() => {
    const lt = { tasks: [], marks: {} };
    window.__lt = lt;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) lt.tasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
    new MutationObserver(() => {
      if (!lt.marks.firstRow && document.querySelector('#rows tr')) lt.marks.firstRow = Math.round(performance.now());
      if (!lt.marks.done && document.body?.dataset.complete === 'true') {
        lt.marks.done = Math.round(performance.now());
        lt.final = [...lt.tasks]; // as they stood when complete
        console.log('webpos-bench:done');
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const [simBefore, chromeBefore, started] = [cpuMs(sim.pid), chromiumCpu(), Date.now()];
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'webpos-bench:done', timeout: 120_000 });
  await page.goto(state.adminUrl);
  await done;
  const wall = Date.now() - started;
  const chrome = Object.entries(chromiumCpu()).map(([k, v]) => [k, v - (chromeBefore[k] ?? 0)]).filter(([, v]) => v > 50);
  const lt = await page.evaluate(() => ({ tasks: window.__lt.final, marks: window.__lt.marks }));
  console.log(`${label}: long tasks [start, ms] ${JSON.stringify(lt.tasks)}, first row ${lt.marks.firstRow} ms, complete ${lt.marks.done} ms`);
  console.log(`  in ${wall} ms: simulator ${cpuMs(sim.pid) - simBefore} ms CPU; ${chrome.map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  if (PROFILE) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`${OUT}/${label}.cpuprofile`, JSON.stringify(profile));
    // Self time per function (name file:line), biggest first.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
    });
    const top = [...self].filter(([k]) => !/^\((idle|program)\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log(top.map(([k, v]) => `  ${v.toFixed(1)} ms ${k}`).join('\n'));
  }
  await context.close();
}

try {
  for (let i = 0; i < RUNS; i++) {
    await control('scenario', scenario);
    await open(`fresh${i}`);
    await open(`again${i}`);
  }
} finally {
  await browser.close();
  sim.kill();
}
