import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { vendorAssets } from "./scripts/lib/assets.mjs";
import { freePort } from "./scripts/lib/workers.mjs";

// The workers suite talks to a real sandbox worker (started by test/support/global-sandbox.ts)
// on a port chosen here, so bindings and the global setup agree on it.
const sandboxPort = Number(process.env.TEST_SANDBOX_PORT ?? (await freePort()));
process.env.TEST_SANDBOX_PORT = String(sandboxPort);
const sandbox = `http://127.0.0.1:${sandboxPort}`;
// The workers project serves the assets directory in-process: its vendored files must be there.
vendorAssets();
const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));

export default defineConfig({
	test: {
		// The worker logs a JSON line per request and event: its output is shown for failing tests
		// only (FUZZ_STATS=1 or E2E_VERBOSE=1 show everything).
		silent: process.env.FUZZ_STATS || process.env.E2E_VERBOSE ? false : "passed-only",
		projects: [
			{
				test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
			},
			{
				test: {
					name: "sandbox",
					include: ["test/sandbox/**/*.test.ts"],
					environment: "node",
					testTimeout: 30_000,
					hookTimeout: 60_000,
				},
			},
			{
				plugins: [
					cloudflareTest({
						wrangler: { configPath: "./wrangler.toml" },
						miniflare: {
							bindings: {
								TEST_MIGRATIONS: migrations,
								AUTH_JWKS_URL: `${sandbox}/.well-known/jwks.json`,
								SESSION_MANAGER_URL: `${sandbox}/session-manager`,
								PROMO_GATEWAY_URL: `${sandbox}/promo-gateway`,
								PAYMENT_PROCESSOR_URL: `${sandbox}/payment-processor`,
								TAXI_PARTNER_GATEWAY_URL: `${sandbox}/partners/taxi`,
								RENT_PARTNER_URL: `${sandbox}/partners/rent`,
								DELIVERY_PARTNER_URL: `${sandbox}/partners/delivery`,
								SHUTTLE_PARTNER_URL: `${sandbox}/partners/shuttle`,
								PARTNER_TIMEOUT: "2s",
								NOTIFICATION_URL: `${sandbox}/notifications`,
								DOCUMENT_GENERATOR_URL: sandbox,
								DOCUMENT_GENERATOR_CALLBACK_URL: "http://127.0.0.1:9/v1/callbacks/receipt",
								GEO_SERVICE_URL: `${sandbox}/geo`,
								CONFIG_SERVICE_URL: `${sandbox}/config-service`,
								TAXI_PARTNER_WEBHOOK_SECRET: "whsec_dev_taxi",
								// Being rotated: both values verify.
								RENT_PARTNER_WEBHOOK_SECRET: "whsec_dev_rent,whsec_dev_rent_old",
								DELIVERY_PARTNER_WEBHOOK_SECRET: "whsec_dev_delivery",
								SHUTTLE_PARTNER_WEBHOOK_SECRET: "whsec_dev_shuttle",
								DOCUMENT_WEBHOOK_SECRET: "whsec_dev_document",
								PAYMENT_WEBHOOK_SECRET: "whsec_dev_payment",
								GUEST_TOKEN_SECRET: "test-guest-token-secret",
								INTERNAL_SERVICE_TOKEN: "test-internal-token",
								TEST_SANDBOX_URL: sandbox,
								// The fuzz suite's knobs (test/workers/fuzz.test.ts): a seed to repeat a run, runs per operation.
								FUZZ_SEED: process.env.FUZZ_SEED ?? "",
								FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
								FUZZ_STATS: process.env.FUZZ_STATS ?? "",
							},
						},
					}),
				],
				test: {
					name: "workers",
					include: ["test/workers/**/*.test.ts"],
					setupFiles: ["test/support/apply-migrations.ts"],
					globalSetup: ["test/support/global-sandbox.ts"],
					testTimeout: 20_000,
				},
			},
			{
				test: {
					name: "e2e",
					include: ["test/e2e/**/*.test.ts"],
					environment: "node",
					testTimeout: 120_000,
					hookTimeout: 180_000,
					fileParallelism: false,
				},
			},
		],
	},
});
