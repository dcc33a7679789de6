// Optional history settings, not in wrangler.toml: set them (the token as a secret) to keep the
// order history in libSQL/Turso instead of D1. `wrangler types` emits both a global `Env` and
// `Cloudflare.Env` (what `cloudflare:test` and `cloudflare:workers` hand out), so both learn them.
interface HistoryDbEnv {
	/** A libsql:// or https:// URL; when set, the history uses libSQL instead of `DB`. */
	HISTORY_DB_URL?: string;
	/** The libSQL auth token, as a secret. */
	HISTORY_DB_AUTH_TOKEN?: string;
	/** The earlier name of HISTORY_DB_AUTH_TOKEN, still read when the new one is not set. */
	HISTORY_DB_TOKEN?: string;
}

declare namespace Cloudflare {
	interface Env extends HistoryDbEnv {}
}

interface Env extends HistoryDbEnv {}
