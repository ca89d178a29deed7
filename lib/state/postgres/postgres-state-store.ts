import type { QueryResultRow } from 'pg';

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
import { ChangeFeed } from './change-feed';
import { toClientConfig, type PostgresConnectionOptions } from './connection-options';
import { migrateStateTable } from './migration';
import { applyPlannedBatch, type RunStatement } from './mutations/apply-mutations';
import { buildMutationStatements, type MutationStatements } from './mutations/mutation-statements';
import { planStatements } from './mutations/waves';
import { backgroundPurge, sharedPool, type SharedPool } from './pool-registry';
import { purgeStatement } from './purge';
import { getManyQuery, listQuery, type SqlQuery } from './reads';
import { resolveStateTable, type StateTable } from './state-table';
import { validateMutations } from './validate-mutations';

/** How to reach the store and where its table is. */
export interface PostgresStateStoreOptions {
	connection: PostgresConnectionOptions;
	/** @default 'public' */
	schema?: string;
	/** @default 'workflow_states' */
	table?: string;
	/**
	 * Hears about failures no caller awaits: the change feed losing its connection (it reconnects),
	 * a background purge failing, an idle pooled connection dropping.
	 */
	onError?: (error: Error) => void;
}

// A deadlock between two batches rolls one back entirely, so running it again is safe.
const DEADLOCK_DETECTED = '40P01';
const MAX_ATTEMPTS = 3;

/**
 * Shared state in a PostgreSQL table, compatible with the tutorial's `workflow_states`. Every
 * mutation is one atomic statement; a batch runs as few statements as its repeated keys allow,
 * inside one transaction when it needs more than one.
 */
export class PostgresStateStore implements StateStore {
	private closed = false;
	private statementCount = 0;
	private readonly statements: MutationStatements;
	private readonly feed: ChangeFeed;
	private readonly reportError: (error: Error) => void;

	/** Use `openPostgresStateStore`, which also migrates the table. */
	constructor(
		private readonly shared: SharedPool,
		private readonly table: StateTable,
		options: PostgresStateStoreOptions,
	) {
		this.statements = buildMutationStatements(table);
		this.reportError = options.onError ?? (() => undefined);
		this.feed = new ChangeFeed({
			connection: toClientConfig(options.connection),
			channel: table.channel,
			quotedSchema: table.quotedSchema,
			readRecords: (namespace, keys) => this.getMany(namespace, keys),
			onError: this.reportError,
		});
		shared.errorListeners.add(this.reportError);
		backgroundPurge(shared, table).acquire();
	}

	/** Statements this store has sent, for tests and diagnostics (BEGIN and COMMIT included). */
	get statementsSent(): number {
		return this.statementCount;
	}

	async getMany(namespace: string, keys: string[]): Promise<Map<string, StateRecord>> {
		const records = new Map<string, StateRecord>();
		if (keys.length === 0) {
			return records;
		}
		const rows = await this.query<{ record: StateRecord }>(
			getManyQuery(this.table, namespace, keys),
		);
		for (const { record } of rows) {
			records.set(record.key, record);
		}
		return records;
	}

	async list(query: ListQuery): Promise<ListPage> {
		const { limit, ...statement } = listQuery(this.table, query);
		const rows = await this.query<{ record: StateRecord }>(statement);
		const records = rows.slice(0, limit).map(({ record }) => record);
		return {
			records,
			nextAfterKey: rows.length > limit ? records[records.length - 1].key : null,
		};
	}

	async apply(mutations: StateMutation[]): Promise<MutationOutcome[]> {
		this.assertOpen();
		validateMutations(mutations);
		if (mutations.length === 0) {
			return [];
		}

		const plan = planStatements(mutations);
		for (let attempt = 1; ; attempt += 1) {
			try {
				return plan.length === 1
					? await applyPlannedBatch(this.poolRunner(), this.statements, mutations, plan)
					: await this.inTransaction((run) =>
							applyPlannedBatch(run, this.statements, mutations, plan),
						);
			} catch (error) {
				if (attempt >= MAX_ATTEMPTS || codeOf(error) !== DEADLOCK_DETECTED) {
					throw error;
				}
			}
		}
	}

	subscribe(
		filter: ChangeFilter,
		onChange: (change: StateChange) => void,
	): Promise<() => Promise<void>> {
		this.assertOpen();
		return this.feed.subscribe(filter, onChange);
	}

	async purgeExpired(): Promise<number> {
		this.assertOpen();
		this.statementCount += 1;
		const result = await this.shared.pool.query(purgeStatement(this.table));
		return result.rowCount ?? 0;
	}

	/** Ends this store's subscriptions and background work. The shared pool stays for other stores. */
	async close(): Promise<void> {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.shared.errorListeners.delete(this.reportError);
		backgroundPurge(this.shared, this.table).release();
		await this.feed.close();
	}

	private async query<Row extends QueryResultRow>({ text, values }: SqlQuery): Promise<Row[]> {
		this.assertOpen();
		this.statementCount += 1;
		const result = await this.shared.pool.query<Row>(text, values);
		return result.rows;
	}

	private poolRunner(): RunStatement {
		return async <Row extends QueryResultRow>(text: string, values: unknown[]) => {
			this.statementCount += 1;
			const result = await this.shared.pool.query<Row>(text, values);
			return result.rows;
		};
	}

	private async inTransaction<T>(work: (run: RunStatement) => Promise<T>): Promise<T> {
		const client = await this.shared.pool.connect();
		const run: RunStatement = async <Row extends QueryResultRow>(
			text: string,
			values: unknown[],
		) => {
			this.statementCount += 1;
			const result = await client.query<Row>(text, values);
			return result.rows;
		};
		try {
			await run('BEGIN', []);
			const result = await work(run);
			await run('COMMIT', []);
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw error;
		} finally {
			client.release();
		}
	}

	private assertOpen(): void {
		if (this.closed) {
			throw new Error('This PostgreSQL state store is closed; open a new one to keep using it');
		}
	}
}

/**
 * Opens a store on the shared pool for `connection`, creating or updating the table on first use
 * in this process. Cheap to call per execution: pools and migrations are reused.
 *
 * @throws PostgresStateError when Schema or Table is not a plain name, or the table cannot be
 * migrated; connection errors as the driver raises them (see `describePostgresError`).
 */
export async function openPostgresStateStore(
	options: PostgresStateStoreOptions,
): Promise<PostgresStateStore> {
	const table = resolveStateTable(options.schema, options.table);
	const shared = sharedPool(options.connection);

	let migration = shared.migrations.get(table.qualified);
	if (!migration) {
		migration = migrateStateTable(shared.pool, table);
		shared.migrations.set(table.qualified, migration);
		// A failed migration (server down, missing privilege) is tried again by the next open.
		migration.catch(() => shared.migrations.delete(table.qualified));
	}
	await migration;

	return new PostgresStateStore(shared, table, options);
}

function codeOf(error: unknown): unknown {
	return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
