import { CallFailedError } from '../../../lib/call';

/** The CallFailedError a call rejected with; fails the test if it resolved or threw anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<CallFailedError> {
	const error = await promise.then(
		() => undefined,
		(reason: unknown) => reason,
	);
	if (!(error instanceof CallFailedError)) {
		throw new Error(`expected a CallFailedError, got ${String(error)}`);
	}
	return error;
}
