import { randomBytes } from 'node:crypto';

import { Client, type QueryResultRow } from 'pg';

import {
	closeAllPostgresPools,
	openPostgresStateStore,
	type PostgresConnectionOptions,
	type PostgresStateStore,
	type PostgresStateStoreOptions,
} from '../../../../lib/state/postgres';
import { LOCAL_POSTGRES, withLocalAdmin } from '../../../../tools/local-postgres';

/** The local test server (trust authentication); PG* variables point elsewhere if needed. */
export const SERVER = LOCAL_POSTGRES;

/** A database of its own for one test file, dropped at the end. */
export interface TestDatabase {
	name: string;
	connection: PostgresConnectionOptions;
	/** Runs SQL directly in the test database, bypassing the store. */
	sql<Row extends QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
	/** Opens a store on this database (shared pool), default table unless told otherwise. */
	openStore(options?: Partial<PostgresStateStoreOptions>): Promise<PostgresStateStore>;
	/** Closes every pool and the SQL client, then drops the database. */
	drop(): Promise<void>;
}

/**
 * Creates `wfc_test_<random>` on the test server. Call in beforeAll; call `drop` in afterAll.
 *
 * @param options.durableCommits false turns synchronous_commit off for the database: for tests whose
 * subject is not durability but that would otherwise wait on the disk's flush for every commit.
 */
export async function createTestDatabase(
	options: { durableCommits?: boolean } = {},
): Promise<TestDatabase> {
	const name = `wfc_test_${randomBytes(6).toString('hex')}`;
	await withLocalAdmin(async (admin) => {
		await admin.query(`CREATE DATABASE ${name}`);
		if (options.durableCommits === false) {
			await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
		}
	});

	const connection: PostgresConnectionOptions = { ...SERVER, database: name };
	const client = new Client({ ...SERVER, database: name });
	await client.connect();

	return {
		name,
		connection,
		async sql<Row extends QueryResultRow>(text: string, values: unknown[] = []) {
			return (await client.query<Row>(text, values)).rows;
		},
		openStore: (options = {}) => openPostgresStateStore({ connection, ...options }),
		async drop() {
			await closeAllPostgresPools();
			await client.end();
			await withLocalAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
		},
	};
}

/** One store on one test database, shared by the tests of a file. */
export interface StoreFixture {
	readonly db: TestDatabase;
	readonly store: PostgresStateStore;
	/** The record as a read gives it back, or undefined. */
	read(namespace: string, key: string): ReturnType<typeof readRecord>;
}

async function readRecord(store: PostgresStateStore, namespace: string, key: string) {
	return (await store.getMany(namespace, [key])).get(key);
}

/**
 * Registers beforeAll / afterAll hooks that create a test database and open a store on it, then
 * close and drop both. Use its fields inside tests only: they are set when beforeAll has run.
 */
export function useStoreOnTestDatabase(): StoreFixture {
	let opened: { db: TestDatabase; store: PostgresStateStore } | undefined;
	const current = () => {
		if (!opened) throw new Error('The test store is opened in beforeAll; use it inside a test');
		return opened;
	};
	beforeAll(async () => {
		const db = await createTestDatabase();
		opened = { db, store: await db.openStore() };
	});
	afterAll(async () => {
		await opened?.store.close();
		await opened?.db.drop();
	});
	return {
		get db() {
			return current().db;
		},
		get store() {
			return current().store;
		},
		read: (namespace, key) => readRecord(current().store, namespace, key),
	};
}
