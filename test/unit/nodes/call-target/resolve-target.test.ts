import { NodeOperationError } from 'n8n-workflow';

import { resolveTarget } from '../../../../nodes/shared/call-target';
import { fakeExecuteFunctions } from './fake-execute-functions';

function resolveWith(parameters: Record<string, unknown>, baseUrl?: string, restApiUrl?: string) {
	const { context } = fakeExecuteFunctions({ parameters, restApiUrl });
	return resolveTarget(context, 0, baseUrl);
}

describe('resolveTarget', () => {
	it("builds a path target on this n8n's webhook URL, read from the REST API URL", () => {
		expect(
			resolveWith(
				{ target: 'path', path: 'create-account' },
				undefined,
				'http://10.0.0.5:5700/rest',
			),
		).toEqual({ kind: 'http', url: 'http://10.0.0.5:5700/webhook/create-account', method: 'POST' });
	});

	it("builds a path target on the signing credential's Base URL when it has one", () => {
		expect(
			resolveWith(
				{ target: 'path', path: 'create-account', method: 'PUT' },
				'https://n8n.example/',
			),
		).toEqual({ kind: 'http', url: 'https://n8n.example/webhook/create-account', method: 'PUT' });
	});

	it('accepts a path typed with a leading slash or the /webhook/ prefix', () => {
		const target = resolveWith({ target: 'path', path: '/webhook/orders/new' });
		expect(target).toMatchObject({ url: 'http://127.0.0.1:5678/webhook/orders/new' });
	});

	it('refuses an empty path, naming Webhook Path', () => {
		expect(() => resolveWith({ target: 'path', path: '  ' })).toThrow(/Webhook Path is empty/);
	});

	it('keeps a webhook URL as given and refuses one that is not http(s)', () => {
		expect(resolveWith({ target: 'url', url: ' https://x.example/webhook/a?t=1 ' })).toEqual({
			kind: 'http',
			url: 'https://x.example/webhook/a?t=1',
			method: 'POST',
		});
		expect(() => resolveWith({ target: 'url', url: 'ftp://x.example/a' })).toThrow(
			/Webhook URL gives "ftp:\/\/x.example\/a", which is not an http\(s\) URL/,
		);
	});

	it('reads a workflow ID and refuses one with spaces or slashes', () => {
		expect(resolveWith({ target: 'workflow', workflowId: ' 3hUX1sYQm0u4cDkL ' })).toEqual({
			kind: 'workflow',
			workflowId: '3hUX1sYQm0u4cDkL',
		});
		expect(() => resolveWith({ target: 'workflow', workflowId: 'a/b c' })).toThrow(
			/Workflow ID "a\/b c" is not a workflow ID/,
		);
	});

	it('refuses a target kind an expression produced that is not one of the three', () => {
		const attempt = () => resolveWith({ target: 'queue' });
		expect(attempt).toThrow(NodeOperationError);
		expect(attempt).toThrow(/Target "queue" is not a target kind/);
	});
});
