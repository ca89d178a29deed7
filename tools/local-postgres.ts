import { Client } from 'pg';

/**
 * The PostgreSQL server the tests and benchmarks create their databases on: this machine's, with
 * trust authentication, unless the usual PG* variables point elsewhere.
 */
export const LOCAL_POSTGRES: { host: string; port: number; user: string; password?: string } = {
	host: process.env.PGHOST ?? '127.0.0.1',
	port: Number(process.env.PGPORT ?? 5432),
	user: process.env.PGUSER ?? 'postgres',
	password: process.env.PGPASSWORD,
};

/** Runs `work` on a connection to the server's `postgres` database (to create and drop others). */
export async function withLocalAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
	const admin = new Client({ ...LOCAL_POSTGRES, database: 'postgres' });
	await admin.connect();
	try {
		return await work(admin);
	} finally {
		await admin.end();
	}
}
