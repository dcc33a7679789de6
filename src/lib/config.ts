import { parseDuration } from "../domain/duration";

/**
 * Typed configuration read from the worker's vars (wrangler.toml [vars], `.dev.vars`,
 * `--var` overrides, wrangler secrets). A bad value is an operator error: it fails loudly
 * at the first request rather than running with a guess.
 */
export interface Config {
	cartTtlMs: number;
	cartTombstoneTtlMs: number;
	upstreamTimeoutMs: number;
	auth: { jwksUrl: string; issuer: string; audience: string };
	sessionManagerUrl: string;
	promoGatewayUrl: string;
}

export type ConfigSource = Pick<
	Env,
	| "CART_TTL"
	| "CART_TOMBSTONE_TTL"
	| "UPSTREAM_TIMEOUT"
	| "AUTH_JWKS_URL"
	| "AUTH_ISSUER"
	| "AUTH_AUDIENCE"
	| "SESSION_MANAGER_URL"
	| "PROMO_GATEWAY_URL"
>;

const cache = new WeakMap<object, Config>();

function duration(name: string, value: string | undefined): number {
	const ms = value === undefined ? undefined : parseDuration(value);
	if (ms === undefined)
		throw new Error(`Config ${name} must be a duration like 30s, 15m or 2h; got ${value}`);
	return ms;
}

function url(name: string, value: string | undefined): string {
	if (!value || !URL.canParse(value)) throw new Error(`Config ${name} must be an absolute URL; got ${value}`);
	return value;
}

function text(name: string, value: string | undefined): string {
	if (!value) throw new Error(`Config ${name} must be set`);
	return value;
}

export function configOf(env: ConfigSource): Config {
	const cached = cache.get(env);
	if (cached) return cached;
	const config: Config = {
		cartTtlMs: duration("CART_TTL", env.CART_TTL),
		cartTombstoneTtlMs: duration("CART_TOMBSTONE_TTL", env.CART_TOMBSTONE_TTL),
		upstreamTimeoutMs: duration("UPSTREAM_TIMEOUT", env.UPSTREAM_TIMEOUT),
		auth: {
			jwksUrl: url("AUTH_JWKS_URL", env.AUTH_JWKS_URL),
			issuer: text("AUTH_ISSUER", env.AUTH_ISSUER),
			audience: text("AUTH_AUDIENCE", env.AUTH_AUDIENCE),
		},
		sessionManagerUrl: url("SESSION_MANAGER_URL", env.SESSION_MANAGER_URL),
		promoGatewayUrl: url("PROMO_GATEWAY_URL", env.PROMO_GATEWAY_URL),
	};
	cache.set(env, config);
	return config;
}
