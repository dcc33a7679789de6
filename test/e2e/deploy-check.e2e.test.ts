import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/workers.mjs";

/** `npm run deploy:check`: the production bundle is checked before it could ever ship. */
const check = (config?: string) =>
	spawnSync(
		process.execPath,
		[path.join(ROOT, "scripts", "deploy-check.mjs"), ...(config ? ["--config", config] : [])],
		{
			cwd: ROOT,
			encoding: "utf8",
			timeout: 120_000,
		},
	);

describe("deploy:check", () => {
	it("passes the production environment and prints the bundle's raw and gzip sizes", () => {
		const run = check();
		expect(run.status, run.stderr).toBe(0);
		expect(run.stdout).toMatch(
			/bundle: \d+ module\(s\), [\d.]+ KiB raw, [\d.]+ KiB gzip \(limit 512\.0 KiB\)/,
		);
	});

	it("fails when a production var points at loopback", () => {
		// A copy of the real config beside it (so its paths resolve), with one production URL on loopback.
		const copy = path.join(ROOT, ".deploy-check-test.toml");
		const toml = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
		const [local, production] = toml.split("[env.production]");
		writeFileSync(
			copy,
			`${local}[env.production]${production?.replace(
				'NOTIFICATION_URL = "https://notification.example.com"',
				'NOTIFICATION_URL = "http://127.0.0.1:8001/notifications"',
			)}`,
		);
		try {
			const run = check(copy);
			expect(run.status).toBe(1);
			expect(run.stderr).toContain(
				"var NOTIFICATION_URL points at loopback: http://127.0.0.1:8001/notifications",
			);
		} finally {
			rmSync(copy, { force: true });
		}
	});
});
