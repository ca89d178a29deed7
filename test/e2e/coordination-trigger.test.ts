import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { signRequest } from '../../lib/call';
import { PAYLOAD_NAMESPACE } from '../../lib/protocol/payload-reference';
import { storablePayload } from '../../lib/protocol/stored-payload';
import { closeSharedStateStores, sharedStateStore, type StateStore } from '../../lib/state';
import { PACKAGE_ROOT, nodeOutput, startN8n, type N8nInstance } from '../../tools/n8n-host';

const FIXTURES = path.join(PACKAGE_ROOT, 'test', 'e2e', 'fixtures', 'coordination-trigger');
const SECRET = 'e2e-coordination-trigger-secret-3f9d1c7a5b';
const CREDENTIAL_NAME = 'Coordination Trigger e2e signing';

const WORKFLOWS = {
	signedEcho: 'wfcCtSignedEcho1',
	echo: 'wfcCtEcho0000001',
	gatedWaiting: 'wfcCtGatedWait01',
	gatedNoWait: 'wfcCtGatedNoWait',
	gatedOnReceived: 'wfcCtGatedOnRecv',
	respondNode: 'wfcCtRespondNode',
	respondNodeV1p1: 'wfcCtRespondV1p1',
} as const;

interface CallResponse {
	status: number;
	headers: Headers;
	body: Record<string, unknown>;
	text: string;
}

interface Deferred {
	promise: Promise<void>;
	resolve: () => void;
}

function deferred(): Deferred {
	let resolve: () => void = () => undefined;
	const promise = new Promise<void>((settle) => (resolve = settle));
	return { promise, resolve };
}

/**
 * Holds the workflows' HTTP Request node at `/gate/<name>` until the test releases it, so a test
 * knows for certain that a run has started and has not finished.
 */
class Gate {
	private readonly arrivals = new Map<string, Deferred>();
	private readonly releases = new Map<string, Deferred>();
	private server?: Server;

