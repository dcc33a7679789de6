import { parseDuration } from "../domain/duration";
import type { LimitPolicy } from "../domain/limits";
import { PAYMENT_METHODS, STRATEGIES } from "../domain/payment-methods";

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
	paymentProcessorUrl: string;
	paymentWindowMs: number;
	limits: LimitPolicy;
}

export type ConfigSource = Pick<
	Env,
	| "PAYMENT_PROCESSOR_URL"
	| "DURATION_WAITING_FOR_PAYMENT"
	| "MAX_CREDIT_CARD_DAILY_BUDGET"
	| "MINIMUM_REMAINING_BUDGET"
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

function idr(name: string, value: string | undefined): number {
	const amount = Number(value);
	if (!value || !Number.isSafeInteger(amount) || amount < 0) {
		throw new Error(`Config ${name} must be a whole IDR amount; got ${value}`);
	}
	return amount;
}

/** MAX_<METHOD>_CONCURRENT_BOOKING(S) for every method that has one set. */
function concurrentLimits(env: ConfigSource): LimitPolicy["concurrent"] {
	const vars = env as unknown as Record<string, string | undefined>;
	const limits: LimitPolicy["concurrent"] = {};
	for (const method of PAYMENT_METHODS) {
		const name = STRATEGIES[method].concurrencyLimitVar;
		const value = name ? vars[name] : undefined;
		if (name && value !== undefined && value !== "") limits[method] = idr(name, value);
	}
	return limits;
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
		paymentProcessorUrl: url("PAYMENT_PROCESSOR_URL", env.PAYMENT_PROCESSOR_URL),
		paymentWindowMs: duration("DURATION_WAITING_FOR_PAYMENT", env.DURATION_WAITING_FOR_PAYMENT),
		limits: {
			concurrent: concurrentLimits(env),
			cardDailyBudget: idr("MAX_CREDIT_CARD_DAILY_BUDGET", env.MAX_CREDIT_CARD_DAILY_BUDGET),
			minimumRemainingBudget: idr("MINIMUM_REMAINING_BUDGET", env.MINIMUM_REMAINING_BUDGET),
		},
	};
	cache.set(env, config);
	return config;
}
