import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

import type {
	ChangeFilter,
	JsonValue,
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
import { applyEdit, sqlEditFunction, type ValueEdit } from './edit-function';
import { loadNodeSqlite } from './load-node-sqlite';
import { rowToRecord, type StateRow } from './row';
import { CREATE_SCHEMA, SCHEMA_VERSION, UPGRADE_FROM_VERSION_1 } from './schema';
import { prepareStatements, type PreparedStatements } from './statements';

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
	private readonly changeFeed: SqliteChangeFeed;
	private readonly housekeeping: NodeJS.Timeout;
	private closed = false;

	private constructor(
		readonly filePath: string,
		private readonly db: DatabaseSync,
	) {
		this.statements = prepareStatements(db);
		this.changeFeed = new SqliteChangeFeed(this.statements, (read) =>
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
			const chunk = mutations.slice(start, start + MUTATIONS_PER_TRANSACTION);
			outcomes.push(
				...(await retryWhileLocked(this.filePath, () => this.applyInTransaction(chunk))),
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
		this.changeFeed.stop();
		this.db.close();
	}

	private applyInTransaction(mutations: StateMutation[]): MutationOutcome[] {
		this.db.exec('BEGIN IMMEDIATE');
		try {
			const now = Date.now();
			const clock: BatchClock = { now, nowIso: new Date(now).toISOString() };
			const outcomes = mutations.map((mutation) =>
				mutation.kind === 'merge' ? this.merge(mutation, clock) : this.applyOne(mutation, now),
			);
			this.db.exec('COMMIT');
			return outcomes;
		} catch (error) {
			this.db.exec('ROLLBACK');
			throw error;
		}
	}

	private applyOne(mutation: StateMutation, now: number): MutationOutcome {
		const target = { namespace: mutation.namespace, key: mutation.key, now };
		if (mutation.kind === 'delete') {
			const row = this.statements.deleteRecord.get(target) as { live: number } | undefined;
			return { status: 'deleted', deleted: row?.live === 1 };
		}

		const ttl = mutation.ttlSeconds ?? 0;
		const written = {
			...target,
			expires: ttl > 0 ? now + ttl * 1000 : null,
			operation: mutation.kind,
		};
		switch (mutation.kind) {
			case 'set':
				return this.writeValue(written, mutation.value, false);
			case 'compareAndSet':
				return this.compareAndSet(written, mutation.value, mutation.expectedVersion);
			case 'merge':
				return this.writeEdit(written, { kind: 'merge', patch: mutation.patch });
			case 'increment':
				return this.writeEdit(written, { kind: 'increment', path: mutation.path, by: mutation.by });
			case 'append':
				return this.writeEdit(written, {
					kind: 'append',
					path: mutation.path,
					values: mutation.values,
					maxLength: mutation.maxLength,
				});
		}
	}

	private writeValue(
		written: WriteParameters,
		value: JsonValue,
		onlyIfAbsent: boolean,
	): MutationOutcome {
		const row = this.statements.upsertValue.get({
			...written,
			value: JSON.stringify(value),
			onlyIfAbsent: onlyIfAbsent ? 1 : 0,
		}) as StateRow | undefined;
		if (row) return { status: 'written', record: rowToRecord(row) };
		return { status: 'conflict', current: this.readOne(written) };
	}

	private compareAndSet(
		written: WriteParameters,
		value: JsonValue,
		expectedVersion: number,
	): MutationOutcome {
		if (expectedVersion === 0) return this.writeValue(written, value, true);
		const row = this.statements.compareAndSet.get({
			...written,
			value: JSON.stringify(value),
			expectedVersion,
		}) as StateRow | undefined;
		if (row) return { status: 'written', record: rowToRecord(row) };
		return { status: 'conflict', current: this.readOne(written) };
	}

	/**
	 * Merge is the common bulk write, so it has a path of its own: one positional statement, the
	 * merge done by SQLite, and the record put together from what is known here (the key, the
	 * batch's clock, the expiry) plus the three columns the statement returns.
	 */
	private merge(mutation: MergeMutation, clock: BatchClock): MutationOutcome {
		const ttl = mutation.ttlSeconds ?? 0;
		const expires = ttl > 0 ? clock.now + ttl * 1000 : null;
		const row = this.statements.upsertMerge.get(
			mutation.namespace,
			mutation.key,
			JSON.stringify(mutation.patch),
			clock.now,
			expires,
		) as Pick<StateRow, 'value' | 'version' | 'created_ms'> | undefined;
		if (!row) {
			return this.writeEdit(
				{
					namespace: mutation.namespace,
					key: mutation.key,
					now: clock.now,
					expires,
					operation: 'merge',
				},
				{ kind: 'merge', patch: mutation.patch },
			);
		}
		const created = Number(row.created_ms);
		return {
			status: 'written',
			record: {
				namespace: mutation.namespace,
				key: mutation.key,
				value: JSON.parse(row.value) as JsonValue,
				version: Number(row.version),
				createdAt: created === clock.now ? clock.nowIso : new Date(created).toISOString(),
				updatedAt: clock.nowIso,
				expiresAt: expires === null ? null : new Date(expires).toISOString(),
			},
		};
	}

	/**
	 * One statement either way. A missing record starts from what the edit makes of nothing, computed
	 * here because it does not depend on stored data; an existing one is edited inside the statement.
	 */
	private writeEdit(written: WriteParameters, edit: ValueEdit): MutationOutcome {
		const fromNothing = applyEdit(undefined, edit);
		const editJson = JSON.stringify(edit);
		const row = (
			'value' in fromNothing
				? this.statements.upsertEdit.get({
						...written,
						value: JSON.stringify(fromNothing.value),
						edit: editJson,
					})
				: this.statements.updateEdit.get({ ...written, edit: editJson })
		) as StateRow | undefined;
		if (row) return { status: 'written', record: rowToRecord(row) };

		// Nothing was written; say why, from the record as it stands inside this same transaction.
		const current = this.readOne(written);
		const explained = applyEdit(current?.value, edit);
		return {
			status: 'typeMismatch',
			message: 'mismatch' in explained ? explained.mismatch : 'the stored value changed shape',
		};
	}

	private readOne(target: { namespace: string; key: string; now: number }): StateRecord | null {
		const row = this.statements.getOne.get({
			namespace: target.namespace,
			key: target.key,
			now: target.now,
		}) as StateRow | undefined;
		return row ? rowToRecord(row) : null;
	}

	private async housekeep(): Promise<void> {
		try {
			await this.purgeExpired();
			await retryWhileLocked(this.filePath, () =>
				this.statements.purgeChanges.run({ before: Date.now() - CHANGE_RETENTION_MS }),
			);
		} catch {
			// Housekeeping is retried on the next tick; a busy moment must not crash n8n's process.
		}
	}
}

/** The one clock reading a write transaction uses for all its mutations. */
interface BatchClock {
	now: number;
	nowIso: string;
}

type MergeMutation = Extract<StateMutation, { kind: 'merge' }>;

interface WriteParameters {
	namespace: string;
	key: string;
	now: number;
	expires: number | null;
	operation: StateMutation['kind'];
}

/** Pragmas, the edit function and the schema; every step is idempotent. */
function prepareDatabase(db: DatabaseSync): void {
	db.exec('PRAGMA journal_mode = WAL');
	// NORMAL is durable against process crashes in WAL mode, which is what n8n restarts are.
	db.exec('PRAGMA synchronous = NORMAL');
	db.function('wfc_edit', { deterministic: true }, sqlEditFunction);
	const { user_version: version } = db.prepare('PRAGMA user_version').get() as {
		user_version: number;
	};
	if (version >= SCHEMA_VERSION) return;
	db.exec('BEGIN IMMEDIATE');
	try {
		// Read again under the write lock: another process may have upgraded the file meanwhile.
		const { user_version: current } = db.prepare('PRAGMA user_version').get() as {
			user_version: number;
		};
		if (current === 1) db.exec(UPGRADE_FROM_VERSION_1);
		db.exec(CREATE_SCHEMA);
		db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
		db.exec('COMMIT');
	} catch (error) {
		db.exec('ROLLBACK');
		throw error;
	}
}
