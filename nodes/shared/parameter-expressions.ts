import type { INode } from 'n8n-workflow';

/**
 * Whether any of the named parameters holds an expression, as stored in the workflow (a string
 * starting with `=`, at any depth of a collection). A plain value is the same for every item, so
 * the node reads it once instead of once per branch: reading goes through n8n's expression
 * engine per item (about 0.4 ms each on the default engine), which a 1,000-branch run would feel.
 */
export function hasExpression(node: INode, parameterNames: readonly string[]): boolean {
	return parameterNames.some((name) => containsExpression(node.parameters[name]));
}

/** Whether a stored parameter value holds an expression anywhere (a string starting with `=`). */
export function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') {
		return Object.values(value).some(containsExpression);
	}
	return false;
}

/**
 * Reads a value once per item when its parameters hold an expression, and once in all otherwise.
 * Fan Out with List Field makes every branch from the first item, so an expression is read once.
 * @returns a function of the item index; a read that throws throws again on the next call.
 */
export function perItemOrOnce<T>(
	node: INode,
	parameterNames: readonly string[],
	read: (itemIndex: number) => T,
): (itemIndex: number) => T {
	const perItem = hasExpression(node, parameterNames);
	const cache = new Map<number, T>();
	return (itemIndex) => {
		const key = perItem ? itemIndex : 0;
		if (!cache.has(key)) cache.set(key, read(key));
		return cache.get(key) as T;
	};
}
