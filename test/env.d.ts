declare namespace Cloudflare {
	interface Env {
		TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
		TEST_SANDBOX_URL: string;
		FUZZ_SEED: string;
		FUZZ_RUNS: string;
		FUZZ_STATS: string;
	}
}
