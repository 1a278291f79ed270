import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { assets } from '../../src/widget/generated/assets';

/**
 * Issue 3: widget.js, all a page needs to render the poll, within 3 KB gzipped. The vote flow
 * and comments come later in more.js (see src/widget/README.md, "Size"); every chunk together
 * must stay within 8 KB.
 */
const POLL_BUDGET = 3 * 1024;
const TOTAL_BUDGET = 8 * 1024;

const gzipped = (body: string) => gzipSync(body, { level: 9 }).length;

describe('widget size budget', () => {
  it(`keeps widget.js within ${POLL_BUDGET} bytes gzipped`, () => {
    const widget = assets.find((asset) => asset.name === 'widget');
    expect(widget).toBeDefined();
    expect(gzipped(widget!.body)).toBeLessThanOrEqual(POLL_BUDGET);
  });

  it(`keeps every built chunk together within ${TOTAL_BUDGET} bytes gzipped`, () => {
    expect(assets.reduce((sum, asset) => sum + gzipped(asset.body), 0)).toBeLessThanOrEqual(TOTAL_BUDGET);
  });

  it('serves content-hashed file names that match the bytes', () => {
    for (const asset of assets) expect(asset.file).toBe(`${asset.name}.${asset.hash}.js`);
  });
});
