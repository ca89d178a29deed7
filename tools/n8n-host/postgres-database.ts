/**
 * n8n's own database in PostgreSQL instead of the SQLite file in the user folder: what n8n
 * recommends for production, and what queue mode requires. The database must exist and be empty
 * or n8n's; n8n creates its tables on first start.
 */
export interface N8nPostgresDatabase {
	host: string;
	/** @default 5432 */
	port?: number;
	database: string;
	user: string;
	password?: string;
}

/** The environment that points n8n (main or worker) at `database`. */
export function postgresDatabaseEnvironment(database: N8nPostgresDatabase): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: database.host,
		DB_POSTGRESDB_PORT: String(database.port ?? 5432),
		DB_POSTGRESDB_DATABASE: database.database,
		DB_POSTGRESDB_USER: database.user,
		DB_POSTGRESDB_PASSWORD: database.password ?? '',
	};
}
