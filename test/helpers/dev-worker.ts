import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from './cli';

const ROOT = resolve(import.meta.dirname, '../..');

/** A running `npm run dev:worker` (wrangler dev, local D1, the article objects). */
export type DevWorker = {
  url: string;
  /** The instance admin key dev:worker wrote to `.dev.vars`. */
  adminKey: () => string;
  stop: () => Promise<void>;
};

/**
 * Starts `npm run dev:worker` on a free port, as a reader of the README would, and resolves
 * once `/healthz` answers. Its own process group, so wrangler and workerd stop with it, also
 * when the test run dies.
 */
export async function startDevWorker(): Promise<DevWorker> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const worker = spawn('npm', ['run', 'dev:worker', '--', '--port', String(port)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stopGroup = () => worker.pid && process.kill(-worker.pid, 'SIGKILL');
  process.once('exit', stopGroup);
  worker.stdout!.on('data', (chunk) => (output += chunk));
  worker.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (worker.exitCode !== null) throw new Error(`dev:worker exited with ${worker.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`dev:worker did not answer /healthz:\n${output}`);
    const healthy = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (healthy) break;
    await new Promise((wait) => setTimeout(wait, 500));
  }
  return {
    url,
    adminKey: () => {
      const key = /^TANGGAP_ADMIN_KEY\s*=\s*"?([^"\n]+)"?$/m.exec(readFileSync(resolve(ROOT, '.dev.vars'), 'utf8'))?.[1];
      if (!key) throw new Error('.dev.vars has no TANGGAP_ADMIN_KEY');
      return key;
    },
    stop: async () => {
      process.off('exit', stopGroup);
      if (!worker.pid || worker.exitCode !== null) return;
      const exited = new Promise((done) => worker.once('exit', done));
      process.kill(-worker.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((wait) => setTimeout(wait, 10_000))]);
      if (worker.exitCode === null) process.kill(-worker.pid, 'SIGKILL');
    },
  };
}
