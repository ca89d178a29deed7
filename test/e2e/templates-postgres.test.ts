// The same workflow files switched to PostgreSQL as the README tells a user to (Store = PostgreSQL
// and a Postgres credential on every node that keeps state): one registration end to end, its
// ledger read back with plain SQL from the tutorial's workflow_states table.
import { createTestDatabase, type TestDatabase } from '../integration/state/postgres/test-database';
import { sharedStateStore } from '../../lib/state';
import {
	WEBHOOK_PATHS,
	startRegistrationSystem,
	type RegistrationSystem,
} from '../../tools/registration-system';

describe('the registration templates on PostgreSQL', () => {
	let database: TestDatabase;
	let system: RegistrationSystem;

	beforeAll(async () => {
		database = await createTestDatabase();
		system = await startRegistrationSystem({ postgres: { connection: database.connection } });
	});

	afterAll(async () => {
		await system?.stop();
		await database?.drop();
	});

	it('registers a customer and keeps the run ledger in workflow_states', async () => {
		const response = await system.n8n.webhook<{
			status: string;
			correlationId: string;
			accountId: string;
		}>(WEBHOOK_PATHS.customerRegistration, {
			body: {
				email: 'edsger@example.com',
				firstName: 'Edsger',
				lastName: 'Dijkstra',
				company: 'TH Eindhoven',
			},
			timeoutMs: 60_000,
		});

		expect(response.status).toBe(201);
		expect(response.body.status).toBe('registered');
		const rows = await database.sql<{
			state_data: { steps: Array<{ workflow: string; step: string }> };
		}>(
			`SELECT state_data FROM workflow_states WHERE namespace = 'registrations' AND workflow_id = $1`,
			[`run:${response.body.correlationId}`],
		);
		expect(rows).toHaveLength(1);
		expect(rows[0].state_data.steps.map((step) => `${step.workflow}:${step.step}`)).toEqual(
			expect.arrayContaining([
				'A:validated',
				'B:account-created',
				'C:synced-contact',
				'C:synced-company',
				'A:registered',
			]),
		);
		const accounts = await database.sql<{ state_data: { accountId: string; status: string } }>(
			`SELECT state_data FROM workflow_states WHERE namespace = 'accounts' AND workflow_id = 'edsger@example.com'`,
		);
		expect(accounts.map((row) => row.state_data)).toEqual([
			expect.objectContaining({ accountId: response.body.accountId, status: 'active' }),
		]);
	});

	it('leaves the embedded store untouched once switched', async () => {
		const embedded = await sharedStateStore({
			backend: 'embedded',
			filePath: system.n8n.embeddedStorePath,
		});
		const accounts = await embedded.list({ namespace: 'accounts' });
		expect(accounts.records).toEqual([]);
	});
});
