import { Client } from 'pg';

/** The table the raw multi-row statement writes to. */
export const RAW_TABLE = 'bench_raw_pg';

/**
 * The baseline without n8n: one INSERT ... SELECT FROM jsonb_to_recordset(...) ON CONFLICT DO
 * UPDATE for all rows, sent by `pg` from this process. Returns the milliseconds the statement took,
 * serialising the rows included.
 */
export async function rawMultiRowUpsert(
	client: Client,
	rows: Array<{ key: string; value: object }>,
): Promise<number> {
	const started = performance.now();
	await client.query(
		`INSERT INTO ${RAW_TABLE} (namespace, key, value)
		 SELECT 'bench', r.key, r.value FROM jsonb_to_recordset($1::jsonb) AS r(key text, value jsonb)
		 ON CONFLICT (namespace, key) DO UPDATE SET value = ${RAW_TABLE}.value || EXCLUDED.value`,
		[JSON.stringify(rows)],
	);
	return performance.now() - started;
}

/** Creates the tables both baselines write to, with the key the upserts conflict on. */
export async function createBaselineTables(client: Client, tables: string[]): Promise<void> {
	for (const table of tables) {
		await client.query(`CREATE TABLE ${table} (
			namespace varchar(255) NOT NULL,
			key varchar(255) NOT NULL,
			value jsonb NOT NULL,
			PRIMARY KEY (namespace, key))`);
	}
}
