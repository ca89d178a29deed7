import { Pool } from 'pg';

import { connectionKey, toPoolConfig, type PostgresConnectionOptions } from './connection-options';
import { BackgroundPurge } from './purge';
import type { StateTable } from './state-table';

/**
 * One pool per connection configuration, with what hangs off it. A store is opened for every node
 * execution, so the pool must outlive stores: it lives here, at module scope, until
 * `closeAllPostgresPools`.
 */
export interface SharedPool {
	pool: Pool;
	/** The migration of each table, run once per process and pool (keyed by qualified table name). */
	migrations: Map<string, Promise<void>>;
	/** The background purge of each table on this pool. */
	purges: Map<string, BackgroundPurge>;
	/** Who hears about failures nobody awaits (an idle connection dropping, a background purge). */
	errorListeners: Set<(error: Error) => void>;
}

const pools = new Map<string, SharedPool>();

/** The shared pool for a connection configuration, created on first use. */
export function sharedPool(connection: PostgresConnectionOptions): SharedPool {
	const key = connectionKey(connection);
	const existing = pools.get(key);
	if (existing) {
		return existing;
	}

	const shared: SharedPool = {
		pool: new Pool(toPoolConfig(connection)),
		migrations: new Map(),
		purges: new Map(),
		errorListeners: new Set(),
	};
	// An idle client whose connection dies is removed by the pool and replaced on the next query;
	// without a listener the 'error' event would crash the process.
	shared.pool.on('error', (error) => reportPoolError(shared, error));
	pools.set(key, shared);
	return shared;
}

/** The background purge of `table` on this pool, created (not yet started) on first use. */
export function backgroundPurge(shared: SharedPool, table: StateTable): BackgroundPurge {
	let purge = shared.purges.get(table.qualified);
	if (!purge) {
		purge = new BackgroundPurge(shared.pool, table, (error) => reportPoolError(shared, error));
		shared.purges.set(table.qualified, purge);
	}
	return purge;
}

function reportPoolError(shared: SharedPool, error: Error): void {
	for (const listener of shared.errorListeners) {
		listener(error);
	}
}

/**
 * Stops every background purge and closes every shared pool. For tests and shutdown hooks: stores
 * opened before must not be used afterwards.
 */
export async function closeAllPostgresPools(): Promise<void> {
	const closing = [...pools.values()];
	pools.clear();
	for (const shared of closing) {
		for (const purge of shared.purges.values()) {
			purge.stop();
		}
	}
	await Promise.all(closing.map((shared) => shared.pool.end()));
}
