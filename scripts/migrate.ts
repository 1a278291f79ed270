/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (default: the embedded
 * file) without starting the server — for Turso, or before a deploy.
 */
import { resolve } from 'node:path';
import { migrateNodeDatabase, openNodeDatabase } from '../src/db/node';

const url = process.env.DATABASE_URL ?? `file:${resolve(process.env.TANGGAP_DATA_DIR ?? 'data', 'tanggap.db')}`;
const { client, db } = await openNodeDatabase(url, process.env.DATABASE_AUTH_TOKEN);
await migrateNodeDatabase(db);
client.close();
console.log(`migrations applied to ${url.startsWith('file:') ? url : 'the remote libsql database'}`);
