// Finds the admin page's long tasks: where in the page's life they fall, and which functions
// the CPU spent them in (a CDP CPU profile). A tool for the work on #28, not part of the bench.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** The simulator's CPU time so far, in ms (user + system, from /proc). */
const chromiumCpu = () => {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(chromium') && !stat.includes('(chrome')) continue;
      const f = stat.split(') ')[1].split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = (/--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser') + (/--renderer-client-id=(\d+)/.exec(cmd)?.[0] ?? '') + (cmd.includes('extension') ? 'ext' : '') + (/--utility-sub-type=([\w.]+)/.exec(cmd)?.[1]?.replace(/.*\./, ':') ?? '');
      const ms = (Number(f[11]) + Number(f[12])) * 10;
      total += ms;
      chromiumCpu.byType[`${type}#${pid}`] = ms;
    } catch {}
  }
  return total;
};
chromiumCpu.byType = {};
const simCpu = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
import { chromium } from '@playwright/test';
import { startSimulator } from '../simulator.mjs';
import { browserUiSettled } from './settle.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const COUNT = Number(process.env.LT_STORES ?? 2000);
const RUNS = Number(process.env.LT_RUNS ?? 3);
// LT_PROFILE=0: the long tasks alone, without the profiler's own cost.
const PROFILE = process.env.LT_PROFILE !== '0';
const NICE = process.env.LT_NICE == null ? undefined : Number(process.env.LT_NICE);
const { sim, state } = await startSimulator('release', ['--server-token', 'lt-token'], { nice: NICE });
const central = state.central.replace(/\/openbravo\/?$/, '');
const adminUrl = state.adminUrl;
async function control(path, body) {
  const r = await fetch(`${central}/__sim/${path}`, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.json();
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'] });
const many = JSON.parse(readFileSync(`${ROOT}scenarios/many-stores.json`, 'utf8'));
const generate = { ...many.generate, count: COUNT, templates: many.generate.templates.map((t) => ({ ...t, faults: [...(t.faults ?? []), { kind: 'latency', ms: 20 }] })) };
const scenario = { scenario: { extends: 'many-stores', name: `lt-${COUNT}`, generate } };

async function open(label) {
  const context = await browser.newContext();
  await context.request.post(`${central}/openbravo/org.openbravo.retail.posterminal.POSLoginHandler`, { data: { user: 'Openbravo', password: 'openbravo' } });
  const page = await context.newPage();
  // The new window's own UI boots first (settle.mjs): not the page's work.
  await browserUiSettled();
  const cdp = await context.newCDPSession(page);
  if (PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.addInitScript(() => {
    window.__lt = { tasks: [], marks: {} };
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.tasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
    new MutationObserver(() => {
      const m = window.__lt.marks;
      if (!m.firstRow && document.querySelector('#rows tr')) m.firstRow = Math.round(performance.now());
      if (!m.done && document.body?.dataset.complete === 'true') {
        m.done = Math.round(performance.now());
        window.__lt.tasks = [...window.__lt.tasks]; // as it stood when complete
        window.__lt.final = window.__lt.tasks;
        console.log('webpos-bench:done');
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const cpu0 = simCpu(sim.pid);
  const chrome0 = chromiumCpu();
  const before = { ...chromiumCpu.byType };
  const wall0 = Date.now();
  const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'webpos-bench:done', timeout: 120_000 });
  await page.goto(adminUrl);
  await done;
  const simShare = `simulator ${simCpu(sim.pid) - cpu0} ms CPU, Chromium ${chromiumCpu() - chrome0} ms CPU, in ${Date.now() - wall0} ms`;
  await page.waitForTimeout(300);
  const lt = await page.evaluate(() => ({ tasks: window.__lt.final, marks: window.__lt.marks }));
  if (process.env.LT_THREADS) {
    const mains = () => Object.fromEntries(readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) return [];
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return [[pid, (Number(f[11]) + Number(f[12])) * 10]];
      } catch { return []; }
    }));
    const m0 = mains();
    await page.evaluate(() => { const end = performance.now() + 500; while (performance.now() < end); });
    const m1 = mains();
    console.log('   busy loop of the page ran in', Object.keys(m1).filter((p) => m1[p] - (m0[p] ?? 0) > 300));
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!cmd.includes('--type=renderer')) continue;
        const threads = readdirSync(`/proc/${pid}/task`).map((t) => {
          const st = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
          const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
          const f = st.split(') ')[1].split(' ');
          return [name, (Number(f[11]) + Number(f[12])) * 10];
        }).filter(([, ms]) => ms > 30);
        console.log('   renderer', pid, cmd.split('\0').filter((a) => !/^--(field-trial|enable-features|disable-features|variations|metrics|shared-files|crashpad|change-stack|time-ticks|launch-time|num-raster|lang|enable-blink|disable-blink|use-gl|enable-crash|user-data|noerrdialogs|enable-automation|no-sandbox|disable-gpu|first-renderer)/.test(a)).join(' ').slice(0, 300), threads.map(([n, ms]) => `${n} ${ms}`).join(', '));
      } catch {}
    }
  }
  if (!PROFILE) {
    console.log(label, simShare, JSON.stringify(lt));
    console.log('   ', Object.entries(chromiumCpu.byType).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v > 50).map(([k, v]) => `${k} ${v}`).join(', '));
    await context.close();
    return;
  }
  const { profile } = await cdp.send('Profiler.stop');
  // Self time per function (url:line name), biggest first.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i + 1] ?? 0) / 1000);
  });
  const top = [...self.entries()].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${v.toFixed(1)} ms ${k}`);
  writeFileSync(`/tmp/lt/${label}.cpuprofile`, JSON.stringify(profile));
  console.log(label, JSON.stringify(lt), '\n  ' + top.join('\n  '));
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
