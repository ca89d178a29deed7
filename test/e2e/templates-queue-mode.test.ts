// The templates in n8n's distributed setup: main takes the webhooks (the Coordination Triggers run
// there and write their deduplication records), a worker runs the executions (the Shared State
// nodes run there), n8n's own data in PostgreSQL and the queue in Redis. Main and worker share one
// embedded store file, so this is the "main and a worker on one host write at once" case.
import { createTestDatabase, type TestDatabase } from '../integration/state/postgres/test-database';
import {
	NAMESPACES,
	WEBHOOK_PATHS,
	startRegistrationSystem,
	type RegistrationSystem,
} from '../../tools/registration-system';

// A registration holds six worker slots at its peak (A waits on B, B on two C, each C on a D), so
// the worker's 16 slots take two at once. More would queue calls behind their own waiting callers
// until the calls time out: docs/templates.md explains how to size workers for this.
const REGISTRATIONS = 2;

describe('the registration templates in queue mode (main + worker)', () => {
	let n8nDatabase: TestDatabase;
	let system: RegistrationSystem;

	beforeAll(async () => {
		n8nDatabase = await createTestDatabase();
		system = await startRegistrationSystem({
			queue: { database: n8nDatabase.connection, workers: 1, workerConcurrency: 16 },
		});
	});

	afterAll(async () => {
		await system?.stop();
		await n8nDatabase?.drop();
	});

	it('registers several customers at once, every execution run by the worker, every ledger complete', async () => {
		const responses = await Promise.all(
			Array.from({ length: REGISTRATIONS }, (_, index) =>
				system.n8n.webhook<{ status: string; correlationId: string; accountId: string }>(
					WEBHOOK_PATHS.customerRegistration,
					{
						body: {
							email: `queue-${index}@example.com`,
							firstName: 'Queue',
							lastName: `Customer ${index}`,
							company: 'Workers Inc',
						},
						timeoutMs: 120_000,
					},
				),
			),
		);

		expect(responses.map((response) => response.status)).toEqual(Array(REGISTRATIONS).fill(201));
		for (const response of responses) {
			const record = await system.runRecord(response.body.correlationId);
			const steps = (record?.value as { steps: Array<{ workflow: string; step: string }> }).steps;
			expect(steps.map((step) => `${step.workflow}:${step.step}`).sort()).toEqual(
				[
					'A:registered',
					'A:validated',
					'B:account-created',
					'B:crm-synced',
					'C:synced-company',
					'C:synced-contact',
				].sort(),
			);
		}
		const accounts = await system.store.list({ namespace: NAMESPACES.accounts, limit: 100 });
		expect(accounts.records).toHaveLength(REGISTRATIONS);

		// Each registration is A + B + 2 C + 2 D executions, all picked up from the queue by the worker.
		const [workerLog] = system.n8n.workerLogs();
		const picked = new Set(
			[...workerLog.matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]),
		);
		expect(picked.size).toBeGreaterThanOrEqual(REGISTRATIONS * 6);
	});
});
