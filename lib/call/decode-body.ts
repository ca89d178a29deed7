import type { RawResponse } from './transport';
import type { JsonValue } from './types';

/**
 * The answer's body as the caller wants it: parsed when the answer declares JSON, the text
 * otherwise. A body that declares JSON but does not parse is returned as text rather than
 * failing a call that succeeded; the receiver's mistake should not lose its answer.
 */
export function decodeBody(response: RawResponse): JsonValue {
	const contentType = response.headers['content-type'] ?? '';
	if (!/\bjson\b/i.test(contentType) || response.text.trim() === '') return response.text;

	try {
		return JSON.parse(response.text) as JsonValue;
	} catch {
		return response.text;
	}
}
