import { CallFailedError, verifySignature } from '../../../../lib/call';
import { invokeTarget } from '../../../../nodes/shared/call-target';
import {
	reply,
	startScriptedServer,
	type ScriptedServer,
} from '../../../integration/call/scripted-server';
import { fakeExecuteFunctions } from './fake-execute-functions';

const IDENTITY = { correlationId: 'order-42', idempotencyKey: 'wfc1_abc' };
const FAST = { policy: { initialDelayMs: 1, maxDelayMs: 5 } };

describe('invokeTarget in-process', () => {
	const target = { kind: 'workflow' as const, workflowId: 'childWf1' };

	it('runs the child linked to this execution, with body, trace and caller, and returns its first item', async () => {
		const fake = fakeExecuteFunctions({
			mode: 'manual',
			executeWorkflow: async () => ({
				executionId: '55',
				data: [[{ json: { answer: 1 } }, { json: { answer: 2 } }]],
			}),
		});

		const result = await invokeTarget(
			fake.context,
			{ target, body: { name: 'Ada' }, waitForResult: true, ...IDENTITY },
			FAST,
		);

		expect(result).toMatchObject({ body: { answer: 1 }, childExecutionId: '55', attempts: 1 });
		expect(fake.workflowRuns).toHaveLength(1);
		const [run] = fake.workflowRuns;
		expect(run.workflowInfo).toEqual({ id: 'childWf1' });
		expect(run.inputData).toEqual([
			{
				json: {
					body: { name: 'Ada' },
					correlationId: 'order-42',
					idempotencyKey: 'wfc1_abc',
					calledBy: { executionId: 'exec-7', workflowId: 'wf-parent' },
				},
			},
		]);
		expect(run.options).toEqual({
			doNotWaitToFinish: false,
			parentExecution: { executionId: 'exec-7', workflowId: 'wf-parent', shouldResume: true },
			executionMode: 'manual',
		});
	});

	it('fires and forgets: does not wait, and returns the child execution as acknowledgement', async () => {
		const fake = fakeExecuteFunctions({
			executeWorkflow: async () => ({ executionId: '56', data: [null] }),
		});

		const result = await invokeTarget(
			fake.context,
			{ target, body: {}, waitForResult: false, ...IDENTITY },
			FAST,
		);

		expect(fake.workflowRuns[0].options).toMatchObject({
			doNotWaitToFinish: true,
			parentExecution: { shouldResume: false },
		});
		expect(result).toMatchObject({
			body: { accepted: true, executionId: '56' },
			childExecutionId: '56',
		});
	});

	it('retries a failing child by the policy and then reports every attempt', async () => {
		const fake = fakeExecuteFunctions({
			executeWorkflow: async () => {
				throw new Error('Code node: boom');
			},
		});
		const attempts: number[] = [];

		const failure = await invokeTarget(
			fake.context,
			{ target, body: {}, waitForResult: true, ...IDENTITY },
			{ policy: { maxAttempts: 3, initialDelayMs: 1 }, onAttempt: (a) => attempts.push(a.attempt) },
		).catch((error: unknown) => error);

		expect(failure).toBeInstanceOf(CallFailedError);
		expect(failure).toMatchObject({ reason: 'workflow', attempts: 3 });
		expect((failure as Error).message).toMatch(/childWf1 failed: Code node: boom \(3 attempts\)/);
		expect(fake.workflowRuns).toHaveLength(3);
		expect(attempts).toEqual([1, 2, 3]);
	});

	it('stops waiting when the execution is cancelled', async () => {
		const cancel = new AbortController();
		const fake = fakeExecuteFunctions({
			executeWorkflow: async () => {
				cancel.abort();
				return await new Promise(() => undefined);
			},
		});

		const failure = await invokeTarget(
			fake.context,
			{ target, body: {}, waitForResult: true, ...IDENTITY },
			{ signal: cancel.signal },
		).catch((error: unknown) => error);

		expect(failure).toMatchObject({ reason: 'cancelled', attempts: 1 });
	});

	it('refuses a deadline that is not a positive number, naming it', async () => {
		const fake = fakeExecuteFunctions();
		await expect(
			invokeTarget(
				fake.context,
				{ target, body: {}, waitForResult: true, ...IDENTITY },
				{ deadlineMs: 0 },
			),
		).rejects.toMatchObject({ option: 'deadlineMs' });
	});
});

describe('invokeTarget over HTTP', () => {
	let server: ScriptedServer;

	afterEach(async () => {
		await server?.close();
	});

	it('sends the trace, the caller and, for fire and forget, Prefer: respond-async', async () => {
		server = await startScriptedServer([reply(202, { accepted: true })]);
		const fake = fakeExecuteFunctions();

		const result = await invokeTarget(
			fake.context,
			{
				target: { kind: 'http', url: server.url, method: 'POST' },
				body: { a: 1 },
				waitForResult: false,
				...IDENTITY,
			},
			FAST,
		);

		expect(result).toMatchObject({ status: 202, body: { accepted: true }, attempts: 1 });
		const [seen] = server.requests;
		expect(seen.headers).toMatchObject({
			'x-correlation-id': 'order-42',
			'idempotency-key': 'wfc1_abc',
			'x-wfc-caller-execution-id': 'exec-7',
			'x-wfc-caller-workflow-id': 'wf-parent',
			prefer: 'respond-async',
		});
		expect(JSON.parse(seen.rawBody.toString())).toEqual({ a: 1 });
	});

	it('waits without Prefer and signs the exact bytes when a secret is given', async () => {
		server = await startScriptedServer([reply(200, { ok: true })]);
		const fake = fakeExecuteFunctions();

		await invokeTarget(
			fake.context,
			{
				target: { kind: 'http', url: server.url, method: 'POST' },
				body: { a: 1 },
				waitForResult: true,
				signingSecret: 'shared-secret',
				...IDENTITY,
			},
			FAST,
		);

		const [seen] = server.requests;
		expect(seen.headers.prefer).toBeUndefined();
		const verdict = verifySignature({
			secret: 'shared-secret',
			body: seen.rawBody,
			timestampHeader: seen.headers['x-wfc-timestamp'],
			signatureHeader: seen.headers['x-wfc-signature'],
			idempotencyKeyHeader: seen.headers['idempotency-key'],
		});
		expect(verdict.valid).toBe(true);
	});

	it('leaves out caller headers it does not know, instead of sending empty ones', async () => {
		server = await startScriptedServer([reply(200, {})]);
		const fake = fakeExecuteFunctions({ executionId: '', workflowId: '' });

		await invokeTarget(
			fake.context,
			{
				target: { kind: 'http', url: server.url, method: 'POST' },
				body: {},
				waitForResult: true,
				...IDENTITY,
			},
			FAST,
		);

		expect(server.requests[0].headers).not.toHaveProperty('x-wfc-caller-execution-id');
		expect(server.requests[0].headers).not.toHaveProperty('x-wfc-caller-workflow-id');
	});
});
