import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { SqliteStateStore } from '../../lib/state/sqlite/sqlite-state-store';
import type { StateStore } from '../../lib/state/types';
import { createTestDatabase, type TestDatabase } from '../integration/state/postgres/test-database';

/**
 * A backend under test: how to open stores on one fresh, isolated location (a temporary file, a
 * throwaway database) and how to remove that location afterwards.
 */
export interface StateBackendUnderTest {
	name: string;
	/** Prepares a fresh location; every store opened until `dispose` shares it. */
	setUp(): Promise<void>;
	/** A new store (its own connection or pool) on the current location. */
	openStore(): Promise<StateStore>;
	dispose(): Promise<void>;
}

/** The embedded store, on a file in a temporary folder. */
export function embeddedBackend(): StateBackendUnderTest {
	let folder: string | undefined;
	const opened: StateStore[] = [];
	return {
		name: 'embedded (node:sqlite)',
		async setUp() {
			folder = mkdtempSync(path.join(tmpdir(), 'wfc-state-'));
		},
		async openStore() {
			if (!folder) throw new Error('setUp() first');
			const store = await SqliteStateStore.open(path.join(folder, 'state.sqlite'));
			opened.push(store);
			return store;
		},
		async dispose() {
			await Promise.all(opened.splice(0).map((store) => store.close()));
			if (folder) rmSync(folder, { recursive: true, force: true });
		},
	};
}

/** PostgreSQL, in a database of its own on the local test server, dropped at the end. */
export function postgresBackend(): StateBackendUnderTest {
	let database: TestDatabase | undefined;
	const opened: StateStore[] = [];
	return {
		name: 'PostgreSQL',
		async setUp() {
			database = await createTestDatabase({ durableCommits: false });
		},
		async openStore() {
			if (!database) throw new Error('setUp() first');
			const store = await database.openStore();
			opened.push(store);
			return store;
		},
		async dispose() {
			await Promise.all(opened.splice(0).map((store) => store.close()));
			await database?.drop();
		},
	};
}

/** Every backend the shared semantic suite runs against, with identical expectations. */
export function stateBackendsUnderTest(): StateBackendUnderTest[] {
	return [embeddedBackend(), postgresBackend()];
}
