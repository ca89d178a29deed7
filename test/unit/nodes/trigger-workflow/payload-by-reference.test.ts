import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	findPayloadReference,
	PAYLOAD_NAMESPACE,
} from '../../../../lib/protocol/payload-reference';
import { readStoredPayload } from '../../../../lib/protocol/stored-payload';
import { closeSharedStateStores, sharedStateStore } from '../../../../lib/state';
import { PAYLOAD_TTL_SECONDS } from '../../../../nodes/TriggerWorkflow/payload-by-reference';
import {
	reply,
	startScriptedServer,
	type ScriptedServer,
} from '../../../integration/call/scripted-server';
import { httpParameters, runTriggerWorkflow } from './run-node';

let server: ScriptedServer;
let userFolder: string;
const previousUserFolder = process.env.N8N_USER_FOLDER;

beforeEach(async () => {
	// The embedded store lives under the n8n user folder; give each test its own.
	userFolder = await mkdtemp(path.join(tmpdir(), 'wfc-payload-'));
	process.env.N8N_USER_FOLDER = userFolder;
	server = await startScriptedServer([reply(200, { ok: true })]);
});

afterEach(async () => {
	await server.close();
	await closeSharedStateStores();
	process.env.N8N_USER_FOLDER = previousUserFolder;
	await rm(userFolder, { recursive: true, force: true });
});

function sentBody(index = 0): unknown {
	return JSON.parse(server.requests[index].rawBody.toString()) as unknown;
}

async function storedRecord(key: string) {
	const store = await sharedStateStore({ backend: 'embedded' });
	return (await store.getMany(PAYLOAD_NAMESPACE, [key])).get(key);
}

describe('Trigger Workflow sending a body by reference', () => {
	it('stores the body under the idempotency key and sends only a reference that checks out', async () => {
		const body = { customer: 'Ada', lines: Array.from({ length: 50 }, (_, n) => ({ n })) };

		const { output } = await runTriggerWorkflow({
			parameters: httpParameters(server.url, { options: { sendByReference: true } }),
			items: [{ json: body }],
		});

		const reference = findPayloadReference(sentBody());
		const key = String(server.requests[0].headers['idempotency-key']);
		expect(reference).toMatchObject({ version: 1, namespace: PAYLOAD_NAMESPACE, key });
		const record = await storedRecord(key);
		expect(record).toBeDefined();
		expect(readStoredPayload(reference!, record!.value)).toEqual({ ok: true, body });
		const expiresInSeconds = (Date.parse(record!.expiresAt!) - Date.now()) / 1000;
		expect(expiresInSeconds).toBeGreaterThan(PAYLOAD_TTL_SECONDS - 60);
		expect(expiresInSeconds).toBeLessThanOrEqual(PAYLOAD_TTL_SECONDS);
		expect(output[0].json.payloadReference).toEqual({
			namespace: PAYLOAD_NAMESPACE,
			key,
			bytes: reference!.bytes,
		});
	});

	it('sends a body above Large Payload Threshold by reference and one below it inline', async () => {
		const small = { note: 'short' };
		const large = { note: 'x'.repeat(2000) };

		await runTriggerWorkflow({
			parameters: httpParameters(server.url, { options: { largePayloadThresholdBytes: 1024 } }),
			items: [{ json: small }, { json: large }],
		});

		expect(sentBody(0)).toEqual(small);
		const reference = findPayloadReference(sentBody(1));
		expect(reference).toBeDefined();
		expect(reference!.bytes).toBeGreaterThan(1024);
	});

	it('never opens the store when neither option asks for it', async () => {
		await runTriggerWorkflow({
			parameters: httpParameters(server.url, { store: 'postgres' }),
			items: [{ json: { note: 'x'.repeat(5000) } }],
		});

		// With store=postgres and no credential, opening the store would have failed the call.
		expect(sentBody()).toEqual({ note: 'x'.repeat(5000) });
	});

	it('keeps in-process bodies in memory, never by reference', async () => {
		const { fake } = await runTriggerWorkflow({
			parameters: {
				target: 'workflow',
				workflowId: 'childWf1',
				mode: 'wait',
				options: { sendByReference: true },
			},
			items: [{ json: { n: 1 } }],
		});

		expect(fake.workflowRuns[0].inputData?.[0].json.body).toEqual({ n: 1 });
	});

	it('fails the item, naming the Store setting, when the store cannot be opened', async () => {
		const run = runTriggerWorkflow({
			parameters: httpParameters(server.url, {
				store: 'postgres',
				options: { sendByReference: true },
			}),
		});

		await expect(run).rejects.toThrow(/Could not keep the body in the store/);
		expect(server.requests).toHaveLength(0);
	});
});
