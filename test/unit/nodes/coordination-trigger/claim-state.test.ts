import {
	decideOnClaim,
	parseClaimValue,
	recordAnswer,
	settledClaimValue,
	type ClaimValue,
} from '../../../../nodes/CoordinationTrigger/idempotency/claim-state';
import type { CapturedAnswer } from '../../../../nodes/CoordinationTrigger/response-capture';
import type { JsonValue, StateRecord } from '../../../../lib/state';

function record(value: JsonValue, version = 3): StateRecord {
	return {
		namespace: 'wfc.idempotency',
		key: 'wf/path|k',
		value,
		version,
		createdAt: '2026-12-04T00:00:00.000Z',
		updatedAt: '2026-12-04T00:00:00.000Z',
		expiresAt: null,
	};
}

function answer(status: number, body: string | Buffer, truncated = false): CapturedAnswer {
	return {
		status,
		contentType: 'application/json; charset=utf-8',
		body: Buffer.isBuffer(body) ? body : Buffer.from(body),
		truncated,
	};
}

const NOW = new Date('2026-12-04T10:00:00.000Z');

describe('decideOnClaim', () => {
	it('claims an absent key with expected version 0 (create only if absent)', () => {
		expect(decideOnClaim(null)).toEqual({ action: 'claim', expectedVersion: 0 });
	});

	it('waits while another call holds the key', () => {
		const running: ClaimValue = { state: 'running', correlationId: 'c', startedAt: 'x' };
		expect(decideOnClaim(record(running))).toEqual({ action: 'wait' });
	});

	it('replays the answer of a completed call', () => {
		const completed = settledClaimValue(answer(201, '{"ok":true}'), 'c', NOW);

		const decision = decideOnClaim(record(completed));

		expect(decision).toEqual({
			action: 'replay',
			answer: {
				status: 201,
				contentType: 'application/json; charset=utf-8',
				body: '{"ok":true}',
				bodyEncoding: 'utf8',
				bodyOmitted: false,
			},
		});
	});

	it('claims over a failed call, at the version it found, so the next call runs again', () => {
		const failed = settledClaimValue(answer(502, '{}'), 'c', NOW);

		expect(decideOnClaim(record(failed, 7))).toEqual({ action: 'claim', expectedVersion: 7 });
	});

	it('claims over a record it cannot read rather than letting it block the key', () => {
		expect(decideOnClaim(record({ state: 'done?' }, 2))).toEqual({
			action: 'claim',
			expectedVersion: 2,
		});
		expect(decideOnClaim(record('text', 4))).toEqual({ action: 'claim', expectedVersion: 4 });
	});
});

describe('settledClaimValue', () => {
	it.each([200, 201, 204, 299])('keeps a %i answer as completed', (status) => {
		expect(settledClaimValue(answer(status, 'x'), 'c', NOW).state).toBe('completed');
	});

	it.each([199, 302, 400, 409, 422, 500, 502])('marks a %i answer as failed', (status) => {
		expect(settledClaimValue(answer(status, 'x'), 'c-9', NOW)).toEqual({
			state: 'failed',
			correlationId: 'c-9',
			failedAt: NOW.toISOString(),
			status,
		});
	});

	it('writes values that read back as the same claim', () => {
		const completed = settledClaimValue(answer(200, 'hello'), 'c', NOW);
		const failed = settledClaimValue(answer(500, 'oops'), 'c', NOW);

		expect(parseClaimValue(JSON.parse(JSON.stringify(completed)) as JsonValue)).toEqual(completed);
		expect(parseClaimValue(JSON.parse(JSON.stringify(failed)) as JsonValue)).toEqual(failed);
	});
});

describe('recordAnswer', () => {
	it('keeps UTF-8 text as text', () => {
		expect(recordAnswer(answer(200, '{"name":"Zoë"}'))).toMatchObject({
			body: '{"name":"Zoë"}',
			bodyEncoding: 'utf8',
		});
	});

	it('keeps bytes that are not UTF-8 as base64', () => {
		const bytes = Buffer.from([0xff, 0x00, 0xc3]);

		const recorded = recordAnswer(answer(200, bytes));

		expect(recorded.bodyEncoding).toBe('base64');
		expect(Buffer.from(recorded.body, 'base64')).toEqual(bytes);
	});

	it('omits a body that was too large to capture whole, keeping the status', () => {
		expect(recordAnswer(answer(200, 'partial', true))).toMatchObject({
			status: 200,
			body: '',
			bodyOmitted: true,
		});
	});
});
