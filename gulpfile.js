// Copies what tsc does not emit (node and credential icons) into dist, next to the compiled files
// that reference them. Each task returns its stream or promise so gulp waits for it to finish.
const { rm } = require('node:fs/promises');
const { src, dest, series } = require('gulp');

function clean() {
	return rm('dist', { recursive: true, force: true });
}

function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.clean = clean;
exports['build:icons'] = copyIcons;
exports.default = series(clean, copyIcons);
