import type { CallAnswer } from '../call-answers';
import type { RecordedAnswer } from './claim-state';

/** Set on every answer replayed from the first call with the same idempotency key. */
export const REPLAY_HEADER = 'x-wfc-idempotent-replay';

/** The recorded answer, byte for byte, marked as a replay. */
export function replayAnswer(recorded: RecordedAnswer): CallAnswer {
	const headers = { [REPLAY_HEADER]: 'true' };
	if (recorded.bodyOmitted) {
		return {
			status: recorded.status,
			headers,
			body: {
				message:
					'This call repeats an earlier one with the same idempotency key. Its answer was too large to keep, so only its status is repeated.',
			},
		};
	}
	return {
		status: recorded.status,
		headers,
		rawBody: {
			bytes: Buffer.from(recorded.body, recorded.bodyEncoding),
			contentType: recorded.contentType,
		},
	};
}
