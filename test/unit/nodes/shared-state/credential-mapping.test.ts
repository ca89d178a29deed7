import { postgresConnectionFromCredential } from '../../../../nodes/shared/state-location';

describe("n8n's Postgres credential -> store connection", () => {
	const base = { host: 'db', port: 6543, database: 'app', user: 'u', password: 'p' };

	it("connects the way n8n's Postgres node does: SSL require and allow check the certificate", () => {
		expect(postgresConnectionFromCredential({ ...base, ssl: 'require' }).ssl).toBe('verify');
		expect(postgresConnectionFromCredential({ ...base, ssl: 'allow' }).ssl).toBe('verify');
		expect(postgresConnectionFromCredential({ ...base, ssl: 'disable' }).ssl).toBe('disable');
	});

	it('Ignore SSL Issues means TLS without checking the certificate, whatever SSL says', () => {
		expect(
			postgresConnectionFromCredential({ ...base, ssl: 'disable', allowUnauthorizedCerts: true })
				.ssl,
		).toBe('require');
	});

	it('keeps host, port, database, user, password and the pool size', () => {
		expect(postgresConnectionFromCredential({ ...base, maxConnections: 7 })).toEqual({
			...base,
			ssl: 'disable',
			maxConnections: 7,
		});
	});

	it('refuses an SSH tunnel in plain words rather than connecting somewhere else', () => {
		expect(() => postgresConnectionFromCredential({ ...base, sshTunnel: true })).toThrow(
			/SSH tunnel/,
		);
	});
});
