import type { IncomingMessage } from 'node:http';

import type { StateStore } from '../../lib/state';
import { refusal, type CallAnswer } from './call-answers';
import type { IncomingCall } from './classify-request';
import type { CallLog } from './call-log';
import { guardAgainstReplay } from './replay-guard';
import type { TriggerSettings } from './read-settings';
import { verifyCallSignature } from './verify-call-signature';

/** Everything {@link admitCall} looks at. */
export interface AdmissionInput {
	request: IncomingMessage;
	call: IncomingCall;
	settings: TriggerSettings;
	scope: string;
	openStore: () => Promise<StateStore>;
	log: CallLog;
}

/**
 * Lets a call through, or returns the 401 that refuses it: without a signing credential every
 * call is admitted; with one, the signature must verify and must not have been used before.
 */
export async function admitCall(input: AdmissionInput): Promise<CallAnswer | undefined> {
	const { settings, call } = input;
	if (!settings.signing) return undefined;

	const check = verifyCallSignature(
		input.request,
		settings.signing.secret,
		settings.signatureToleranceSeconds,
	);
	if (!check.valid) {
		input.log.warn('signature refused', { reason: check.reason });
		return check.answer;
	}

	const verdict = await guardAgainstReplay({
		store: await input.openStore(),
		scope: input.scope,
		signature: check.signature,
		toleranceSeconds: settings.signatureToleranceSeconds,
		idempotencyKey: call.idempotencyKey,
		deduplicating: settings.deduplicate,
	});
	if (verdict === 'replayed') {
		input.log.warn('signature refused', { reason: 'replayed' });
		return refusal(
			401,
			'invalid_signature',
			'replayed',
			'This signature was already used. Every call, and every retry of a call without an idempotency key, must be signed anew.',
		);
	}
	if (verdict === 'retryOfSameKey')
		input.log.debug('signature repeated by a retry of the same key');
	return undefined;
}
