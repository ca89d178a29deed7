import { networkErrorCode } from './network-errors';
import { sendRequest, type OutgoingRequest, type RawResponse } from './transport';

/** How one attempt ended. Never an exception: the retry loop decides what each case means. */
export type AttemptOutcome =
	| { kind: 'answered'; response: RawResponse }
	| { kind: 'timeout'; cause: unknown }
	| { kind: 'network'; errorCode: string; cause: unknown }
	/** The call's own signal fired (deadline or cancellation) while the attempt was in flight. */
	| { kind: 'stopped'; cause: unknown };

/**
 * Sends one attempt and aborts it when its own timeout passes or when `callSignal` fires,
 * whichever comes first.
 */
export async function runAttempt(
	request: OutgoingRequest,
	timeoutMs: number,
	callSignal: AbortSignal,
): Promise<AttemptOutcome> {
	const controller = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort('timeout');
	}, timeoutMs);
	const onCallStop = () => controller.abort(callSignal.reason);
	callSignal.addEventListener('abort', onCallStop, { once: true });
	if (callSignal.aborted) onCallStop();

	try {
		return { kind: 'answered', response: await sendRequest(request, controller.signal) };
	} catch (error) {
		if (callSignal.aborted) return { kind: 'stopped', cause: error };
		if (timedOut) return { kind: 'timeout', cause: error };
		return { kind: 'network', errorCode: networkErrorCode(error), cause: error };
	} finally {
		clearTimeout(timer);
		callSignal.removeEventListener('abort', onCallStop);
	}
}
