import { decodeBody } from '../../../lib/call/decode-body';

describe('decodeBody', () => {
	const json = { 'content-type': 'application/json; charset=utf-8' };

	it('parses a body that declares JSON', () => {
		expect(decodeBody({ status: 200, headers: json, text: '{"a":[1]}' })).toEqual({ a: [1] });
	});

	it('returns text for other types, for empty bodies and for JSON that does not parse', () => {
		expect(decodeBody({ status: 200, headers: { 'content-type': 'text/plain' }, text: '42' })).toBe(
			'42',
		);
		expect(decodeBody({ status: 200, headers: json, text: '' })).toBe('');
		expect(decodeBody({ status: 200, headers: json, text: '{oops' })).toBe('{oops');
	});
});
