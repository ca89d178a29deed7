#!/usr/bin/env node
// Makes a fresh clone runnable: installs the dev dependencies when node_modules is missing or older
// than package.json / package-lock.json, then makes sure the "node" dev dependency has put its Node 24
// binary in node_modules/.bin, where every npm script picks it up ahead of the system's Node.
// Plain CommonJS on purpose: it runs before any dependency exists, possibly on the system's Node 20.
'use strict';

const { createHash } = require('node:crypto');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lockFile = path.join(root, 'package-lock.json');
const stampFile = path.join(root, 'node_modules', '.bootstrap-stamp');
const bundledNode = path.join(root, 'node_modules', '.bin', 'node');
const REQUIRED_NODE_MAJOR = 24;

// Only the fields that change what npm installs: editing the "n8n" block or a script must not
// trigger a reinstall (and git worktrees that share one node_modules must agree on it).
const INSTALL_FIELDS = [
	'dependencies',
	'devDependencies',
	'peerDependencies',
	'optionalDependencies',
	'overrides',
];

function lockFingerprint() {
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const installed = INSTALL_FIELDS.map((field) => manifest[field] ?? null);
	const lock = fs.existsSync(lockFile) ? fs.readFileSync(lockFile) : Buffer.alloc(0);
	return createHash('sha256').update(JSON.stringify(installed)).update(lock).digest('hex');
}

function installedFingerprint() {
	try {
		return fs.readFileSync(stampFile, 'utf8').trim();
	} catch {
		return undefined;
	}
}

function installDependencies() {
	const command = fs.existsSync(lockFile) ? 'ci' : 'install';
	process.stderr.write(`bootstrap: dependencies missing or stale, running "npm ${command}"\n`);
	runNpm([command, '--ignore-scripts', '--no-audit', '--no-fund']);
	fs.writeFileSync(stampFile, lockFingerprint() + '\n');
}

function runNpm(args) {
	const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		process.stderr.write(
			`bootstrap: "npm ${args.join(' ')}" failed (exit ${result.status}). ` +
				'Check that the npm registry is reachable and run the same command yourself to see why.\n',
		);
		process.exit(1);
	}
}

// .npmrc turns install scripts off; the "node" package's own script is the one that downloads the
// platform binary, so it is run here on its own.
function installBundledNode() {
	process.stderr.write('bootstrap: fetching the Node 24 binary ("npm rebuild node")\n');
	runNpm(['rebuild', 'node', '--ignore-scripts=false']);
}

function checkBundledNode() {
	if (!fs.existsSync(bundledNode)) installBundledNode();
	if (!fs.existsSync(bundledNode)) {
		process.stderr.write(
			`bootstrap: ${bundledNode} is still missing after "npm rebuild node". ` +
				'Run "npm rebuild node --ignore-scripts=false --foreground-scripts" and read its output.\n',
		);
		process.exit(1);
	}
	const version = execFileSync(bundledNode, ['--version'], { encoding: 'utf8' }).trim();
	const major = Number(version.replace(/^v/, '').split('.')[0]);
	if (major !== REQUIRED_NODE_MAJOR) {
		process.stderr.write(
			`bootstrap: node_modules/.bin/node is ${version}, expected Node ${REQUIRED_NODE_MAJOR}. ` +
				'Delete node_modules and run this command again.\n',
		);
		process.exit(1);
	}
}

if (installedFingerprint() !== lockFingerprint()) installDependencies();
checkBundledNode();
