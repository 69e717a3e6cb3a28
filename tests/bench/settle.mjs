// Headless Chromium opens every new window (each browser context) with its own omnibox popup,
// a WebUI page in a renderer of its own (`--top-chrome-webui`) that burns about a second of CPU
// as it starts: on a 2-core machine that steals a core from the page opened beside it, and the
// page's first tasks look long for work that is not the page's. An admin's browser window is
// already open, so the bench waits for that renderer to go idle before it opens the page.
import { readdirSync, readFileSync } from 'node:fs';

const POLL_MS = 100;
const IDLE_CPU_MS = 10; // at most this much CPU in one poll counts as idle
const MOST_MS = 5000;

/** The processes whose command line `matches`, each `{ pid, cmdline }`; null without /proc. */
export function processes(matches) {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  return entries.filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return matches(cmdline) ? [{ pid, cmdline }] : [];
    } catch {
      return []; // the process ended meanwhile
    }
  });
}

/** A process's CPU time so far (user + system), in ms; 0 once it has ended. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** CPU time (ms) of every `--top-chrome-webui` renderer; null where /proc is not. */
function browserUiCpu() {
  const renderers = processes((cmdline) => cmdline.includes('--top-chrome-webui'));
  return renderers && renderers.reduce((total, { pid }) => total + cpuMs(pid), 0);
}

/** Resolves once the browser's own UI renderers are idle (at most 5 s; 1.5 s without /proc). */
export async function browserUiSettled() {
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let last = browserUiCpu();
  if (last === null) return sleep(1500);
  for (let waited = 0; waited < MOST_MS; waited += POLL_MS) {
    await sleep(POLL_MS);
    const now = browserUiCpu();
    if (now - last <= IDLE_CPU_MS && waited >= 3 * POLL_MS) return;
    last = now;
  }
}
