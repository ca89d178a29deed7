// A PostgreSQL database of its own for one benchmark n8n: created empty here, filled by n8n's own
// migrations on start, dropped at the end however the run ends.
import { randomBytes } from 'node:crypto';

import { LOCAL_POSTGRES as SERVER, withLocalAdmin } from '../../../tools/local-postgres';
import type { N8nPostgresDatabase } from '../../../tools/n8n-host';

export interface BenchN8nDatabase {
	connection: N8nPostgresDatabase;
	/** Drops the database, disconnecting whoever is still on it. */
	drop(): Promise<void>;
}

export async function createN8nDatabase(): Promise<BenchN8nDatabase> {
	const database = `wfc_bench_n8n_${randomBytes(6).toString('hex')}`;
	await withLocalAdmin((admin) => admin.query(`CREATE DATABASE ${database}`));
	return {
		connection: { ...SERVER, database },
		drop: async () => {
			await withLocalAdmin((admin) =>
				admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
			);
		},
	};
}
