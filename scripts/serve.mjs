// `node scripts/serve.mjs --config <wrangler.toml> --port <n> --persist-to <dir> [...]`: runs one
// worker locally on Miniflare (the workerd-based runtime `wrangler dev` uses), straight on its
// port. The worker is bundled by `wrangler deploy --dry-run` and configured from its wrangler.toml
// and .dev.vars exactly as `wrangler dev` would (bindings, Durable Objects, D1, Queues, rate
// limits), with state kept under <persist-to>/v3, the layout `wrangler dev --persist-to` and
// `wrangler d1 ... --local --persist-to` use.
//
// Why not `wrangler dev` itself: it puts a proxy worker (a second workerd process, one Durable
// Object hop) in front of the worker, for its reload and remote modes. Measured here, that proxy
// costs about 3 ms per request at concurrency 1 and halves a worker's requests per second, and a
// booking crosses it on every hop between the orchestrator and its upstreams.
//
// Options (the `wrangler dev` flags the runners used):
//   --config <path>         the worker's wrangler.toml
//   --ip <host>             where to listen (127.0.0.1)
//   --port <n>              the worker's port
//   --inspector-port <n>    Chrome DevTools / V8 inspector for the worker (off without it)
//   --persist-to <dir>      local state (DO storage and alarms, D1, queues, rate limits)
//   --var NAME:value        a binding value over [vars] and .dev.vars (repeatable)
//   --log-level <level>     none, error, warn, info, log, debug (default: WRANGLER_LOG, else log)
//   --no-access-log         no Miniflare access line per request (the worker logs its own)
//
// Source changes (the entry's directory, the config, .dev.vars) rebuild and reload the worker;
// its state stays. SIGINT/SIGTERM stop it and exit 0.

import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, watch } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { onParentExit } from "./lib/parent.mjs";
import { wranglerBin, wranglerEnv } from "./lib/workers.mjs";

// The Miniflare wrangler itself depends on, so options built by wrangler always fit it.
const wranglerPackage = createRequire(import.meta.url).resolve("wrangler/package.json");
const { Miniflare, Log, LogLevel, convertV4MiniflareOptions } = createRequire(wranglerPackage)("miniflare");
const { unstable_getMiniflareWorkerOptions, unstable_readConfig } = await import("wrangler");

const { values: args } = parseArgs({
	options: {
		config: { type: "string" },
		ip: { type: "string", default: "127.0.0.1" },
		port: { type: "string" },
		"inspector-port": { type: "string" },
		"persist-to": { type: "string" },
		var: { type: "string", multiple: true, default: [] },
		"log-level": { type: "string" },
		"no-access-log": { type: "boolean" },
	},
	strict: true,
});

function fail(message) {
	console.error(`serve: ${message}`);
	process.exit(2);
}

if (!args.config) fail("--config is required");
if (!args["persist-to"]) fail("--persist-to is required");
const port = Number(args.port);
if (!Number.isInteger(port) || port < 1 || port > 65_535) fail(`--port must be a TCP port, got ${args.port}`);
const inspectorPort = args["inspector-port"] === undefined ? undefined : Number(args["inspector-port"]);
const configPath = path.resolve(args.config);
const configDir = path.dirname(configPath);
const persistTo = path.resolve(args["persist-to"]);
const overrides = Object.fromEntries(
	args.var.map((pair) => {
		const at = pair.indexOf(":");
		if (at < 1) fail(`--var takes NAME:value, got ${pair}`);
		return [pair.slice(0, at), pair.slice(at + 1)];
	}),
);

const LEVELS = {
	none: LogLevel.NONE,
	error: LogLevel.ERROR,
	warn: LogLevel.WARN,
	info: LogLevel.INFO,
	log: LogLevel.INFO,
	debug: LogLevel.DEBUG,
};
const levelName = (args["log-level"] ?? process.env.WRANGLER_LOG ?? "log").toLowerCase();
if (!(levelName in LEVELS)) fail(`--log-level must be one of ${Object.keys(LEVELS).join(", ")}`);
const level = LEVELS[levelName];
const quiet = level < LogLevel.INFO;

const config = unstable_readConfig({ config: configPath }, { hideWarnings: quiet });
if (!config.main) fail(`${configPath} has no main entry`);
const name = config.name ?? path.basename(configDir);
// The bundle is rebuilt on every start; it sits next to the state, outside what Miniflare reads.
const buildDir = path.join(persistTo, "build");

