// `npm run deploy:check`: bundles the production worker without deploying it
// (`wrangler deploy --dry-run --env production`) and fails when it is not fit to ship:
//   - its gzip size is over 512 KiB (raw and gzip sizes are printed either way);
//   - any module of the sandbox (sandbox/) is in the bundle;
//   - any production var points at loopback (127.x, localhost, ::1, 0.0.0.0).
// Options: --config <wrangler.toml> (default: the repository's), --env <name> (production).
// Nothing reaches Cloudflare: a dry run bundles locally.

import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { vendorAssets } from "./lib/assets.mjs";
import { ROOT, wranglerBin, wranglerEnv } from "./lib/workers.mjs";

const LIMIT_GZIP_BYTES = 512 * 1024;

const { values: args } = parseArgs({
	options: { config: { type: "string" }, env: { type: "string", default: "production" } },
});
const configPath = path.resolve(args.config ?? path.join(ROOT, "wrangler.toml"));
const problems = [];

/** Whether a value names a loopback address (as a URL's host, or bare). */
function isLoopback(value) {
	let host = value;
	try {
		host = new URL(value).hostname;
	} catch {}
	host = host.replace(/^\[|\]$/g, "").toLowerCase();
	return (
		host === "localhost" ||
		host.endsWith(".localhost") ||
		/^127\./.test(host) ||
		host === "::1" ||
		host === "0.0.0.0"
	);
}

const { unstable_readConfig } = await import("wrangler");
const config = unstable_readConfig({ config: configPath, env: args.env }, { hideWarnings: true });
for (const [name, value] of Object.entries(config.vars ?? {})) {
	if (typeof value === "string" && isLoopback(value))
		problems.push(`var ${name} points at loopback: ${value}`);
}

// The assets a deploy uploads include the vendored API reference renderer.
vendorAssets();
const outdir = mkdtempSync(path.join(tmpdir(), "deploy-check-"));
try {
	const code = await new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[wranglerBin(), "deploy", "--dry-run", "--env", args.env, "--config", configPath, "--outdir", outdir],
			{
				cwd: path.dirname(configPath),
				env: wranglerEnv({ FORCE_COLOR: "0" }),
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		let output = "";
		child.stdout.on("data", (chunk) => {
			output += chunk;
		});
		child.stderr.on("data", (chunk) => {
			output += chunk;
		});
		child.on("exit", (exit) => {
			if (exit !== 0) console.error(output.trim());
			resolve(exit);
		});
	});
	if (code !== 0) {
		problems.push(`wrangler deploy --dry-run --env ${args.env} failed (exit ${code})`);
	} else {
		const modules = readdirSync(outdir).filter((f) => /\.(m?js|wasm)$/.test(f));
		let raw = 0;
		let gzip = 0;
		for (const file of modules) {
			const bytes = readFileSync(path.join(outdir, file));
			raw += statSync(path.join(outdir, file)).size;
			gzip += gzipSync(bytes, { level: 9 }).length;
		}
		const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
		console.log(
			`bundle: ${modules.length} module(s), ${kib(raw)} raw, ${kib(gzip)} gzip (limit ${kib(LIMIT_GZIP_BYTES)})`,
		);
		if (gzip > LIMIT_GZIP_BYTES)
			problems.push(`the bundle is ${kib(gzip)} gzipped, over ${kib(LIMIT_GZIP_BYTES)}`);
		// The source map lists every module bundled; none may come from the sandbox.
		for (const map of readdirSync(outdir).filter((f) => f.endsWith(".map"))) {
			const { sources = [] } = JSON.parse(readFileSync(path.join(outdir, map), "utf8"));
			const sandbox = sources.filter((source) => /(^|\/)sandbox\//.test(source.replaceAll("\\", "/")));
			if (sandbox.length > 0)
				problems.push(`sandbox modules in the bundle: ${sandbox.slice(0, 5).join(", ")}`);
		}
	}
} finally {
	rmSync(outdir, { recursive: true, force: true });
}

if (problems.length > 0) {
	for (const problem of problems) console.error(`deploy:check: ${problem}`);
	process.exit(1);
}
console.log(
	`deploy:check: the ${args.env} bundle is fit to deploy (${path.relative(ROOT, configPath) || configPath})`,
);
