import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { STATIC_FILES_DIR } from '../../src/node-layout';
import { assets } from '../../src/widget/generated/assets';

/**
 * Issue 3: widget.js, all a page needs to render the poll, within 3 KB gzipped. The vote flow
 * and comments come later in more.js (see src/widget/README.md, "Size"); every chunk together
 * must stay within 8 KB.
 */
const POLL_BUDGET = 3 * 1024;
const TOTAL_BUDGET = 8 * 1024;

const gzipped = (file: string) => gzipSync(readFileSync(join(STATIC_FILES_DIR, file)), { level: 9 }).length;

describe('widget size budget', () => {
  it(`keeps widget.js within ${POLL_BUDGET} bytes gzipped`, () => {
    const widget = assets.find((asset) => asset.name === 'widget');
    expect(widget).toBeDefined();
    expect(gzipped(widget!.file)).toBeLessThanOrEqual(POLL_BUDGET);
  });

  it(`keeps every built chunk together within ${TOTAL_BUDGET} bytes gzipped`, () => {
    expect(assets.reduce((sum, asset) => sum + gzipped(asset.file), 0)).toBeLessThanOrEqual(TOTAL_BUDGET);
  });

  it('serves content-hashed file names that match the bytes', () => {
    expect(assets.map((asset) => asset.name)).toEqual(['widget', 'more', 'embed-resize']);
    for (const asset of assets) {
      const bytes = readFileSync(join(STATIC_FILES_DIR, asset.file));
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      expect(asset.file).toBe(`${asset.name}.${hash}.js`);
    }
  });
});
