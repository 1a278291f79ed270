import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export type Spawned = { url: string; child: ChildProcess; coldStartMs: number; peakRssMb: () => number; stop: () => Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Peak resident set of a process so far (VmHWM), in MB; Linux only, 0 elsewhere. */
function peakRss(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The V8 heap flags `npm start` runs the server with (small young generation, bounded old
 * space: see docs/PERFORMANCE.md, "Memory"), read from package.json so the bench measures the
 * server exactly as it is started.
 */
export function startHeapFlags(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  return start.match(/--max-[a-z-]+-size=\d+/g) ?? [];
}

/**
 * Starts `node <entry>` (with the tsx loader for a .ts entry; `npm start` runs dist/server.mjs) and waits for `probePath` to answer
 * 200; the time from spawn to that first 200 is the cold start.
 */
export async function spawnServer(entry: string, env: Record<string, string>, probePath: string, nodeArgs: string[] = []): Promise<Spawned> {
  const port = await freePort();
  const started = performance.now();
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, entry], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode} before answering`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${entry} did not answer ${probePath} within 30 s`);
    }
    try {
      const response = await fetch(url + probePath);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const coldStartMs = performance.now() - started;
  return {
    url,
    child,
    coldStartMs,
    peakRssMb: () => peakRss(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
