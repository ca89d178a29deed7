import type { INodeProperties } from 'n8n-workflow';

/**
 * The defaults of the trigger's Options collection, for the reader. The description below spells
 * them out as literals, which n8n's lint rules require; a unit test keeps the two equal.
 */
export const OPTION_DEFAULTS = {
	deduplicate: true,
	answerRetentionSeconds: 24 * 3600,
	claimLeaseSeconds: 600,
	duplicateWaitSeconds: 10,
	signatureToleranceSeconds: 300,
} as const;

/** The Options collection: deduplication and signature-window settings. */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Claim Lease (Seconds)',
			name: 'claimLeaseSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 600,
			description:
				'How long a running call holds its idempotency key if n8n stops before it answers. Set it above the longest run of this workflow.',
		},
		{
			displayName: 'Deduplicate by Idempotency Key',
			name: 'deduplicate',
			type: 'boolean',
			default: true,
			description:
				'Whether a call that repeats the Idempotency-Key header of an earlier call gets that call’s answer instead of running the workflow again',
		},
		{
			displayName: 'Keep Answers For (Seconds)',
			name: 'answerRetentionSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 86400,
			description:
				'How long a successful answer is kept and replayed to calls with the same idempotency key',
		},
		{
			displayName: 'Signature Window (Seconds)',
			name: 'signatureToleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description:
				'How far the signature timestamp may be from this n8n’s clock, either way. Only used with a signing credential.',
		},
		{
			displayName: 'Wait for Running Duplicate (Seconds)',
			name: 'duplicateWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 10,
			description:
				'How long a repeated call waits for the first one to answer before it gets 409 with Retry-After. 0 answers 409 at once.',
		},
	],
};