/** Bundles the worker with wrangler's own bundler (the code a deploy would upload). */
function bundle() {
	rmSync(buildDir, { recursive: true, force: true });
	mkdirSync(buildDir, { recursive: true });
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[wranglerBin(), "deploy", "--dry-run", "--config", configPath, "--outdir", buildDir],
			{ cwd: configDir, env: wranglerEnv({ FORCE_COLOR: "0" }), stdio: ["ignore", "pipe", "pipe"] },
		);
		let output = "";
		child.stdout.on("data", (chunk) => {
			output += chunk;
		});
		child.stderr.on("data", (chunk) => {
			output += chunk;
		});
		child.on("error", reject);
		child.on("exit", (code) => {
			if (code === 0) resolve();
			else reject(new Error(`bundling ${name} failed (exit ${code}):\n${output.trim()}`));
		});
	});
}

/** Module types of the files a bundle imports by wrangler's default rules. */
const SIDE_MODULE_TYPES = {
	".txt": "Text",
	".html": "Text",
	".sql": "Text",
	".bin": "Data",
	".wasm": "CompiledWasm",
};

function sideModules(entry) {
	return readdirSync(buildDir)
		.map((file) => path.join(buildDir, file))
		.filter((file) => file !== entry && SIDE_MODULE_TYPES[path.extname(file)])
		.map((file) => ({ type: SIDE_MODULE_TYPES[path.extname(file)], path: file }));
}

/**
 * Static assets, the local way. Cloudflare serves a worker's assets before the worker runs; the
 * local runtime does it with an assets router in front of the worker, which costs every request
 * (half a no-op route's throughput here). So the worker is the entry, its assets binding is a
 * second worker that serves the files (with their _headers) and 404s the rest, and the worker
 * answers what no route takes from that binding (src/lib/edge.ts): the same answers for every
 * path, the API's without the router.
 */
function pagesWorker(assets, compatibilityDate) {
	return {
		name: `${name}-pages`,
		compatibilityDate,
		modules: true,
		script: "export default { fetch() { return new Response(null, { status: 404 }); } };",
		assets: {
			directory: assets.directory,
			assetConfig: assets.assetConfig,
			routerConfig: { has_user_worker: true },
		},
	};
}

/** Miniflare's options: the worker as wrangler would configure it, served on our port. */
function options() {
	const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath);
	const { assets, ...rest } = workerOptions;
	const entry = path.join(buildDir, `${path.parse(config.main).name}.js`);
	const worker = {
		...rest,
		name,
		bindings: { ...workerOptions.bindings, ...overrides },
		// The bundle, then every module wrangler wrote beside it (text, data, wasm imports).
		modules: [{ type: "ESModule", path: entry }, ...sideModules(entry)],
		modulesRoot: buildDir,
		...(assets
			? { serviceBindings: { ...rest.serviceBindings, [assets.binding ?? "ASSETS"]: `${name}-pages` } }
			: {}),
	};
	return convertV4MiniflareOptions({
		host: args.ip,
		port,
		...(inspectorPort === undefined ? {} : { inspectorPort }),
		resourcePersistencePath: path.join(persistTo, "v3"),
		// No `Request.cf` sample from the internet: a local stack starts offline.
		cf: false,
		log: new Log(level, { prefix: "mf" }),
		logRequests: level >= LogLevel.INFO && !args["no-access-log"],
		workers: assets ? [worker, pagesWorker(assets, workerOptions.compatibilityDate)] : [worker],
	});
}

await bundle();
const mf = new Miniflare(options());
await mf.ready; // Miniflare logs "Ready on <url>"

let stopping = false;
async function stop() {
	if (stopping) return;
	stopping = true;
	await mf.dispose().catch(() => {});
	process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
// The runner that started this worker died (even by SIGKILL): stop with it, freeing the port.
onParentExit(() => {
	console.error(`[${name}] the runner that started it is gone; stopping`);
	void stop();
});

// Reload on source changes, one rebuild at a time; a broken build keeps the running worker.
let reloading = Promise.resolve();
let timer;
function scheduleReload(file) {
	clearTimeout(timer);
	timer = setTimeout(() => {
		reloading = reloading.then(async () => {
			if (stopping) return;
			try {
				await bundle();
				await mf.setOptions(options());
				console.log(`[${name}] reloaded after a change to ${file}`);
			} catch (error) {
				console.error(`[${name}] reload failed, still serving the previous build: ${error.message}`);
			}
		});
	}, 300);
}
const sourceDir = path.dirname(path.resolve(configDir, config.main));
watch(sourceDir, { recursive: true }, (_event, file) => scheduleReload(path.join(sourceDir, file ?? "")));
for (const file of [configPath, path.join(configDir, ".dev.vars")]) {
	try {
		watch(file, () => scheduleReload(file));
	} catch {
		// .dev.vars may not exist; the start script creates it before starting the worker.
	}
}
