import { PostgresStateError } from './errors';

/** A failure told for the person building the workflow: what happened, and what to check. */
export interface DescribedPostgresError {
	message: string;
	description: string;
}

interface ErrorFields {
	code?: string;
	message: string;
	address?: string;
	port?: number;
	hostname?: string;
}

/**
 * Turns an error from the driver or the server into plain words: a refused connection, an unknown
 * host, a timeout, wrong credentials, a missing database or a missing privilege each say what to
 * check. Anything else keeps the server's message.
 */
export function describePostgresError(error: unknown): DescribedPostgresError {
	if (error instanceof PostgresStateError) {
		return { message: error.message, description: error.description };
	}
	const fields = errorFields(error);
	return (
		describeByCode(fields) ??
		describeByMessage(fields) ?? {
			message: `PostgreSQL reported an error: ${fields.message}`,
			description: 'Check the credential and that the database is reachable and healthy.',
		}
	);
}

function describeByCode(error: ErrorFields): DescribedPostgresError | undefined {
	const where = error.address ? ` at ${error.address}${error.port ? `:${error.port}` : ''}` : '';
	switch (error.code) {
		case 'ECONNREFUSED':
			return {
				message: `Could not connect to PostgreSQL${where}: the connection was refused`,
				description:
					'Check that PostgreSQL is running and that Host and Port in the credential point at it (the default port is 5432).',
			};
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {
				message: `Could not find the PostgreSQL host${error.hostname ? ` "${error.hostname}"` : ''}`,
				description:
					'Check Host in the credential for typos, and that this machine can resolve it.',
			};
		case 'ETIMEDOUT':
			return timeout();
		case 'ECONNRESET':
		case '57P01':
		case '57P03':
			return {
				message: 'The connection to PostgreSQL was closed by the server or the network',
				description:
					'The server may be restarting or a proxy may be dropping connections; try again, and check the server log if it persists.',
			};
		case '28P01':
			return {
				message: 'PostgreSQL rejected the user name or password',
				description: 'Check User and Password in the credential.',
			};
		case '28000':
			return {
				message: `PostgreSQL does not allow this connection: ${error.message}`,
				description:
					'Check User in the credential, and that the server allows this user from this host (pg_hba.conf) with the chosen SSL setting.',
			};
		case '3D000':
			return {
				message: `The database does not exist: ${error.message}`,
				description: 'Check Database in the credential, or create the database first.',
			};
		case '42501':
			return {
				message: `The PostgreSQL user lacks a privilege: ${error.message}`,
				description:
					'Grant the user USAGE and CREATE on the schema and SELECT, INSERT, UPDATE, DELETE on the state table, or let an administrator create the table once.',
			};
		case '53300':
			return {
				message: 'PostgreSQL has no free connections',
				description:
					"Lower the pool size, close idle clients, or raise the server's max_connections.",
			};
		default:
			return undefined;
	}
}

function describeByMessage(error: ErrorFields): DescribedPostgresError | undefined {
	const text = error.message.toLowerCase();
	if (text.includes('timeout') || text.includes('timed out')) {
		return timeout();
	}
	if (text.includes('does not support ssl')) {
		return {
			message: 'The PostgreSQL server does not accept SSL connections',
			description: 'Set SSL in the credential to Disable, or enable SSL on the server.',
		};
	}
	if (text.includes('certificate')) {
		return {
			message: `The server's SSL certificate was not accepted: ${error.message}`,
			description:
				'Use a certificate valid for Host, or choose the SSL setting that does not verify certificates.',
		};
	}
	if (text.includes('connection terminated')) {
		return describeByCode({ ...error, code: 'ECONNRESET' });
	}
	return undefined;
}

function timeout(): DescribedPostgresError {
	return {
		message: 'Connecting to PostgreSQL timed out',
		description:
			'Check Host and Port, and that no firewall drops the connection; a busy server may also need more time.',
	};
}

// Node reports a failed connection to every address of a host as an AggregateError; its first
// inner error carries the code and address.
function errorFields(error: unknown): ErrorFields {
	const inner = error instanceof AggregateError ? error.errors[0] : undefined;
	const withAddress = field(error, 'address') === undefined ? inner : error;
	const port = field(withAddress, 'port');
	return {
		code: text(field(error, 'code') ?? field(inner, 'code')),
		message: text(field(error, 'message')) || text(field(inner, 'message')) || String(error),
		address: text(field(withAddress, 'address')),
		port: typeof port === 'number' ? port : undefined,
		hostname: text(field(error, 'hostname') ?? field(inner, 'hostname')),
	};
}

function field(value: unknown, name: string): unknown {
	return typeof value === 'object' && value !== null
		? (value as Record<string, unknown>)[name]
		: undefined;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