	async start(): Promise<number> {
		this.server = createServer((request, response) => {
			const name = decodeURIComponent((request.url ?? '').replace(/^\/gate\//, ''));
			this.entry(this.arrivals, name).resolve();
			void this.entry(this.releases, name).promise.then(() => {
				response.setHeader('content-type', 'application/json');
				response.end(JSON.stringify({ released: name }));
			});
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		return (this.server?.address() as AddressInfo).port;
	}

	/** Resolves once a run has reached the gate `name`. */
	arrival(name: string): Promise<void> {
		return this.entry(this.arrivals, name).promise;
	}

	release(name: string): void {
		this.entry(this.releases, name).resolve();
	}

	async stop(): Promise<void> {
		for (const release of this.releases.values()) release.resolve();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	private entry(map: Map<string, Deferred>, name: string): Deferred {
		let entry = map.get(name);
		if (!entry) {
			entry = deferred();
			map.set(name, entry);
		}
		return entry;
	}
}

describe('the Coordination Trigger in a real n8n', () => {
	let n8n: N8nInstance;
	let store: StateStore;
	const gate = new Gate();

	beforeAll(async () => {
		const gatePort = await gate.start();
		n8n = await startN8n();
		const credentialId = await n8n.api.createCredential({
			name: CREDENTIAL_NAME,
			type: 'workflowCoordinationSigningApi',
			data: { secret: SECRET, baseUrl: '' },
		});
		const files = [
			'signed-echo.json',
			'echo.json',
			'gated-waiting.json',
			'gated-no-wait.json',
			'gated-on-received.json',
			'respond-node.json',
			'respond-node-v1-1.json',
		].map((file) => path.join(FIXTURES, file));
		await n8n.importWorkflows(files, {
			'{{SIGNING_CREDENTIAL_ID}}': credentialId,
			'{{SIGNING_CREDENTIAL_NAME}}': CREDENTIAL_NAME,
			__GATE_PORT__: String(gatePort),
		});
		for (const webhookPath of ['ct-signed-echo', 'ct-echo', 'ct-gated-wait', 'ct-respond']) {
			await n8n.waitForWebhook(webhookPath);
		}
		// The same file n8n's embedded store uses, as the sending side of a large call would.
		store = await sharedStateStore({
			backend: 'embedded',
			filePath: n8n.embeddedStorePath,
		});
	});

	afterAll(async () => {
		await closeSharedStateStores();
		await n8n?.stop();
		await gate.stop();
	});

	async function call(
		webhookPath: string,
		text: string,
		headers: Record<string, string> = {},
	): Promise<CallResponse> {
		const response = await fetch(`${n8n.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: text,
			signal: AbortSignal.timeout(90_000),
		});
		const raw = await response.text();
		let body: Record<string, unknown> = {};
		try {
			body = JSON.parse(raw) as Record<string, unknown>;
		} catch {
			// Not JSON: the assertions on `text` will say what came back.
		}
		return { status: response.status, headers: response.headers, body, text: raw };
	}

	/** Signature headers for a body, and the idempotency-key header when a key is given (it is signed too). */
	function signed(
		text: string,
		options: { key?: string; nowMs?: number; secret?: string } = {},
	): Record<string, string> {
		const key = options.key ?? '';
		const signature = signRequest(options.secret ?? SECRET, text, key, options.nowMs).headers;
		return key ? { ...signature, 'idempotency-key': key } : signature;
	}

	async function executionCount(workflowId: string): Promise<number> {
		return (await n8n.api.listExecutions({ workflowId })).length;
	}

	/**
	 * How many executions a workflow gained since `before` once a fresh call made after the calls
	 * under test has finished. Executions get increasing ids when they start, so a run started by
	 * an earlier call (one that must not exist) would be counted by then.
	 */
	async function executionsAfterSentinel(
		workflowId: string,
		webhookPath: string,
		before: number,
	): Promise<number> {
		const gateName = `sentinel-${workflowId}-${before}`;
		const text = JSON.stringify({ sentinel: true, gate: gateName, status: 200 });
		gate.release(gateName);
		const sentinel = await call(webhookPath, text, signed(text));
		expect(sentinel.status).toBe(200);
		const sentinelId = Number(sentinel.body.executionId);
		await n8n.api.waitForExecutions(workflowId, before + 1);
		const upToSentinel = (await n8n.api.listExecutions({ workflowId })).filter(
			(execution) => Number(execution.id) <= sentinelId,
		);
		return upToSentinel.length - before;
	}

	describe('signatures', () => {
		it('runs the workflow for a correctly signed call and hands it the caller context', async () => {
			const text = JSON.stringify({ customer: 'ada@example.com', plan: 'pro' });
			const response = await call('ct-signed-echo', text, {
				...signed(text, { key: 'ct-signed-key-1' }),
				'x-correlation-id': 'ct-signed-1',
				'x-wfc-caller-execution-id': '4711',
				'x-wfc-caller-workflow-id': 'wfCaller01',
			});

			expect(response.status).toBe(200);
			expect(response.headers.get('x-correlation-id')).toBe('ct-signed-1');
			expect(response.body).toMatchObject({
				body: { customer: 'ada@example.com', plan: 'pro' },
				correlationId: 'ct-signed-1',
				idempotencyKey: 'ct-signed-key-1',
				calledBy: { executionId: '4711', workflowId: 'wfCaller01' },
			});
			const executionId = String(response.body.executionId);
			const execution = await n8n.api.getExecution(executionId);
			const [item] = nodeOutput(execution, 'Coordination Trigger');
			expect(Object.keys(item).sort()).toEqual(
				['body', 'calledBy', 'correlationId', 'idempotencyKey', 'receivedAt'].sort(),
			);
			expect(Date.parse(String(item.receivedAt))).not.toBeNaN();
		});

		it('refuses an unsigned call with a 401 JSON error and starts no execution', async () => {
			const before = await executionCount(WORKFLOWS.signedEcho);

			const response = await call('ct-signed-echo', JSON.stringify({ unsigned: true }));

			expect(response.status).toBe(401);
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			expect(response.body).toMatchObject({ error: 'invalid_signature', reason: 'missing' });
			expect(String(response.body.message)).toMatch(/x-wfc-signature/);
			expect(await executionsAfterSentinel(WORKFLOWS.signedEcho, 'ct-signed-echo', before)).toBe(1);
		});

		it('refuses a call signed with another secret', async () => {
			const text = JSON.stringify({ forged: true });

			const response = await call(
				'ct-signed-echo',
				text,
				signed(text, { secret: 'not-the-secret' }),
			);

			expect(response.status).toBe(401);
			expect(response.body).toMatchObject({ error: 'invalid_signature', reason: 'mismatch' });
		});

		it('refuses a call whose body was changed after signing', async () => {
			const headers = signed(JSON.stringify({ amount: 10 }));

			const response = await call('ct-signed-echo', JSON.stringify({ amount: 10000 }), headers);

			expect(response.status).toBe(401);
			expect(response.body).toMatchObject({ reason: 'mismatch' });
		});

		it('refuses a signature whose timestamp is outside the window', async () => {
			const text = JSON.stringify({ late: true });

			const response = await call(
				'ct-signed-echo',
				text,
				signed(text, { nowMs: Date.now() - 10 * 60_000 }),
			);

			expect(response.status).toBe(401);
			expect(response.body).toMatchObject({ error: 'invalid_signature', reason: 'expired' });
		});

		it('refuses the same signed request when it is sent a second time', async () => {
			const text = JSON.stringify({ transfer: 'once' });
			const headers = signed(text);

			const first = await call('ct-signed-echo', text, headers);
			const second = await call('ct-signed-echo', text, headers);

			expect(first.status).toBe(200);
			expect(second.status).toBe(401);
			expect(second.body).toMatchObject({ error: 'invalid_signature', reason: 'replayed' });
		});

		it('refuses a captured signature sent again with another idempotency key: the key is signed', async () => {
			const text = JSON.stringify({ transfer: 'changed-key' });
			const headers = signed(text, { key: 'ct-k-a' });

			const first = await call('ct-signed-echo', text, headers);
			const second = await call('ct-signed-echo', text, {
				...headers,
				'idempotency-key': 'ct-k-b',
			});

			expect(first.status).toBe(200);
			expect(second.status).toBe(401);
			expect(second.body).toMatchObject({ reason: 'mismatch' });
		});

		it('answers a retry that repeats both signature and idempotency key from the first answer', async () => {
			const before = await executionCount(WORKFLOWS.signedEcho);
			const text = JSON.stringify({ transfer: 'retried-in-the-same-second' });
			const headers = signed(text, { key: 'ct-same-signature-retry' });

			const first = await call('ct-signed-echo', text, headers);
			const retry = await call('ct-signed-echo', text, headers);

			expect(first.status).toBe(200);
			expect(retry.status).toBe(200);
			expect(retry.text).toBe(first.text);
			expect(retry.headers.get('x-wfc-idempotent-replay')).toBe('true');
			expect(await executionsAfterSentinel(WORKFLOWS.signedEcho, 'ct-signed-echo', before)).toBe(2);
		});
	});

	describe('deduplication by idempotency key', () => {
		it('runs the workflow once for a repeated key and gives both calls the same answer', async () => {
			const before = await executionCount(WORKFLOWS.signedEcho);
			const text = JSON.stringify({ order: 'A-1001' });
			const key = { 'idempotency-key': 'ct-order-A-1001' };

			const first = await call(
				'ct-signed-echo',
				text,
				signed(text, { key: key['idempotency-key'] }),
			);
			const second = await call(
				'ct-signed-echo',
				text,
				signed(text, { key: key['idempotency-key'], nowMs: Date.now() + 1000 }),
			);

			expect(first.status).toBe(200);
			expect(first.headers.get('x-wfc-idempotent-replay')).toBeNull();
			expect(second.status).toBe(200);
			expect(second.headers.get('x-wfc-idempotent-replay')).toBe('true');
			expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
			expect(second.body).toEqual(first.body);
			expect(await executionsAfterSentinel(WORKFLOWS.signedEcho, 'ct-signed-echo', before)).toBe(2);
		});

		it('scopes keys to one workflow: the same key on another workflow runs that workflow', async () => {
			const text = JSON.stringify({ order: 'shared-key' });
			const key = { 'idempotency-key': 'ct-shared-across-workflows' };

			const signedAnswer = await call(
				'ct-signed-echo',
				text,
				signed(text, { key: key['idempotency-key'] }),
			);
			const echoAnswer = await call('ct-echo', text, key);

			expect(signedAnswer.status).toBe(200);
			expect(echoAnswer.status).toBe(200);
			expect(echoAnswer.headers.get('x-wfc-idempotent-replay')).toBeNull();
			expect(echoAnswer.body.executionId).not.toBe(signedAnswer.body.executionId);
		});

		it("lets a duplicate wait for the running first call and answers it with that call's answer", async () => {
			const before = await executionCount(WORKFLOWS.gatedWaiting);
			const text = JSON.stringify({ gate: 'wait-1' });
			const key = { 'idempotency-key': 'ct-wait-1' };

			const first = call('ct-gated-wait', text, key);
			await gate.arrival('wait-1');
			const duplicate = call('ct-gated-wait', text, key);
			// Give the duplicate time to reach the trigger and start waiting; if it arrives only after
			// the release it is answered from the record instead, and the assertions hold the same.
			await new Promise((resolve) => setTimeout(resolve, 500));
			gate.release('wait-1');

			const [firstAnswer, duplicateAnswer] = await Promise.all([first, duplicate]);
			expect(firstAnswer.status).toBe(200);
			expect(firstAnswer.body).toMatchObject({ gate: 'wait-1' });
			expect(duplicateAnswer.status).toBe(200);
			expect(duplicateAnswer.body).toEqual(firstAnswer.body);
			expect(duplicateAnswer.headers.get('x-wfc-idempotent-replay')).toBe('true');
			expect(await executionsAfterSentinel(WORKFLOWS.gatedWaiting, 'ct-gated-wait', before)).toBe(
				2,
			);
		});

		it('answers 409 with Retry-After to a duplicate while the first call is still running', async () => {
			const text = JSON.stringify({ gate: 'busy-1' });
			const key = { 'idempotency-key': 'ct-busy-1' };

			const first = call('ct-gated-no-wait', text, key);
			await gate.arrival('busy-1');
			const duplicate = await call('ct-gated-no-wait', text, key);
			gate.release('busy-1');
			const firstAnswer = await first;
			const later = await call('ct-gated-no-wait', text, key);

			expect(duplicate.status).toBe(409);
			expect(duplicate.body).toMatchObject({ error: 'idempotency_key_in_use' });
			expect(Number(duplicate.headers.get('retry-after'))).toBeGreaterThan(0);
			expect(firstAnswer.status).toBe(200);
			expect(later.status).toBe(200);
			expect(later.body).toEqual(firstAnswer.body);
		});

		it('runs a key again after its first call answered with an error status, then replays the success', async () => {
			const key = { 'idempotency-key': 'ct-retry-after-502' };

			const failed = await call(
				'ct-respond',
				JSON.stringify({ outcome: 'crm down', status: 502 }),
				key,
			);
			const succeeded = await call(
				'ct-respond',
				JSON.stringify({ outcome: 'created', status: 201 }),
				key,
			);
			const repeated = await call(
				'ct-respond',
				JSON.stringify({ outcome: 'created', status: 201 }),
				key,
			);

			expect(failed.status).toBe(502);
			expect(succeeded.status).toBe(201);
			expect(succeeded.body).toMatchObject({ outcome: 'created' });
			expect(succeeded.body.executionId).not.toBe(failed.body.executionId);
			expect(repeated.status).toBe(201);
			expect(repeated.body).toEqual(succeeded.body);
			expect(repeated.headers.get('x-wfc-idempotent-replay')).toBe('true');
		});

		it('refuses a malformed idempotency key with 400 instead of ignoring it', async () => {
			const response = await call('ct-echo', '{}', { 'idempotency-key': 'k'.repeat(201) });

			expect(response.status).toBe(400);
			expect(response.body).toMatchObject({ error: 'invalid_idempotency_key' });
		});
	});

	describe('response modes', () => {
		it('acknowledges Prefer: respond-async with 202 before the workflow finishes, replays it to a duplicate, and still runs it once', async () => {
			const before = await executionCount(WORKFLOWS.gatedWaiting);
			const text = JSON.stringify({ gate: 'async-1' });

			const response = await call('ct-gated-wait', text, {
				prefer: 'respond-async',
				'x-correlation-id': 'ct-async-1',
				'idempotency-key': 'ct-async-key-1',
			});

			// The gate is still closed, so the run cannot have finished when this answer came.
			expect(response.status).toBe(202);
			expect(response.body).toEqual({
				accepted: true,
				correlationId: 'ct-async-1',
				idempotencyKey: 'ct-async-key-1',
			});
			const duplicate = await call('ct-gated-wait', text, {
				prefer: 'respond-async',
				'idempotency-key': 'ct-async-key-1',
			});
			expect(duplicate.status).toBe(202);
			expect(duplicate.headers.get('x-wfc-idempotent-replay')).toBe('true');
			expect(duplicate.body).toEqual(response.body);
			await gate.arrival('async-1');
			gate.release('async-1');
			const execution = await waitForExecutionOf(WORKFLOWS.gatedWaiting, 'async-1');
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, 'Reply')).toEqual([
				expect.objectContaining({ gate: 'async-1' }),
			]);
			expect(await executionsAfterSentinel(WORKFLOWS.gatedWaiting, 'ct-gated-wait', before)).toBe(
				2,
			);
		});

		it('answers at once in Immediately mode, replays that answer to a duplicate, and still runs the workflow', async () => {
			const text = JSON.stringify({ gate: 'received-1' });

			const response = await call('ct-gated-on-received', text, {
				'x-correlation-id': 'ct-recv-1',
				'idempotency-key': 'ct-recv-key-1',
			});
			const duplicate = await call('ct-gated-on-received', text, {
				'idempotency-key': 'ct-recv-key-1',
			});

			expect(response.status).toBe(200);
			expect(response.body).toEqual({
				accepted: true,
				correlationId: 'ct-recv-1',
				idempotencyKey: 'ct-recv-key-1',
			});
			expect(duplicate.status).toBe(200);
			expect(duplicate.headers.get('x-wfc-idempotent-replay')).toBe('true');
			await gate.arrival('received-1');
			gate.release('received-1');
			const execution = await waitForExecutionOf(WORKFLOWS.gatedOnReceived, 'received-1');
			expect(execution.status).toBe('success');
		});

		it.each([422, 201, 502])(
			'passes on the status %i a Respond to Webhook node sets',
			async (status) => {
				const response = await call(
					'ct-respond',
					JSON.stringify({ outcome: `status-${status}`, status }),
					{ 'x-correlation-id': `ct-respond-${status}` },
				);

				expect(response.status).toBe(status);
				expect(response.body).toMatchObject({
					outcome: `status-${status}`,
					correlationId: `ct-respond-${status}`,
				});
			},
		);

		// n8n's Respond to Webhook node from type version 1.1 on checks that one of n8n's own webhook
		// nodes precedes it, so it fails behind any community trigger. Type version 1 does not check.
		it('fails with a Respond to Webhook node of type version 1.1, which only answers for n8n webhook nodes', async () => {
			const response = await call(
				'ct-respond-v1-1',
				JSON.stringify({ outcome: 'version-1.1', status: 201 }),
			);

			expect(response.status).toBe(500);
			const execution = await waitForExecutionOf(
				WORKFLOWS.respondNodeV1p1,
				'version-1.1',
				'outcome',
			);
			expect(execution.data?.resultData.error?.message).toBe(
				'No Webhook node found in the workflow',
			);
		});

		it('acknowledges respond-async with 202 in Respond to Webhook mode and the run still succeeds', async () => {
			const response = await call(
				'ct-respond',
				JSON.stringify({ outcome: 'async-respond', status: 201 }),
				{ prefer: 'respond-async; wait=5' },
			);

			expect(response.status).toBe(202);
			const execution = await waitForExecutionOf(WORKFLOWS.respondNode, 'async-respond', 'outcome');
			expect(execution.status).toBe('success');
		});
	});

	describe('large payloads by reference', () => {
		it('hands the workflow the body stored under the reference', async () => {
			const body = {
				rows: Array.from({ length: 2000 }, (_, index) => ({ index, name: `row ${index}` })),
			};
			const { value, reference } = storablePayload(body, 'ct-e2e-payload-1');
			await store.apply([
				{ kind: 'set', namespace: PAYLOAD_NAMESPACE, key: reference.key, value, ttlSeconds: 600 },
			]);

			const response = await call('ct-echo', JSON.stringify({ $wfcPayloadRef: reference }));

			expect(response.status).toBe(200);
			expect(response.body.body).toEqual(body);
		});

		it('refuses with 422 a reference whose body is not in the store', async () => {
			const { reference } = storablePayload({ never: 'stored' }, 'ct-e2e-payload-missing');

			const response = await call('ct-echo', JSON.stringify({ $wfcPayloadRef: reference }));

			expect(response.status).toBe(422);
			expect(response.body).toMatchObject({ error: 'payload_unavailable', reason: 'missing' });
		});

		it('refuses with 422 a reference whose stored body no longer matches its digest', async () => {
			const { reference } = storablePayload({ amount: 10 }, 'ct-e2e-payload-changed');
			const tampered = storablePayload({ amount: 99 }, reference.key).value;
			await store.apply([
				{
					kind: 'set',
					namespace: PAYLOAD_NAMESPACE,
					key: reference.key,
					value: tampered,
					ttlSeconds: 600,
				},
			]);

			const response = await call('ct-echo', JSON.stringify({ $wfcPayloadRef: reference }));

			expect(response.status).toBe(422);
			expect(response.body).toMatchObject({
				error: 'payload_unavailable',
				reason: 'digestMismatch',
			});
		});

		it('refuses with 400 a reference into another namespace of the shared store', async () => {
			const { reference } = storablePayload({}, 'anything');

			const response = await call(
				'ct-echo',
				JSON.stringify({ $wfcPayloadRef: { ...reference, namespace: 'customers' } }),
			);

			expect(response.status).toBe(400);
			expect(response.body).toMatchObject({ error: 'invalid_payload_reference' });
		});
	});

	/** Waits for the execution whose trigger body has `field` equal to `value`. */
	async function waitForExecutionOf(workflowId: string, value: string, field = 'gate') {
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			const finished = (await n8n.api.listExecutions({ workflowId })).filter((execution) =>
				['success', 'error', 'crashed'].includes(execution.status),
			);
			for (const listed of finished) {
				const execution = await n8n.api.getExecution(listed.id);
				const [item] = nodeOutput(execution, 'Coordination Trigger');
				if ((item?.body as Record<string, unknown> | undefined)?.[field] === value)
					return execution;
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`No finished execution of ${workflowId} with body.${field} = ${value}`);
	}
});
