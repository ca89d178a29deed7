// Trigger Workflow in a real n8n: workflow X (a Coordination Trigger, then Trigger Workflow) calls
// workflow Y over HTTP and in-process, waiting or firing and forgetting, with retries, signatures,
// error items and bodies sent by reference. What each node did is read back from n8n's executions.
import path from 'node:path';

import { verifySignature } from '../../lib/call';
import {
	nodeOutput,
	PACKAGE_ROOT,
	startN8n,
	type ExecutionRecord,
	type N8nInstance,
} from '../../tools/n8n-host';
import {
	reply,
	startScriptedServer,
	type ScriptedServer,
} from '../integration/call/scripted-server';

const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'e2e', 'fixtures', 'trigger-workflow');
const SECRET = 'e2e-trigger-workflow-secret-0123456789';

const WORKFLOWS = {
	caller: 'wfcTwCaller00001',
	callerSigned: 'wfcTwCallerSign1',
	callerContinue: 'wfcTwCallerCont1',
	echoHttp: 'wfcTwEchoHttp001',
	echoSigned: 'wfcTwEchoSigned1',
	echoInProcess: 'wfcTwEchoProc001',
};

/** How X's Trigger Workflow node is told to call, through the body X receives. */
interface CallSpec {
	target: 'path' | 'url' | 'workflow';
	path?: string;
	url?: string;
	workflowId?: string;
	mode: 'wait' | 'fireAndForget';
	maxAttempts?: number;
	byReference?: boolean;
}

/** Trigger Workflow's output item, as X answers it. */
interface CallOutput {
	response: Record<string, unknown>;
	correlationId: string;
	idempotencyKey: string;
	attempts: number;
	durationMs: number;
	attemptLog: Array<{ attempt: number; status?: number }>;
	status?: number;
	childExecutionId?: string;
	payloadReference?: { namespace: string; key: string; bytes: number };
}

