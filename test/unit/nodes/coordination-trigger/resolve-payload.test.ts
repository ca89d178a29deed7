import { PAYLOAD_NAMESPACE } from '../../../../lib/protocol/payload-reference';
import { storablePayload } from '../../../../lib/protocol/stored-payload';
import type { StateStore } from '../../../../lib/state';
import { resolvePayload } from '../../../../nodes/CoordinationTrigger/resolve-payload';
import { embeddedBackend } from '../../../support/state-backends';

describe('resolvePayload', () => {
	const backend = embeddedBackend();
	let store: StateStore;
	let opened: number;
	const openStore = async (): Promise<StateStore> => {
		opened++;
		return store;
	};

	beforeEach(async () => {
		await backend.setUp();
		store = await backend.openStore();
		opened = 0;
	});

	afterEach(async () => {
		await backend.dispose();
	});

	it('passes an inline body through without opening the store', async () => {
		const body = { customer: 'ada', $note: 'not a reference' };

		expect(await resolvePayload(body, openStore)).toEqual({ resolved: true, body });
		expect(opened).toBe(0);
	});

	it('replaces a reference with the stored body', async () => {
		const body = { rows: [1, 2, 3], nested: { b: 1, a: 2 } };
		const { value, reference } = storablePayload(body, 'p1');
		await store.apply([{ kind: 'set', namespace: PAYLOAD_NAMESPACE, key: 'p1', value }]);

		expect(await resolvePayload({ $wfcPayloadRef: reference }, openStore)).toEqual({
			resolved: true,
			body,
			reference,
		});
	});

	it('refuses a reference to a body that is not stored with 422 reason missing', async () => {
		const { reference } = storablePayload({}, 'gone');

		expect(await resolvePayload({ $wfcPayloadRef: reference }, openStore)).toMatchObject({
			resolved: false,
			answer: { status: 422, body: { error: 'payload_unavailable', reason: 'missing' } },
		});
	});

	it('refuses a stored body changed after the reference was made', async () => {
		const { reference } = storablePayload({ n: 1 }, 'p2');
		await store.apply([
			{ kind: 'set', namespace: PAYLOAD_NAMESPACE, key: 'p2', value: JSON.stringify({ n: 2 }) },
		]);

		expect(await resolvePayload({ $wfcPayloadRef: reference }, openStore)).toMatchObject({
			resolved: false,
			answer: { status: 422, body: { reason: 'digestMismatch' } },
		});
	});

	it('refuses a reference outside the payload namespace with 400, without reading it', async () => {
		const { reference } = storablePayload({}, 'secrets');

		const resolution = await resolvePayload(
			{ $wfcPayloadRef: { ...reference, namespace: 'customers' } },
			openStore,
		);

		expect(resolution).toMatchObject({
			resolved: false,
			answer: { status: 400, body: { error: 'invalid_payload_reference' } },
		});
		expect(opened).toBe(0);
	});

	it('refuses a malformed reference with 400 instead of passing it to the workflow', async () => {
		expect(await resolvePayload({ $wfcPayloadRef: { version: 2 } }, openStore)).toMatchObject({
			resolved: false,
			answer: { status: 400, body: { error: 'invalid_payload_reference' } },
		});
	});
});
