// Starts an openbravo-sim process on free ports (port 0: the system picks every port, so runs
// never collide) and resolves, once it is ready, to the process and its state (`central`,
// `stores`, …, as GET /__sim/state gives it). Used by the bench and by the fuzz seed writer.
import { spawn } from 'node:child_process';

const ROOT = new URL('../', import.meta.url).pathname;

/** `profile` is the cargo profile whose binary to run: `debug`, `release` or `server`; `extra` more
 * arguments (e.g. `--server-token`). */
export function startSimulator(profile, extra = []) {
  const sim = spawn(`${ROOT}target/${profile}/openbravo-sim`, ['--root', ROOT, '--scenario', 'same-version', '--central-port', '0', '--store-base-port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    sim.on('exit', (code) => reject(new Error(`simulator exited (${code})`)));
    sim.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => l.startsWith('openbravo-sim ready '));
      if (line) resolve({ sim, state: JSON.parse(line.slice('openbravo-sim ready '.length)) });
    });
  });
}
