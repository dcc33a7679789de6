// The files the workers serve that come from packages rather than from this repository: the API
// reference renderer (Scalar's standalone bundle). It is copied out of node_modules (git-ignored
// copies) before a worker starts, a test run begins or a bundle is checked, so a fresh clone needs
// nothing but `npm install`:
//   - into the orchestrator's static assets (public/vendor/), served before the worker runs;
//   - into sandbox/vendor/ as .txt, with the reference's page script (public/docs.js), which the
//     sandbox worker imports as text and serves itself: a worker with static assets has every
//     request pass an assets router first, which locally costs each upstream call the saga makes.

import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const require = createRequire(path.join(ROOT, "package.json"));

/** [source in node_modules, target under an assets directory] */
function vendored() {
	// The package exports no path to its browser bundle, so it is found beside its entry point.
	const scalar = path.join(
		path.dirname(require.resolve("@scalar/api-reference")),
		"browser",
		"standalone.js",
	);
	return [
		[scalar, path.join(ROOT, "public", "vendor", "scalar", "standalone.js")],
		[scalar, path.join(ROOT, "sandbox", "vendor", "scalar-standalone.txt")],
		[path.join(ROOT, "public", "docs.js"), path.join(ROOT, "sandbox", "vendor", "docs.txt")],
	];
}

/** Copies each vendored file whose copy is missing or differs (a few ms when up to date). */
export function vendorAssets() {
	for (const [source, target] of vendored()) {
		// Not by time: npm gives every file it unpacks the same old mtime.
		if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) continue;
		mkdirSync(path.dirname(target), { recursive: true });
		copyFileSync(source, target);
	}
}
