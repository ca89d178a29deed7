import type { ServerResponse } from 'node:http';

import type { StateStore } from '../../../lib/state';
import type { CallAnswer } from '../call-answers';
import type { CallLog } from '../call-log';
import { scopedKey } from '../call-scope';
import type { IncomingCall } from '../classify-request';
import type { TriggerSettings } from '../read-settings';
import { captureResponse, type CapturedAnswer } from '../response-capture';
import { claimIdempotencyKey, type IdempotencyClaim } from './claims';

/** Everything {@link deduplicateCall} needs. */
export interface DeduplicationInput {
	store: StateStore;
	scope: string;
	call: IncomingCall & { idempotencyKey: string };
	settings: TriggerSettings;
	response: ServerResponse;
	log: CallLog;
}

/**
 * Claims the call's idempotency key, or returns the answer a duplicate gets (the first call's
 * recorded answer, or 409). Once claimed, whatever answer ends the response, the trigger's own or
 * n8n's, is recorded against the key.
 */
export async function deduplicateCall(input: DeduplicationInput): Promise<CallAnswer | undefined> {
	const { call, settings, log } = input;
	const claimed = await claimIdempotencyKey(
		input.store,
		scopedKey(input.scope, call.idempotencyKey),
		call.correlationId,
		{
			retentionSeconds: settings.answerRetentionSeconds,
			leaseSeconds: settings.claimLeaseSeconds,
			waitForRunningMs: settings.duplicateWaitSeconds * 1000,
		},
	);
	if (claimed.kind === 'answered') {
		const what = claimed.replayed ? 'answered a duplicate from the first call' : 'duplicate busy';
		log.info(what, { idempotencyKey: call.idempotencyKey, status: claimed.answer.status });
		return claimed.answer;
	}

	captureResponse(input.response, (answer) => void settleClaim(claimed.claim, answer, log));
	return undefined;
}

async function settleClaim(
	claim: IdempotencyClaim,
	answer: CapturedAnswer,
	log: CallLog,
): Promise<void> {
	try {
		const state = await claim.settle(answer);
		if (state === 'lost') {
			log.warn('the idempotency claim ran out before the answer; raise Claim Lease', {
				status: answer.status,
			});
		}
	} catch (error) {
		log.error('recording the answer for the idempotency key failed', {
			status: answer.status,
			error: error instanceof Error ? error.message : String(error),
		});
	}
}
