// The Shared State nodes inside a real n8n: workflows that write, read and merge, count under
// parallel calls, claim a key once, refuse bad input, and a workflow the Shared State Trigger starts
// when a record changes, on the embedded store and on PostgreSQL through n8n's own credential.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { closeSharedStateStores, sharedStateStore, type StateStore } from '../../lib/state';
import {
	PACKAGE_ROOT,
	nodeOutput,
	startN8n,
	type ExecutionRecord,
	type N8nInstance,
} from '../../tools/n8n-host';
import { createTestDatabase, type TestDatabase } from '../integration/state/postgres/test-database';

const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'e2e', 'fixtures', 'shared-state');
const fixture = (name: string) => path.join(FIXTURES, `${name}.json`);

const WORKFLOW_IDS = {
	watcher: 'wfcStateWatcher01',
	badInput: 'wfcStateBadInput1',
	pgWatcher: 'wfcStatePgWatch01',
};

type RecordJson = { namespace: string; key: string; value: unknown; version: number };

describe('the Shared State nodes inside a real n8n', () => {
	let n8n: N8nInstance;
	let database: TestDatabase;
	let embedded: StateStore;

	beforeAll(async () => {
		database = await createTestDatabase();
		n8n = await startN8n();
		const credentialId = await n8n.api.createCredential({
			name: 'Shared State e2e database',
			type: 'postgres',
			data: {
				host: database.connection.host,
				port: database.connection.port ?? 5432,
				database: database.name,
				user: database.connection.user,
				password: database.connection.password ?? '',
				ssl: 'disable',
				allowUnauthorizedCerts: false,
				sshTunnel: false,
			},
		});
		const names = ['writer', 'reader', 'getter', 'counter', 'bad-input', 'claim', 'watcher'];
		names.push('writer-postgres', 'watcher-postgres');
		await n8n.importWorkflows(names.map(fixture), { '{{PG_CREDENTIAL_ID}}': credentialId });
		for (const webhook of ['state-write', 'state-read', 'state-get', 'state-count']) {
			await n8n.waitForWebhook(webhook);
		}
		for (const webhook of ['state-bad', 'state-claim', 'pg-state-write']) {
			await n8n.waitForWebhook(webhook);
		}
		embedded = await sharedStateStore({
			backend: 'embedded',
			filePath: n8n.embeddedStorePath,
		});
	});

	afterAll(async () => {
		await closeSharedStateStores();
		await n8n?.stop();
		await database?.drop();
	});

	it('lets one workflow write a record that another reads and merges into', async () => {
		const written = await n8n.webhook<RecordJson>('state-write', {
			body: { id: 'ada', profile: { name: 'Ada', draft: true, flags: { beta: true } } },
		});
		expect(written.status).toBe(200);
		expect(written.body).toMatchObject({ namespace: 'stats', key: 'writes' });

		const read = await n8n.webhook<RecordJson>('state-read', {
			body: { namespace: 'profiles', key: 'profile:ada' },
		});

		expect(read.status).toBe(200);
		expect(read.body).toMatchObject({
			namespace: 'profiles',
			key: 'profile:ada',
			version: 3,
			value: {
				name: 'Ada',
				status: 'registered',
				flags: { beta: true, verified: true },
				readBy: 'reader',
				sawVersion: 2,
			},
		});
		expect(read.body.value).not.toHaveProperty('draft');
	});

	it('starts the watching workflow with the change when a key of its namespace changes', async () => {
		await n8n.webhook('state-write', { body: { id: 'grace', profile: { name: 'Grace' } } });

		const change = await waitForChange(
			n8n,
			WORKFLOW_IDS.watcher,
			(item) => item.key === 'profile:grace' && item.operation === 'merge',
		);

		expect(change).toMatchObject({
			namespace: 'profiles',
			key: 'profile:grace',
			operation: 'merge',
			version: 2,
			value: { name: 'Grace', status: 'registered', flags: { verified: true } },
		});
		expect(typeof change.changedAt).toBe('string');
	});

	it('sees a write that another OS process makes to the embedded store', async () => {
		await embedded.apply([
			{ kind: 'set', namespace: 'profiles', key: 'profile:outside', value: { from: 'jest' } },
		]);

		const change = await waitForChange(
			n8n,
			WORKFLOW_IDS.watcher,
			(item) => item.key === 'profile:outside',
		);

		expect(change).toMatchObject({ operation: 'set', value: { from: 'jest' }, version: 1 });
	});

	it('does not start the watching workflow for keys outside its prefix', async () => {
		await embedded.apply([
			{ kind: 'set', namespace: 'profiles', key: 'other:1', value: 1 },
			{ kind: 'set', namespace: 'profiles', key: 'profile:after-other', value: 2 },
		]);

		await waitForChange(n8n, WORKFLOW_IDS.watcher, (item) => item.key === 'profile:after-other');
		const keys = (await watcherItems(n8n, WORKFLOW_IDS.watcher)).map((item) => item.key);
		expect(keys).not.toContain('other:1');
	});

	it('counts exactly 10 for 10 parallel calls that increment one counter', async () => {
		const calls = Array.from({ length: 10 }, () =>
			n8n.webhook('state-count', { body: { counter: 'parallel' }, timeoutMs: 60_000 }),
		);
		const responses = await Promise.all(calls);
		expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));

		const readBack = await n8n.webhook<RecordJson>('state-get', {
			body: { namespace: 'counters', key: 'parallel' },
		});
		expect(readBack.body).toMatchObject({ value: 10, version: 10 });
	});

	it('claims a key once and sends the second claim to the Conflict output with the winner', async () => {
		const first = await n8n.webhook<{ created: boolean }>('state-claim', {
			body: { email: 'linus@example.com', plan: 'first' },
		});
		const second = await n8n.webhook<{ created: boolean; account: unknown; version: number }>(
			'state-claim',
			{ body: { email: 'linus@example.com', plan: 'second' } },
		);

		expect(first.body).toMatchObject({ created: true });
		expect(second.body).toEqual({
			created: false,
			account: { email: 'linus@example.com', plan: 'first' },
			version: 1,
		});
	});

	it('fails the execution naming Value when the value is not JSON, and writes nothing', async () => {
		await n8n.webhook('state-bad', { body: { key: 'bad:1', raw: '{"status": done}' } });

		const [execution] = await n8n.api.waitForExecutions(WORKFLOW_IDS.badInput, 1);
		expect(execution.status).toBe('error');
		expect(execution.data?.resultData.error?.message).toMatch(/^Value is not valid JSON/);
		expect(execution.data?.resultData.error?.description).toMatch(/double quotes/);
		const stored = await embedded.getMany('profiles', ['bad:1']);
		expect(stored.size).toBe(0);
	});

	it("writes to PostgreSQL through n8n's own Postgres credential and triggers on the change", async () => {
		const response = await n8n.webhook<RecordJson & { expiresAt: string | null }>(
			'pg-state-write',
			{ body: { id: 'edsger', profile: { name: 'Edsger', langs: ['ALGOL'] } } },
		);
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ key: 'writes', value: { total: 1 }, version: 1 });
		expect(response.body.expiresAt).not.toBeNull();

		const rows = await database.sql<{ state_data: unknown; version: number }>(
			`SELECT state_data, version::int AS version FROM workflow_states WHERE namespace = 'pg-profiles' AND workflow_id = 'profile:edsger'`,
		);
		expect(rows).toEqual([{ state_data: { name: 'Edsger', langs: ['ALGOL'] }, version: 1 }]);
		const change = await waitForChange(
			n8n,
			WORKFLOW_IDS.pgWatcher,
			(item) => item.key === 'profile:edsger',
		);
		expect(change).toMatchObject({
			namespace: 'pg-profiles',
			operation: 'merge',
			value: { name: 'Edsger', langs: ['ALGOL'] },
			version: 1,
		});
	});
});

/** Every item the watching workflow's trigger put out so far, over all its executions. */
async function watcherItems(
	n8n: N8nInstance,
	workflowId: string,
): Promise<Array<Record<string, unknown>>> {
	const listed = await n8n.api.listExecutions({ workflowId });
	const finished = listed.filter((execution) => execution.status === 'success');
	const executions: ExecutionRecord[] = await Promise.all(
		finished.map((execution) => n8n.api.getExecution(execution.id)),
	);
	return executions.flatMap((execution) => nodeOutput(execution, 'Shared State Trigger'));
}

/** Waits for the trigger to deliver a change matching `match` and returns its item. */
async function waitForChange(
	n8n: N8nInstance,
	workflowId: string,
	match: (item: Record<string, unknown>) => boolean,
	timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const found = (await watcherItems(n8n, workflowId)).find(match);
		if (found) return found;
		await sleep(300);
	}
	throw new Error(`Workflow ${workflowId} was not started with the expected change`);
}
