import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './cli';

const root = join(import.meta.dirname, '../..');

/**
 * The command `npm start` ends with (`node <flags> <entry>`), read from package.json so a test
 * that attacks "the server `npm start` runs" follows any change to how it is started.
 */
export function startCommand(): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const last = start.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
  if (last[0] !== 'node' || last.length < 2) throw new Error(`npm start does not end with a node command: ${start}`);
  return last.slice(1);
}

export type ServerProcess = {
  url: string;
  pid: number;
  /** Resident set size now (VmRSS), in MB; Linux only. */
  rssMb: () => number;
  /** Whether the process is still running. */
  alive: () => boolean;
  stop: () => Promise<void>;
};

/**
 * Starts the server exactly as `npm start` does, on 127.0.0.1 with its own address as
 * `PUBLIC_URL` (which production requires), and waits for /healthz to answer 200.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, startCommand(), {
    cwd: root,
    env: { ...process.env, PUBLIC_URL: url, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('server did not answer /healthz within 30 s');
    }
    const ok = await fetch(`${url}/healthz`).then((response) => response.status === 200, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    rssMb: () => {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : 0;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Collects everything a server child process prints, and resolves `url` with the address it
 * logs once it listens ("listening on http://…"); rejects, with that output, when the process
 * exits first or takes more than 20 s. The e2e and production servers wait on it.
 */
export function whenListening(child: ChildProcess, name = 'server'): { url: Promise<string>; output: () => string } {
  let output = '';
  const url = new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        ready(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  return { url, output: () => output };
}
