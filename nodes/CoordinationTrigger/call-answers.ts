import type { ServerResponse } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

/** An answer the trigger sends itself, before or instead of n8n's. */
export interface CallAnswer {
	status: number;
	/** Sent as JSON unless `rawBody` is set. */
	body?: IDataObject;
	/** Exact bytes and content type, for replaying a recorded answer. */
	rawBody?: { bytes: Buffer; contentType: string | null };
	headers?: Record<string, string>;
}

/**
 * A refusal in the one shape every Coordination Trigger error has:
 * `{ error, reason?, message }`, where `error` is stable for programs and `message` for people.
 */
export function refusal(
	status: number,
	error: string,
	reason: string | undefined,
	message: string,
	headers?: Record<string, string>,
): CallAnswer {
	const body: IDataObject = reason === undefined ? { error, message } : { error, reason, message };
	return { status, body, headers };
}

/**
 * Writes an answer on the raw response. Node's own API, not Express's: the response object n8n
 * hands to webhook nodes is typed loosely, and these few calls are all that is needed.
 */
export function sendAnswer(response: ServerResponse, answer: CallAnswer): void {
	if (response.headersSent) return;
	response.statusCode = answer.status;
	for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);

	if (answer.rawBody) {
		if (answer.rawBody.contentType) response.setHeader('content-type', answer.rawBody.contentType);
		response.end(answer.rawBody.bytes);
		return;
	}
	response.setHeader('content-type', 'application/json; charset=utf-8');
	response.end(JSON.stringify(answer.body ?? {}));
}
