import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { STATIC_FILES_DIR } from '../node-layout';
import type { StaticFiles } from './static-files';

const loaded = new Map<string, ReadonlyMap<string, Uint8Array<ArrayBuffer>>>();

/**
 * The static files for Node: every file under `dir`, read once into memory (a few hundred KB),
 * so serving one never touches the disk. Reads again only for another directory.
 */
export function nodeStaticFiles(dir: string = STATIC_FILES_DIR): StaticFiles {
  let files = loaded.get(dir);
  if (!files) {
    let entries;
    try {
      entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    } catch (error) {
      throw new Error(`cannot read the static files in ${dir} (run \`npm run build\` first): ${String(error)}`);
    }
    files = new Map(entries.map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [relative(dir, path).split(sep).join('/'), new Uint8Array(readFileSync(path))];
    }));
    loaded.set(dir, files);
  }
  const byPath = files;
  return async (path) => byPath.get(path) ?? null;
}
