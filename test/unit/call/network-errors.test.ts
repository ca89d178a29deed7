import { networkErrorCode } from '../../../lib/call/network-errors';

describe('networkErrorCode', () => {
	it('takes the code a Node error carries', () => {
		expect(networkErrorCode(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe('EPIPE');
	});

	it('reads a code-less "socket hang up" as ECONNRESET', () => {
		expect(networkErrorCode(new Error('socket hang up'))).toBe('ECONNRESET');
	});

	it('says UNKNOWN for anything else', () => {
		expect(networkErrorCode(new Error('boom'))).toBe('UNKNOWN');
		expect(networkErrorCode('a string')).toBe('UNKNOWN');
	});
});
