import { createHash } from 'node:crypto';

// Leaves room in the store's 512-character keys for a 200-character idempotency key.
const MAX_SCOPE_LENGTH = 280;

/**
 * What replay and deduplication records are scoped to: one workflow's webhook path, and separately
 * its test URL, so a key used while testing in the editor does not answer a production call.
 * An unusually long path is replaced by its hash to keep store keys within bounds.
 */
export function callScope(workflowId: string, path: string, testing: boolean): string {
	const scope = `${workflowId}/${path}${testing ? '#test' : ''}`;
	if (scope.length <= MAX_SCOPE_LENGTH) return scope;
	return `${workflowId}/sha256:${createHash('sha256').update(scope).digest('hex')}`;
}

/** A store key under a scope: `<scope>|<key>`. */
export function scopedKey(scope: string, key: string): string {
	return `${scope}|${key}`;
}
