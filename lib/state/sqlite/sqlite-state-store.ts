import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

import type {
	ChangeFilter,
	ListPage,
	ListQuery,
	MutationOutcome,
	StateChange,
	StateMutation,
	StateRecord,
	StateStore,
} from '../types';
import { BUSY_TIMEOUT_MS, retryWhileLocked } from './busy-retry';
import { SqliteChangeFeed } from './change-feed';
import { loadNodeSqlite } from './load-node-sqlite';
import { MutationWriter, type BatchClock } from './mutation-writer';
import { prepareDatabase } from './prepare-database';
import { rowToRecord, type StateRow } from './row';
import { prepareStatements, type PreparedStatements } from './statements';
import { SubscriptionLeases } from './subscription-leases';

/** Mutations per write transaction: large enough to amortise the commit, small enough not to hold the lock for long. */
const MUTATIONS_PER_TRANSACTION = 2_000;

/** How often expired records and old change entries are removed. */
const HOUSEKEEPING_INTERVAL_MS = 60_000;

/** How long change entries are kept for subscribers that poll. */
const CHANGE_RETENTION_MS = 15 * 60_000;

/**
 * The embedded StateStore: one SQLite file in WAL mode, shared safely by every process on the host
 * that opens it (n8n's main process and its workers). Writes run in IMMEDIATE transactions, so each
 * takes the file's write lock up front instead of failing halfway through.
 */
export class SqliteStateStore implements StateStore {
	private readonly statements: PreparedStatements;
	private readonly writer: MutationWriter;
	private readonly changeFeed: SqliteChangeFeed;
	private readonly housekeeping: NodeJS.Timeout;
	private closed = false;

	private constructor(
		readonly filePath: string,
		private readonly db: DatabaseSync,
	) {
		this.statements = prepareStatements(db);
		this.writer = new MutationWriter(this.statements);
		const leases = new SubscriptionLeases(this.statements, (work) =>
			retryWhileLocked(filePath, () => this.inWriteTransaction(work)),
		);
		this.changeFeed = new SqliteChangeFeed(this.statements, leases, (read) =>
			retryWhileLocked(filePath, read),
		);
		this.housekeeping = setInterval(() => void this.housekeep(), HOUSEKEEPING_INTERVAL_MS).unref();
	}

	/**
	 * Opens (creating when needed) the store at `filePath`.
	 *
	 * @throws EmbeddedStoreUnavailableError on a Node.js without node:sqlite
	 */
	static async open(filePath: string): Promise<SqliteStateStore> {
		const { DatabaseSync } = loadNodeSqlite();
		if (filePath !== ':memory:') mkdirSync(path.dirname(filePath), { recursive: true });
		const db = new DatabaseSync(filePath, { timeout: BUSY_TIMEOUT_MS });
		try {
			await retryWhileLocked(filePath, () => prepareDatabase(db));
		} catch (error) {
			db.close();
			throw error;
		}
		return new SqliteStateStore(filePath, db);
	}

	async getMany(namespace: string, keys: string[]): Promise<Map<string, StateRecord>> {
		const rows = this.statements.getMany.all({
			namespace,
			keys: JSON.stringify(keys),
			now: Date.now(),
		}) as unknown as StateRow[];
		return new Map(rows.map((row) => [row.key, rowToRecord(row)]));
	}

	async list(query: ListQuery): Promise<ListPage> {
		const limit = query.limit ?? 100;
		const rows = this.statements.listPage.all({
			namespace: query.namespace,
			afterKey: query.afterKey ?? '',
			prefix: query.keyPrefix ?? '',
			limit: limit + 1,
			now: Date.now(),
		}) as unknown as StateRow[];
		const records = rows.slice(0, limit).map(rowToRecord);
		const hasMore = rows.length > limit;
		return { records, nextAfterKey: hasMore ? records[records.length - 1].key : null };
	}

	async apply(mutations: StateMutation[]): Promise<MutationOutcome[]> {
		const outcomes: MutationOutcome[] = [];
		for (let start = 0; start < mutations.length; start += MUTATIONS_PER_TRANSACTION) {
			const end = Math.min(start + MUTATIONS_PER_TRANSACTION, mutations.length);
			await retryWhileLocked(this.filePath, () =>
				this.inWriteTransaction(() => {
					const now = Date.now();
					const clock: BatchClock = { now, nowIso: new Date(now).toISOString() };
					// Written into place, so a retry after a lock error overwrites its own slots.
					for (let index = start; index < end; index++) {
						outcomes[index] = this.writer.apply(mutations[index], clock);
					}
				}),
			);
		}
		return outcomes;
	}

	async subscribe(
		filter: ChangeFilter,
		onChange: (change: StateChange) => void,
	): Promise<() => Promise<void>> {
		return await this.changeFeed.subscribe(filter, onChange);
	}

	async purgeExpired(): Promise<number> {
		return await retryWhileLocked(this.filePath, () => {
			const result = this.statements.purgeExpired.run({ now: Date.now() });
			return Number(result.changes);
		});
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		clearInterval(this.housekeeping);
		this.changeFeed.close();
		this.db.close();
	}

	/** Runs `work` in an IMMEDIATE transaction: the write lock is taken up front or not at all. */
	private inWriteTransaction<T>(work: () => T): T {
		this.db.exec('BEGIN IMMEDIATE');
		try {
			const result = work();
			this.db.exec('COMMIT');
			return result;
		} catch (error) {
			this.db.exec('ROLLBACK');
			throw error;
		}
	}

	private async housekeep(): Promise<void> {
		try {
			await this.purgeExpired();
			await retryWhileLocked(this.filePath, () =>
				this.statements.purgeChanges.run({ before: Date.now() - CHANGE_RETENTION_MS }),
			);
			await retryWhileLocked(this.filePath, () =>
				this.statements.purgeLapsedSubscriptions.run({ now: Date.now() }),
			);
		} catch {
			// Housekeeping is retried on the next tick; a busy moment must not crash n8n's process.
		}
	}
}