describe('Trigger Workflow in a real n8n', () => {
	let n8n: N8nInstance;
	let server: ScriptedServer | undefined;

	beforeAll(async () => {
		n8n = await startN8n();
		const credentialName = 'Trigger Workflow e2e signing';
		const credentialId = await n8n.api.createCredential({
			name: credentialName,
			type: 'workflowCoordinationSigningApi',
			data: { secret: SECRET, baseUrl: '' },
		});
		await n8n.importWorkflows(
			[
				'echo-http.json',
				'echo-signed.json',
				'echo-in-process.json',
				'caller.json',
				'caller-signed.json',
				'caller-continue.json',
			].map((file) => path.join(FIXTURES, file)),
			{ '{{SIGNING_CREDENTIAL_ID}}': credentialId, '{{SIGNING_CREDENTIAL_NAME}}': credentialName },
		);
		for (const webhook of [
			'tw-echo',
			'tw-echo-signed',
			'tw-call',
			'tw-call-signed',
			'tw-call-continue',
		])
			await n8n.waitForWebhook(webhook);
	});

	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	afterAll(async () => {
		await n8n?.stop();
	});

	/** Calls X, which calls Y as `call` says; the correlation ID names the test case. */
	function callX(correlationId: string, call: CallSpec, payload: unknown, webhook = 'tw-call') {
		return n8n.webhook<CallOutput>(webhook, {
			body: { call, payload },
			headers: { 'x-correlation-id': correlationId },
			timeoutMs: 60_000,
		});
	}

	/** The finished executions of a workflow whose first node output carries this correlation ID. */
	async function executionsWith(
		workflowId: string,
		firstNode: string,
		correlationId: string,
		expected = 1,
	): Promise<ExecutionRecord[]> {
		const deadline = Date.now() + 30_000;
		let matching: ExecutionRecord[] = [];
		while (Date.now() < deadline) {
			const finished = (await n8n.api.listExecutions({ workflowId })).filter(
				(execution) => execution.stoppedAt !== null,
			);
			const detailed = await Promise.all(finished.map((e) => n8n.api.getExecution(e.id)));
			matching = detailed.filter(
				(execution) => nodeOutput(execution, firstNode)[0]?.correlationId === correlationId,
			);
			if (matching.length >= expected) return matching;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`${workflowId} has ${matching.length} executions for ${correlationId}`);
	}

	it('waits for a workflow called by its path on this n8n, with the trace in both executions', async () => {
		const answer = await callX(
			'tw-e2e-wait-http',
			{ target: 'path', path: 'tw-echo', mode: 'wait' },
			{ name: 'Ada' },
		);

		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			response: { echoed: { name: 'Ada' }, correlationId: 'tw-e2e-wait-http', via: 'http' },
			correlationId: 'tw-e2e-wait-http',
			status: 200,
			attempts: 1,
		});
		expect(answer.body.response.idempotencyKey).toBe(answer.body.idempotencyKey);

		const [x] = await executionsWith(WORKFLOWS.caller, 'Coordination Trigger', 'tw-e2e-wait-http');
		expect(nodeOutput(x, 'Call Y')[0]).toMatchObject({ correlationId: 'tw-e2e-wait-http' });
		const [y] = await executionsWith(
			WORKFLOWS.echoHttp,
			'Coordination Trigger',
			'tw-e2e-wait-http',
		);
		expect(nodeOutput(y, 'Coordination Trigger')[0]).toMatchObject({
			correlationId: 'tw-e2e-wait-http',
			idempotencyKey: answer.body.idempotencyKey,
			calledBy: { executionId: x.id, workflowId: WORKFLOWS.caller },
		});
		expect(nodeOutput(y, 'Answer')[0]).toMatchObject({ correlationId: 'tw-e2e-wait-http' });
	});

	it('fires and forgets over HTTP: the acknowledgement comes back and Y still runs', async () => {
		const answer = await callX(
			'tw-e2e-ff-http',
			{ target: 'path', path: 'tw-echo', mode: 'fireAndForget' },
			{ name: 'Grace' },
		);

		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ correlationId: 'tw-e2e-ff-http', status: 202 });
		expect(answer.body.response).not.toHaveProperty('echoed');

		const [y] = await executionsWith(WORKFLOWS.echoHttp, 'Coordination Trigger', 'tw-e2e-ff-http');
		expect(nodeOutput(y, 'Answer')[0]).toMatchObject({ echoed: { name: 'Grace' } });
	});

	it('waits for a workflow run in-process by its ID, linked to the calling execution', async () => {
		const answer = await callX(
			'tw-e2e-wait-proc',
			{ target: 'workflow', workflowId: WORKFLOWS.echoInProcess, mode: 'wait' },
			{ name: 'Linus' },
		);

		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			response: { echoed: { name: 'Linus' }, correlationId: 'tw-e2e-wait-proc', via: 'in-process' },
			correlationId: 'tw-e2e-wait-proc',
			attempts: 1,
		});
		const childId = answer.body.childExecutionId;
		expect(childId).toBe(answer.body.response.executionId);

		const [x] = await executionsWith(WORKFLOWS.caller, 'Coordination Trigger', 'tw-e2e-wait-proc');
		const child = await n8n.api.getExecution(String(childId));
		expect(child.workflowId).toBe(WORKFLOWS.echoInProcess);
		expect(child.status).toBe('success');
		// The links the editor follows: child -> parent, and the parent's output item -> child.
		expect((child.data as { parentExecution?: unknown }).parentExecution).toMatchObject({
			executionId: x.id,
			workflowId: WORKFLOWS.caller,
		});
		const [outputItem] = x.data?.resultData.runData['Call Y'][0].data?.main[0] ?? [];
		expect((outputItem as { metadata?: unknown }).metadata).toEqual({
			subExecution: { executionId: childId, workflowId: WORKFLOWS.echoInProcess },
		});
		expect(nodeOutput(child, 'Execute Workflow Trigger')[0]).toMatchObject({
			body: { name: 'Linus' },
			correlationId: 'tw-e2e-wait-proc',
			idempotencyKey: answer.body.idempotencyKey,
			calledBy: { executionId: x.id, workflowId: WORKFLOWS.caller },
		});
	});

	it('fires and forgets in-process: returns the child execution id, and that execution appears', async () => {
		const answer = await callX(
			'tw-e2e-ff-proc',
			{ target: 'workflow', workflowId: WORKFLOWS.echoInProcess, mode: 'fireAndForget' },
			{ name: 'Barbara' },
		);

		expect(answer.status).toBe(200);
		const childId = answer.body.childExecutionId;
		expect(childId).toMatch(/^\d+$/);
		expect(answer.body.response).toEqual({ accepted: true, executionId: childId });

		const [child] = await executionsWith(
			WORKFLOWS.echoInProcess,
			'Execute Workflow Trigger',
			'tw-e2e-ff-proc',
		);
		expect(child.id).toBe(childId);
		expect(nodeOutput(child, 'Answer')[0]).toMatchObject({ echoed: { name: 'Barbara' } });
	});

	it('retries a target that answers 503 twice, then succeeds on the third attempt', async () => {
		server = await startScriptedServer([reply(503), reply(503), reply(200, { finally: true })]);

		const answer = await callX(
			'tw-e2e-retry',
			{ target: 'url', url: server.url, mode: 'wait' },
			{ n: 1 },
		);

		expect(answer.body).toMatchObject({ response: { finally: true }, attempts: 3 });
		expect(answer.body.attemptLog.map((attempt) => attempt.status)).toEqual([503, 503, 200]);
		expect(server.requests).toHaveLength(3);
		const seen = server.requests.map((request) => [
			request.headers['x-correlation-id'],
			request.headers['idempotency-key'],
			request.headers['x-wfc-attempt'],
		]);
		expect(seen).toEqual([
			['tw-e2e-retry', answer.body.idempotencyKey, '1'],
			['tw-e2e-retry', answer.body.idempotencyKey, '2'],
			['tw-e2e-retry', answer.body.idempotencyKey, '3'],
		]);
	});

	it('does not retry a 400, and fails the execution with the status and the answer', async () => {
		server = await startScriptedServer([reply(400, { error: 'email is missing' })]);

		const answer = await callX(
			'tw-e2e-400',
			{ target: 'url', url: server.url, mode: 'wait' },
			{ n: 1 },
		);

		expect(answer.status).toBeGreaterThanOrEqual(500);
		expect(server.requests).toHaveLength(1);
		const [x] = await executionsWith(WORKFLOWS.caller, 'Coordination Trigger', 'tw-e2e-400');
		expect(x.status).toBe('error');
		const failedRun = x.data?.resultData.runData['Call Y'][0];
		expect(failedRun?.error?.message).toMatch(/answered with status 400 \(1 attempt\)/);
	});

	it('with On Error "continue (using error output)", puts an error item on the error output', async () => {
		server = await startScriptedServer([reply(400, { error: 'email is missing' })]);

		await callX(
			'tw-e2e-continue',
			{ target: 'url', url: server.url, mode: 'wait' },
			{ n: 1 },
			'tw-call-continue',
		);

		const [x] = await executionsWith(
			WORKFLOWS.callerContinue,
			'Coordination Trigger',
			'tw-e2e-continue',
		);
		expect(x.status).toBe('success');
		expect(nodeOutput(x, 'Call Y', 0)).toEqual([]);
		const [errorItem] = nodeOutput(x, 'Call Y', 1);
		// n8n puts the input item's fields around the error: the trigger's correlationId among them.
		expect(errorItem).toMatchObject({
			error: {
				reason: 'status',
				status: 400,
				bodyExcerpt: '{"error":"email is missing"}',
				attempts: 1,
				correlationId: 'tw-e2e-continue',
				idempotencyKey: server.requests[0].headers['idempotency-key'],
			},
			correlationId: 'tw-e2e-continue',
		});
		expect(nodeOutput(x, 'Failed')).toHaveLength(1);
	});

	it('signs calls with the credential: the signed receiver accepts them, and the signature verifies', async () => {
		const answer = await callX(
			'tw-e2e-signed',
			{ target: 'path', path: 'tw-echo-signed', mode: 'wait' },
			{ name: 'Signed' },
			'tw-call-signed',
		);
		expect(answer.body).toMatchObject({
			response: { echoed: { name: 'Signed' }, via: 'signed http' },
			status: 200,
		});

		server = await startScriptedServer([reply(200, {})]);
		await callX(
			'tw-e2e-signed-raw',
			{ target: 'url', url: server.url, mode: 'wait' },
			{ name: 'Raw' },
			'tw-call-signed',
		);
		const [seen] = server.requests;
		const verdict = verifySignature({
			secret: SECRET,
			body: seen.rawBody,
			timestampHeader: seen.headers['x-wfc-timestamp'],
			signatureHeader: seen.headers['x-wfc-signature'],
			idempotencyKeyHeader: seen.headers['idempotency-key'],
		});
		expect(verdict.valid).toBe(true);
	});

	it('an unsigned call to a signed receiver is refused with 401 and not retried', async () => {
		const answer = await callX(
			'tw-e2e-unsigned',
			{ target: 'path', path: 'tw-echo-signed', mode: 'wait' },
			{ name: 'Unsigned' },
			'tw-call-continue',
		);
		expect(answer.status).toBe(200);

		const [x] = await executionsWith(
			WORKFLOWS.callerContinue,
			'Coordination Trigger',
			'tw-e2e-unsigned',
		);
		expect(nodeOutput(x, 'Call Y', 1)[0]).toMatchObject({
			error: { status: 401, attempts: 1, correlationId: 'tw-e2e-unsigned' },
		});
	});

	it('sends a large body by reference and the Coordination Trigger hands Y the original body', async () => {
		const payload = { lines: Array.from({ length: 200 }, (_, n) => ({ n, sku: `SKU-${n}` })) };

		const answer = await callX(
			'tw-e2e-by-reference',
			{ target: 'path', path: 'tw-echo', mode: 'wait', byReference: true },
			payload,
		);

		expect(answer.body.payloadReference).toMatchObject({
			namespace: 'wfc.payloads',
			key: answer.body.idempotencyKey,
		});
		expect(answer.body.payloadReference?.bytes).toBe(Buffer.byteLength(JSON.stringify(payload)));
		expect(answer.body.response.echoed).toEqual(payload);
	});

	it('sends the same idempotency key when the same item is called again, so Y runs once', async () => {
		const call: CallSpec = { target: 'path', path: 'tw-echo', mode: 'wait' };
		const first = await callX('tw-e2e-repeat', call, { name: 'Once' });
		const second = await callX('tw-e2e-repeat', call, { name: 'Once' });

		expect(second.body.idempotencyKey).toBe(first.body.idempotencyKey);
		expect(second.body.response).toEqual(first.body.response);
		await executionsWith(WORKFLOWS.caller, 'Coordination Trigger', 'tw-e2e-repeat', 2);
		const ys = await executionsWith(WORKFLOWS.echoHttp, 'Coordination Trigger', 'tw-e2e-repeat');
		expect(ys).toHaveLength(1);
	});
});
