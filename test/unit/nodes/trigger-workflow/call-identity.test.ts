import type { IDataObject } from 'n8n-workflow';

import { deriveIdempotencyKey } from '../../../../lib/call';
import { resolveCallIdentity } from '../../../../nodes/TriggerWorkflow/call-identity';
import { fakeExecuteFunctions } from '../call-target/fake-execute-functions';

const TARGET = {
	kind: 'http' as const,
	url: 'http://127.0.0.1:5678/webhook/b',
	method: 'POST' as const,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function identityFor(
	json: IDataObject,
	options: Record<string, unknown> = {},
	extra: { itemIndex?: number; nodeName?: string; allItems?: boolean; target?: typeof TARGET } = {},
) {
	const { context } = fakeExecuteFunctions({ node: { name: extra.nodeName ?? 'Call B' } });
	return resolveCallIdentity(context, {
		item: { json },
		itemIndex: extra.itemIndex ?? 0,
		target: extra.target ?? TARGET,
		options,
		allItems: extra.allItems ?? false,
	});
}

describe('the correlation ID of a call', () => {
	it("continues the input item's correlationId, as a Coordination Trigger outputs it", () => {
		expect(identityFor({ correlationId: 'order-42' }).correlationId).toBe('order-42');
	});

	it('is the Correlation ID option when set, whatever the item carries', () => {
		expect(
			identityFor({ correlationId: 'order-42' }, { correlationId: ' batch-7 ' }).correlationId,
		).toBe('batch-7');
	});

	it('starts a new trace (a UUID) when the item has none or an unusable one', () => {
		expect(identityFor({}).correlationId).toMatch(UUID);
		expect(identityFor({ correlationId: 'has spaces; and more' }).correlationId).toMatch(UUID);
		expect(identityFor({ correlationId: 42 }).correlationId).toMatch(UUID);
	});

	it('refuses an unusable Correlation ID option, naming it', () => {
		expect(() => identityFor({}, { correlationId: 'not ok!' })).toThrow(
			/Options > Correlation ID "not ok!" is not a usable correlation ID/,
		);
	});
});

describe('the idempotency key of a call', () => {
	it('is the same every time the same item of the same node calls the same target', () => {
		const first = identityFor({ correlationId: 'order-42' });
		const again = identityFor({ correlationId: 'order-42', other: 'fields do not matter' });
		expect(again.idempotencyKey).toBe(first.idempotencyKey);
		expect(first.idempotencyKey).toBe(
			deriveIdempotencyKey({
				correlationId: 'order-42',
				target: 'Call B|http://127.0.0.1:5678/webhook/b',
				itemIndex: 0,
			}),
		);
	});

	it('differs by item, by target, by node and for a call with all items', () => {
		const base = { correlationId: 'order-42' };
		const keys = new Set([
			identityFor(base).idempotencyKey,
			identityFor(base, {}, { itemIndex: 1 }).idempotencyKey,
			identityFor(base, {}, { nodeName: 'Call B again' }).idempotencyKey,
			identityFor(base, {}, { target: { ...TARGET, url: 'http://127.0.0.1:5678/webhook/c' } })
				.idempotencyKey,
			identityFor(base, {}, { allItems: true }).idempotencyKey,
		]);
		expect(keys.size).toBe(5);
	});

	it('is the Idempotency Key option when set', () => {
		expect(identityFor({}, { idempotencyKey: 'signup:ada@example.com' }).idempotencyKey).toBe(
			'signup:ada@example.com',
		);
	});

	it('refuses an Idempotency Key option that cannot travel as a header, naming it', () => {
		expect(() => identityFor({}, { idempotencyKey: ' padded' })).toThrow(
			/Options > Idempotency Key must not start or end with a space/,
		);
		expect(() => identityFor({}, { idempotencyKey: 'x'.repeat(201) })).toThrow(
			/Options > Idempotency Key is 201 characters long/,
		);
	});
});
