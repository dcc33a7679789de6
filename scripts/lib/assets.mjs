// The static assets both workers serve that come from packages rather than from this
// repository: the API reference renderer (Scalar's standalone bundle). They are copied out of
// node_modules into each worker's assets directory (git-ignored) before a worker starts, a test
// run begins or a bundle is checked, so a fresh clone needs nothing but `npm install`.

import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
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
		[scalar, path.join(ROOT, "sandbox", "public", "vendor", "scalar", "standalone.js")],
	];
}

/** Copies each vendored file whose copy is missing or differs in size. Cheap when up to date. */
export function vendorAssets() {
	for (const [source, target] of vendored()) {
		if (existsSync(target) && statSync(target).size === statSync(source).size) continue;
		mkdirSync(path.dirname(target), { recursive: true });
		copyFileSync(source, target);
	}
}
