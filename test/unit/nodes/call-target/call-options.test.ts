import {
	DEFAULT_ATTEMPT_TIMEOUT_MS,
	DEFAULT_DEADLINE_MS,
	DEFAULT_RETRY_POLICY,
} from '../../../../lib/call';
import {
	readCallOptions,
	readSigning,
	retryCollection,
} from '../../../../nodes/shared/call-target';
import { fakeExecuteFunctions } from './fake-execute-functions';

describe('the Retry and Timeouts collection', () => {
	it("shows lib/call's defaults, so an untouched field means the machinery's default", () => {
		const defaults = Object.fromEntries(
			(retryCollection.options ?? []).map((option) => [
				(option as { name: string }).name,
				(option as { default: unknown }).default,
			]),
		);
		expect(defaults).toEqual({
			attemptTimeoutMs: DEFAULT_ATTEMPT_TIMEOUT_MS,
			deadlineMs: DEFAULT_DEADLINE_MS,
			initialDelayMs: DEFAULT_RETRY_POLICY.initialDelayMs,
			jitter: DEFAULT_RETRY_POLICY.jitter,
			maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts,
			maxDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs,
			multiplier: DEFAULT_RETRY_POLICY.multiplier,
			neverRetryStatuses: '',
		});
	});
});

describe('readCallOptions', () => {
	it('maps every field of the collection onto call options, with the cancel signal', () => {
		const signal = new AbortController().signal;
		const { context } = fakeExecuteFunctions({
			parameters: {
				retry: {
					maxAttempts: 3,
					initialDelayMs: 10,
					multiplier: 3,
					maxDelayMs: 100,
					jitter: 'none',
					attemptTimeoutMs: 2000,
					deadlineMs: 9000,
					neverRetryStatuses: '409, 503',
				},
			},
		});

		expect(readCallOptions(context, 0, signal)).toEqual({
			attemptTimeoutMs: 2000,
			deadlineMs: 9000,
			signal,
			policy: {
				maxAttempts: 3,
				initialDelayMs: 10,
				multiplier: 3,
				maxDelayMs: 100,
				jitter: 'none',
				neverRetryStatuses: [409, 503],
			},
		});
	});

	it('leaves unset fields undefined so the policy defaults apply', () => {
		const { context } = fakeExecuteFunctions({ parameters: { retry: {} } });
		const options = readCallOptions(context, 0, undefined);
		expect(options.policy).toEqual({
			maxAttempts: undefined,
			initialDelayMs: undefined,
			multiplier: undefined,
			maxDelayMs: undefined,
			jitter: undefined,
			neverRetryStatuses: undefined,
		});
	});

	it('refuses a Never Retry Statuses entry that is not an HTTP status, naming it', () => {
		const { context } = fakeExecuteFunctions({
			parameters: { retry: { neverRetryStatuses: '409, teapot' } },
		});
		expect(() => readCallOptions(context, 0, undefined)).toThrow(
			/Never Retry Statuses contains "teapot", which is not an HTTP status/,
		);
	});
});

describe('readSigning', () => {
	it('returns nothing when no signing credential is chosen', async () => {
		const { context } = fakeExecuteFunctions();
		await expect(readSigning(context)).resolves.toBeUndefined();
	});

	it('returns the secret and a trimmed Base URL, or no Base URL when it is empty', async () => {
		const withBase = fakeExecuteFunctions({
			credentials: {
				workflowCoordinationSigningApi: { secret: 's3cret', baseUrl: ' https://n8n.example ' },
			},
		});
		await expect(readSigning(withBase.context)).resolves.toEqual({
			secret: 's3cret',
			baseUrl: 'https://n8n.example',
		});
		const withoutBase = fakeExecuteFunctions({
			credentials: { workflowCoordinationSigningApi: { secret: 's3cret', baseUrl: '' } },
		});
		await expect(readSigning(withoutBase.context)).resolves.toEqual({
			secret: 's3cret',
			baseUrl: undefined,
		});
	});

	it('refuses a chosen credential whose secret is empty', async () => {
		const { context } = fakeExecuteFunctions({
			credentials: { workflowCoordinationSigningApi: { secret: '', baseUrl: '' } },
		});
		await expect(readSigning(context)).rejects.toThrow(/empty Shared Secret/);
	});
});
