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
