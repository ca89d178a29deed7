// The tutorial's checklist, proven on the workflow files a user imports (workflows/A-D) in a real
// n8n: A triggers B, B triggers C, data arrives intact, the C runs overlap, errors are handled,
// every step is logged, and the webhooks of B and C refuse calls that are not signed.
import { signRequest } from '../../lib/call';
import { HEADERS } from '../../lib/protocol/headers';
import { nodeOutput, type ExecutionRecord } from '../../tools/n8n-host';
import {
	NAMESPACES,
	WEBHOOK_PATHS,
	WORKFLOW_IDS,
	startRegistrationSystem,
	type RegistrationSystem,
} from '../../tools/registration-system';

interface RegistrationAnswer {
	status: string;
	correlationId: string;
	accountId: string;
	crm: { status: string; contactId: string; companyId: string };
	errors?: Array<{ field: string; message: string }>;
	reason?: string;
}

interface LedgerStep {
	calledBy?: string;
	workflow: string;
	step: string;
	status: string;
	executionId: string;
	at: string;
}

describe('the registration templates A, B, C and D in a real n8n', () => {
	let system: RegistrationSystem;

	beforeAll(async () => {
		system = await startRegistrationSystem();
	});

	afterAll(async () => {
		await system?.stop();
	});

	function register(body: Record<string, unknown>) {
		return system.n8n.webhook<RegistrationAnswer>(WEBHOOK_PATHS.customerRegistration, {
			body,
			timeoutMs: 60_000,
		});
	}

	/** Every finished execution of a workflow whose trigger output carries this correlation ID. */
	async function executionsFor(
		workflowId: string,
		triggerNode: string,
		correlationId: string,
		expected: number,
	): Promise<ExecutionRecord[]> {
		const deadline = Date.now() + 30_000;
		let matching: ExecutionRecord[] = [];
		while (Date.now() < deadline) {
			const listed = await system.n8n.api.listExecutions({ workflowId });
			const finished = listed.filter((execution) => execution.stoppedAt !== null);
			const detailed = await Promise.all(
				finished.map((execution) => system.n8n.api.getExecution(execution.id)),
			);
			matching = detailed.filter((execution) => {
				const [trigger] = nodeOutput(execution, triggerNode);
				return String(trigger?.correlationId ?? '').startsWith(correlationId);
			});
			if (matching.length >= expected) return matching;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(
			`Expected ${expected} executions of ${workflowId} for ${correlationId}, found ${matching.length}`,
		);
	}

	async function ledger(correlationId: string): Promise<LedgerStep[]> {
		const record = await system.runRecord(correlationId);
		return ((record?.value as { steps?: LedgerStep[] } | undefined)?.steps ?? []) as LedgerStep[];
	}

	async function countExecutions(workflowId: string): Promise<number> {
		return (await system.n8n.api.listExecutions({ workflowId })).length;
	}

	describe('a valid registration', () => {
		const input = {
			email: '  Ada.Lovelace@Example.COM ',
			firstName: ' Ada ',
			lastName: 'Lovelace',
			company: 'Analytical Engines Ltd',
			phone: '+44 20 7946 0000',
		};
		const customer = {
			email: 'ada.lovelace@example.com',
			firstName: 'Ada',
			lastName: 'Lovelace',
			company: 'Analytical Engines Ltd',
			phone: '+44 20 7946 0000',
		};
		let answer: RegistrationAnswer;
		let status: number;

		beforeAll(async () => {
			const response = await register(input);
			status = response.status;
			answer = response.body;
		});

		it('answers 201 with the account B created and the CRM ids C obtained', () => {
			expect(status).toBe(201);
			expect(answer).toEqual({
				status: 'registered',
				correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				accountId: expect.stringMatching(/^acc_/),
				crm: {
					status: 'synced',
					contactId: 'crm_contact_adalovelaceexamplecom',
					companyId: 'crm_company_adalovelaceexamplecom',
				},
			});
		});

		it('A triggers B, and B receives the normalized customer field by field', async () => {
			const [b] = await executionsFor(
				WORKFLOW_IDS.accountCreation,
				'Account Request',
				answer.correlationId,
				1,
			);
			expect(b.status).toBe('success');
			const [trigger] = nodeOutput(b, 'Account Request');
			expect(trigger.correlationId).toBe(answer.correlationId);
			expect(trigger.body).toEqual({ customer });
			expect(trigger.calledBy).toMatchObject({ workflowId: WORKFLOW_IDS.customerValidation });
		});

		it('B triggers C once per CRM record, and each C receives the account and customer intact', async () => {
			const cs = await executionsFor(
				WORKFLOW_IDS.crmSync,
				'CRM Sync Request',
				answer.correlationId,
				2,
			);
			expect(cs).toHaveLength(2);
			const bodies = cs.map((execution) => nodeOutput(execution, 'CRM Sync Request')[0].body);
			expect(bodies).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ task: 'contact', accountId: answer.accountId, customer }),
					expect.objectContaining({ task: 'company', accountId: answer.accountId, customer }),
				]),
			);
			for (const execution of cs) expect(execution.status).toBe('success');
		});

		it('runs the two C executions of one registration at the same time', async () => {
			const cs = await executionsFor(
				WORKFLOW_IDS.crmSync,
				'CRM Sync Request',
				answer.correlationId,
				2,
			);
			const starts = cs.map((execution) => Date.parse(execution.startedAt));
			const stops = cs.map((execution) => Date.parse(String(execution.stoppedAt)));
			// Two intervals overlap when the later start comes before the earlier stop.
			expect(Math.max(...starts)).toBeLessThan(Math.min(...stops));
		});

		it('carries the correlation ID through every execution and lists every step in the ledger', async () => {
			const [a] = await executionsFor(
				WORKFLOW_IDS.customerValidation,
				'Registration Received',
				answer.correlationId,
				1,
			);
			expect(a.status).toBe('success');
			expect(nodeOutput(a, 'Create Account (B)')[0].correlationId).toBe(answer.correlationId);

			const steps = await ledger(answer.correlationId);
			expect(steps.map((step) => `${step.workflow}:${step.step}`)).toEqual(
				expect.arrayContaining([
					'A:validated',
					'B:account-created',
					'C:synced-contact',
					'C:synced-company',
					'B:crm-synced',
					'A:registered',
				]),
			);
			expect(steps).toHaveLength(6);
			for (const step of steps) {
				expect(step.status).toBe('ok');
				expect(step.executionId).toMatch(/^\d+$/);
				expect(Number.isNaN(Date.parse(step.at))).toBe(false);
			}
			const executionIds = new Set(steps.map((step) => step.executionId));
			expect(executionIds.has(a.id)).toBe(true);
			// B records, through an expression, which execution of A called it.
			expect(steps.find((step) => step.step === 'account-created')).toMatchObject({
				calledBy: a.id,
			});
		});

		it('keeps the registration in shared state under its correlation ID', async () => {
			const record = await system.runRecord(answer.correlationId);
			expect(record?.value).toMatchObject({
				correlationId: answer.correlationId,
				customer,
				crm: {
					contact: { status: 'synced', crmId: answer.crm.contactId },
					company: { status: 'synced', crmId: answer.crm.companyId },
				},
			});
		});

		it('returns the same account for the same email and creates nothing new', async () => {
			const crmCallsBefore = await countExecutions(WORKFLOW_IDS.mockCrm);
			const again = await register({ ...input, firstName: 'Augusta Ada' });

			expect(again.status).toBe(201);
			expect(again.body.accountId).toBe(answer.accountId);
			expect(again.body.correlationId).not.toBe(answer.correlationId);
			const accounts = await system.store.list({ namespace: NAMESPACES.accounts });
			expect(
				accounts.records.filter((record) => record.key === 'ada.lovelace@example.com'),
			).toHaveLength(1);
			const steps = await ledger(again.body.correlationId);
			expect(steps.map((step) => `${step.workflow}:${step.step}`)).toContain('B:account-exists');
			expect(await countExecutions(WORKFLOW_IDS.mockCrm)).toBe(crmCallsBefore);
		});
	});

	describe('invalid input', () => {
		it('answers 422 listing every problem, and B never runs', async () => {
			const accountRunsBefore = await countExecutions(WORKFLOW_IDS.accountCreation);

			const response = await register({ email: 'not-an-email', firstName: 'Grace', lastName: ' ' });

			expect(response.status).toBe(422);
			expect(response.body).toEqual({
				status: 'rejected',
				correlationId: expect.any(String),
				errors: [
					{ field: 'email', message: '"not-an-email" is not a valid email address' },
					{ field: 'lastName', message: 'lastName is required' },
					{ field: 'company', message: 'company is required' },
				],
			});
			// Give a wrongly started B time to show up before asserting it did not.
			await new Promise((resolve) => setTimeout(resolve, 1500));
			expect(await countExecutions(WORKFLOW_IDS.accountCreation)).toBe(accountRunsBefore);
		});
	});

	describe('a CRM that fails', () => {
		async function planCrm(email: string, plan: { failFirst: number }): Promise<void> {
			await system.store.apply([
				{ kind: 'set', namespace: NAMESPACES.mockCrm, key: `plan:${email}`, value: plan },
			]);
		}

		it('twice and then answers: the registration succeeds after retries', async () => {
			await planCrm('grace@example.com', { failFirst: 2 });

			const response = await register({
				email: 'grace@example.com',
				firstName: 'Grace',
				lastName: 'Hopper',
				company: 'Navy',
			});

			expect(response.status).toBe(201);
			expect(response.body.crm.status).toBe('synced');
			const record = await system.runRecord(response.body.correlationId);
			expect(record?.value).toMatchObject({
				crm: { contact: { attempts: 3 }, company: { attempts: 3 } },
			});
		});

		it('for good: B removes the account and A answers 502 with the reason', async () => {
			await planCrm('alan@example.com', { failFirst: 1000 });

			const response = await register({
				email: 'alan@example.com',
				firstName: 'Alan',
				lastName: 'Turing',
				company: 'Bletchley',
			});

			expect(response.status).toBe(502);
			expect(response.body).toMatchObject({
				status: 'failed',
				correlationId: expect.any(String),
				reason: expect.stringContaining('CRM sync failed'),
			});
			const accounts = await system.store.getMany(NAMESPACES.accounts, ['alan@example.com']);
			expect(accounts.size).toBe(0);
			const steps = await ledger(response.body.correlationId);
			expect(steps.map((step) => `${step.workflow}:${step.step}:${step.status}`)).toEqual(
				expect.arrayContaining(['B:compensated:error', 'A:failed:error']),
			);
		});
	});

	describe('security', () => {
		const body = JSON.stringify({ customer: { email: 'mallory@example.com', firstName: 'M' } });

		it.each([WEBHOOK_PATHS.createAccount, WEBHOOK_PATHS.crmSync])(
			'refuses an unsigned call to %s with 401 and creates no account',
			async (webhookPath) => {
				const response = await system.n8n.webhook(webhookPath, { body: JSON.parse(body) });

				expect(response.status).toBe(401);
				const accounts = await system.store.getMany(NAMESPACES.accounts, ['mallory@example.com']);
				expect(accounts.size).toBe(0);
			},
		);

		it.each([WEBHOOK_PATHS.createAccount, WEBHOOK_PATHS.crmSync])(
			'refuses a call to %s signed with another secret',
			async (webhookPath) => {
				const forged = signRequest('not-the-shared-secret', body, '');
				const response = await fetch(`${system.n8n.baseUrl}/webhook/${webhookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...forged.headers },
					body,
				});

				expect(response.status).toBe(401);
				const accounts = await system.store.getMany(NAMESPACES.accounts, ['mallory@example.com']);
				expect(accounts.size).toBe(0);
			},
		);

		it('accepts the same call signed with the shared secret', async () => {
			const signed = signRequest(system.signingSecret, body, '');
			const response = await fetch(`${system.n8n.baseUrl}/webhook/${WEBHOOK_PATHS.createAccount}`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					[HEADERS.correlationId]: 'security-check-1',
					...signed.headers,
				},
				body,
			});

			expect(response.status).toBe(200);
			expect(await response.json()).toMatchObject({
				status: 'created',
				accountId: expect.stringMatching(/^acc_/),
			});
		});
	});
});
