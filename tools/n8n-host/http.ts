/** Options for one JSON request to n8n. */
export interface JsonRequest {
	method?: string;
	headers?: Record<string, string>;
	body?: unknown;
	/** @default 30000 */
	timeoutMs?: number;
}

/** A parsed answer: status, headers and the body (JSON when it parses, text otherwise). */
export interface JsonResponse<T = unknown> {
	status: number;
	headers: Headers;
	body: T;
	text: string;
}

/** Sends a request and parses the body, whatever the status: callers decide what is an error. */
export async function requestJson<T = unknown>(
	url: string,
	request: JsonRequest = {},
): Promise<JsonResponse<T>> {
	const response = await fetch(url, {
		method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
		headers: {
			accept: 'application/json',
			...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
			...request.headers,
		},
		body: request.body === undefined ? undefined : JSON.stringify(request.body),
		signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = text.length > 0 ? JSON.parse(text) : undefined;
	} catch {
		// Not JSON (an HTML error page, plain text): the text is the body.
	}
	return { status: response.status, headers: response.headers, body: body as T, text };
}

/** @throws Error with the method, URL, status and the start of the body when the status is not 2xx. */
export async function requestJsonOk<T = unknown>(
	url: string,
	request: JsonRequest = {},
): Promise<JsonResponse<T>> {
	const response = await requestJson<T>(url, request);
	if (response.status < 200 || response.status >= 300) {
		throw new Error(
			`${request.method ?? (request.body === undefined ? 'GET' : 'POST')} ${url} answered ${response.status}: ${response.text.slice(0, 500)}`,
		);
	}
	return response;
}
