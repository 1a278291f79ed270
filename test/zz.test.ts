import fc from 'fast-check';
import { it } from 'vitest';
import { testApp } from './helpers/app';
import { operationsOf, requestsFor, hostileString } from './helpers/openapi-fuzz';
it('x', async () => {
  const t = await testApp(); const spec = (await t.call('GET','/openapi.json')).body;
  const ops = operationsOf(spec);
  const hints = { site: fc.constantFrom('demo'), article: fc.oneof(fc.constantFrom('fuzz-a'), hostileString), reader: fc.constant('aaaaaaaaaaaaaaaaaaaaaaaa'), title: hostileString };
  let s = performance.now();
  const samples = fc.sample(requestsFor(ops[0]!, hints, 'http://localhost:3000'), 250);
  console.log('gen', performance.now() - s);
  s = performance.now();
  const times: [number, string][] = [];
  for (const r of samples) { const a = performance.now(); const res = await t.app.request(r.url, { method: r.method, headers: r.headers }); await res.text(); times.push([performance.now() - a, `${res.status} ${r.url.length} ${JSON.stringify(r.headers).length}`]); }
  console.log('send', performance.now() - s);
  times.sort((a,b)=>b[0]-a[0]); console.log(times.slice(0,10));
});
