import type { IncomingMessage, ServerResponse } from 'node:http';

import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { HEADERS } from '../../lib/protocol/headers';
import { sharedStateStore, type StateStore } from '../../lib/state';
import { resolveStoreLocation } from '../shared/state-location';
import { admitCall } from './admit-call';
import { refusal, sendAnswer, type CallAnswer } from './call-answers';
import { callLog, type CallLog } from './call-log';
import { callScope } from './call-scope';
import { classifyRequest, type IncomingCall } from './classify-request';
import { deduplicateCall } from './idempotency/deduplicate-call';
import { readTriggerSettings, type TriggerSettings } from './read-settings';
import { resolvePayload } from './resolve-payload';
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
	const openStore = lazyStateStore(context);
	const scope = callScope(
		context.getWorkflow().id ?? '',
		settings.path,
		context.getMode() === 'manual',
	);

	const refused = await admitCall({ request, call, settings, scope, openStore, log });
	if (refused) return answerWithoutRunning(response, refused, log);

	const { idempotencyKey } = call;
	if (settings.deduplicate && idempotencyKey !== null) {
		const duplicateAnswer = await deduplicateCall({
			store: await openStore(),
			scope,
			call: { ...call, idempotencyKey },
			settings,
			response,
			log,
		});
		if (duplicateAnswer) return answerWithoutRunning(response, duplicateAnswer, log);
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

/** Opens the store on first use only: an unsigned call without an idempotency key never needs it. */
function lazyStateStore(context: IWebhookFunctions): () => Promise<StateStore> {
	let store: Promise<StateStore> | undefined;
	// The listener outlives this call (the store is shared by the process), so it logs no call's ID.
	const onError = (error: Error): void =>
		context.logger.error('CoordinationTrigger: the state store reported an error', {
			error: error.message,
		});
	return async () => {
		store ??= resolveStoreLocation(context).then((location) => sharedStateStore(location, onError));
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
