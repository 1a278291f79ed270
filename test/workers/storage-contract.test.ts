import { env } from 'cloudflare:workers';
import { d1Db } from '../../src/db/d1';
import { storageContract } from '../helpers/storage-contract';

// The default Workers deployment's database: D1 through src/db/d1.ts, migrated by ./setup.ts.
storageContract('D1 in workerd (src/db/d1.ts)', async () => d1Db(env.DB));
