import type { IncomingMessage, ServerResponse } from 'node:http';

import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { HEADERS } from '../../lib/protocol/headers';
import { sharedStateStore, type StateStore } from '../../lib/state';
import { resolveStoreLocation } from '../shared/state-location';
import { admitCall } from './admit-call';
import { refusal, sendAnswer, type CallAnswer } from './call-answers';
import { callLog, type CallLog } from './call-log';
import { callScope, scopedKey } from './call-scope';
import { classifyRequest, type IncomingCall } from './classify-request';
import { claimIdempotencyKey, type IdempotencyClaim } from './idempotency/claims';
import { readTriggerSettings, type TriggerSettings } from './read-settings';
import { resolvePayload } from './resolve-payload';
import { captureResponse, type CapturedAnswer } from './response-capture';
import { startWorkflow } from './start-workflow';

/**
 * One incoming call, step by step: read its headers, check its signature and that it is not a
 * replay, claim its idempotency key (or answer from the first call with that key), fetch a body
 * sent by reference, then start the workflow. Every refusal is answered here and starts nothing.
 */
export async function receiveCall(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = await readTriggerSettings(context);
	const request: IncomingMessage = context.getRequestObject();
	const response: ServerResponse = context.getResponseObject();

	const classified = classifyRequest(request.headers);
	const correlationId = classified.accepted
		? classified.call.correlationId
		: classified.correlationId;
	response.setHeader(HEADERS.correlationId, correlationId);
	const log = callLog(context, correlationId);
	if (!classified.accepted) return answerWithoutRunning(response, classified.answer, log);

	try {
		return await runAdmittedSteps(context, settings, classified.call, log);
	} catch (error) {
		// The store is the only thing these steps reach over a connection or a file lock.
		log.error('the state store failed; the call was refused with 503', {
			error: error instanceof Error ? error.message : String(error),
		});
		return answerWithoutRunning(response, storeUnavailable(), log);
	}
}

async function runAdmittedSteps(
	context: IWebhookFunctions,
	settings: TriggerSettings,
	call: IncomingCall,
	log: CallLog,
): Promise<IWebhookResponseData> {
	const request: IncomingMessage = context.getRequestObject();
	const response: ServerResponse = context.getResponseObject();
	const openStore = lazyStateStore(context, log);
	const scope = callScope(
		context.getWorkflow().id ?? '',
		settings.path,
		context.getMode() === 'manual',
	);

	const refused = await admitCall({ request, call, settings, scope, openStore, log });
	if (refused) return answerWithoutRunning(response, refused, log);

	if (settings.deduplicate && call.idempotencyKey !== null) {
		const claimed = await claimIdempotencyKey(
			await openStore(),
			scopedKey(scope, call.idempotencyKey),
			call.correlationId,
			{
				retentionSeconds: settings.answerRetentionSeconds,
				leaseSeconds: settings.claimLeaseSeconds,
				waitForRunningMs: settings.duplicateWaitSeconds * 1000,
			},
		);
		if (claimed.kind === 'answered') {
			log.info(
				claimed.replayed ? 'answered a duplicate from the first call' : 'duplicate still running',
				{
					idempotencyKey: call.idempotencyKey,
					status: claimed.answer.status,
				},
			);
			return answerWithoutRunning(response, claimed.answer, log);
		}
		// From here on, whatever answer ends the response settles the claim, ours or n8n's.
		captureResponse(response, (answer) => void settleClaim(claimed.claim, answer, log));
	}

	const payload = await resolvePayload(context.getBodyData(), openStore);
	if (!payload.resolved) return answerWithoutRunning(response, payload.answer, log);

	log.debug('call accepted', {
		idempotencyKey: call.idempotencyKey,
		respondAsync: call.respondAsync,
		payloadReference: payload.reference?.key,
	});
	return startWorkflow(response, call, payload.body, settings.responseMode);
}

function answerWithoutRunning(
	response: ServerResponse,
	answer: CallAnswer,
	log: CallLog,
): IWebhookResponseData {
	if (answer.status >= 400)
		log.info('call refused', { status: answer.status, error: answer.body?.error });
	sendAnswer(response, answer);
	return { noWebhookResponse: true };
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

/** Opens the store on first use only: an unsigned call without an idempotency key never needs it. */
function lazyStateStore(context: IWebhookFunctions, log: CallLog): () => Promise<StateStore> {
	let store: Promise<StateStore> | undefined;
	return async () => {
		store ??= resolveStoreLocation(context).then((location) =>
			sharedStateStore(location, (error) =>
				log.error('the state store reported an error', { error: error.message }),
			),
		);
		return await store;
	};
}

function storeUnavailable(): CallAnswer {
	return refusal(
		503,
		'store_unavailable',
		undefined,
		'The Coordination Trigger could not reach its state store (used for signatures, idempotency keys and large payloads). Try again shortly.',
		{ 'retry-after': '5' },
	);
}
