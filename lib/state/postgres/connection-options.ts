import { createHash } from 'node:crypto';

import type { ClientConfig, PoolConfig } from 'pg';

/** Where the state lives: the fields of n8n's Postgres credential that the backend needs. */
export interface PostgresConnectionOptions {
	host: string;
	/** @default 5432 */
	port?: number;
	database: string;
	user: string;
	password?: string;
	/**
	 * `disable`: plain TCP. `require`: TLS without checking the certificate (libpq's `require`).
	 * `verify`: TLS, and the certificate must be valid for the host.
	 * @default 'disable'
	 */
	ssl?: 'disable' | 'require' | 'verify';
	/** Connections the shared pool may open. @default 10 */
	maxConnections?: number;
	/** How long to wait for a connection before giving up. @default 10000 */
	connectTimeoutMs?: number;
}

const DEFAULT_PORT = 5432;
const DEFAULT_MAX_CONNECTIONS = 10;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Settings for a single client, shared by the pool, the change-feed listener and the credential
 * test so that all three connect the same way.
 */
export function toClientConfig(connection: PostgresConnectionOptions): ClientConfig {
	const ssl = connection.ssl ?? 'disable';
	return {
		host: connection.host,
		port: connection.port ?? DEFAULT_PORT,
		database: connection.database,
		user: connection.user,
		password: connection.password,
		ssl: ssl === 'disable' ? false : { rejectUnauthorized: ssl === 'verify' },
		connectionTimeoutMillis: connection.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
		application_name: 'n8n-nodes-workflow-coordination',
		// The tutorial's created_at/updated_at are `timestamp` without time zone: with the session in
		// UTC they hold UTC wall time, whatever the server's default zone is.
		options: '-c TimeZone=UTC',
	};
}

/** Pool settings: the client settings plus the pool's size and idle behaviour. */
export function toPoolConfig(connection: PostgresConnectionOptions): PoolConfig {
	return {
		...toClientConfig(connection),
		max: connection.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
		idleTimeoutMillis: 30_000,
		// Idle connections must not keep a worker process (or a test run) alive.
		allowExitOnIdle: true,
	};
}

/**
 * The registry key of a connection: a hash, so that the password is not kept in a readable map key.
 * Two configurations share a pool exactly when everything that changes the connection is equal.
 */
export function connectionKey(connection: PostgresConnectionOptions): string {
	const identity = [
		connection.host,
		connection.port ?? DEFAULT_PORT,
		connection.database,
		connection.user,
		connection.password ?? '',
		connection.ssl ?? 'disable',
		connection.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
		connection.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
	];
	return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}
