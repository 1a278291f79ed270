import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

describe('the demo newsroom', () => {
  it('serves an article with the widget under it and an index page with containers and the iframe', async () => {
    const article = await (await t.app.request('/')).text();
    expect(article).toContain('<script async src="/widget.js" data-site="demo"');
    const index = await (await t.app.request('http://127.0.0.1:8787/demo/index')).text();
    expect(index.match(/data-tanggap-article=/g)).toHaveLength(2);
    expect(index).toContain('/embed/demo/festival-gamelan-anak?parent=http%3A%2F%2F127.0.0.1%3A8787');
  });
});
