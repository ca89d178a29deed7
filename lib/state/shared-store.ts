import path from 'node:path';

import {
	closeAllPostgresPools,
	openPostgresStateStore,
	type PostgresConnectionOptions,
} from './postgres';
import { connectionKey } from './postgres/connection-options';
import { resolveStateTable } from './postgres/state-table';
import { defaultEmbeddedStorePath } from './sqlite/default-location';
import { SqliteStateStore } from './sqlite/sqlite-state-store';
import type { StateStore } from './types';

/** Where shared state lives, as the nodes describe it. */
export type StateStoreLocation =
	| {
			backend: 'embedded';
			/** @default defaultEmbeddedStorePath(): under the n8n user folder */
			filePath?: string;
	  }
	| {
			backend: 'postgres';
			connection: PostgresConnectionOptions;
			/** @default 'public' */
			schema?: string;
			/** @default 'workflow_states' */
			table?: string;
	  };

// Module scope on purpose: every node execution asks for its store, and opening one per execution
// would mean a new SQLite handle (or a new change-feed listener) each time. One store per location
// lives as long as the process; a failed open is forgotten so that the next execution tries again.
const stores = new Map<string, Promise<StateStore>>();

/**
 * The process-wide store for a location, opened (and for PostgreSQL migrated) on first use. Callers
 * share it and must not close it.
 *
 * @param onError hears about failures no caller awaits (a dropped listener connection); only the
 *   first caller's listener is kept for a location.
 * @throws EmbeddedStoreUnavailableError, PostgresStateError or the driver's connection error
 */
export function sharedStateStore(
	location: StateStoreLocation,
	onError?: (error: Error) => void,
): Promise<StateStore> {
	const key = locationKey(location);
	let store = stores.get(key);
	if (!store) {
		store = openStore(location, onError);
		stores.set(key, store);
		store.catch(() => stores.delete(key));
	}
	return store;
}

/** Closes every shared store and PostgreSQL pool; for tests and shutdown. */
export async function closeSharedStateStores(): Promise<void> {
	const opened = [...stores.values()];
	stores.clear();
	await Promise.all(
		opened.map(async (store) => {
			const open = await store.catch(() => undefined);
			await open?.close();
		}),
	);
	await closeAllPostgresPools();
}

async function openStore(
	location: StateStoreLocation,
	onError?: (error: Error) => void,
): Promise<StateStore> {
	if (location.backend === 'embedded') {
		return await SqliteStateStore.open(location.filePath ?? defaultEmbeddedStorePath());
	}
	return await openPostgresStateStore({
		connection: location.connection,
		schema: location.schema,
		table: location.table,
		onError,
	});
}

function locationKey(location: StateStoreLocation): string {
	if (location.backend === 'embedded') {
		return `embedded:${path.resolve(location.filePath ?? defaultEmbeddedStorePath())}`;
	}
	const table = resolveStateTable(location.schema, location.table);
	return `postgres:${connectionKey(location.connection)}:${table.qualified}`;
}
