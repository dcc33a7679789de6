import type { BusinessType } from "../domain/business";
import { parseDuration } from "../domain/duration";
import type { LimitPolicy } from "../domain/limits";
import { PAYMENT_METHODS, STRATEGIES } from "../domain/payment-methods";
import type { SagaPolicy } from "../saga/types";

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
	partners: Record<BusinessType, string>;
	partnerTimeoutMs: number;
	notificationUrl: string;
	documentGeneratorUrl: string;
	geoServiceUrl: string;
	saga: SagaPolicy;
}

export type ConfigSource = Pick<
	Env,
	| "PAYMENT_PROCESSOR_URL"
	| "TAXI_PARTNER_GATEWAY_URL"
	| "RENT_PARTNER_URL"
	| "DELIVERY_PARTNER_URL"
	| "SHUTTLE_PARTNER_URL"
	| "PARTNER_TIMEOUT"
	| "NOTIFICATION_URL"
	| "DOCUMENT_GENERATOR_URL"
	| "GEO_SERVICE_URL"
	| "SAGA_STEP_DEADLINE"
	| "SAGA_ATTENTION_THRESHOLD"
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
		partners: {
			TAXI: url("TAXI_PARTNER_GATEWAY_URL", env.TAXI_PARTNER_GATEWAY_URL),
			RENT: url("RENT_PARTNER_URL", env.RENT_PARTNER_URL),
			DELIVERY: url("DELIVERY_PARTNER_URL", env.DELIVERY_PARTNER_URL),
			SHUTTLE: url("SHUTTLE_PARTNER_URL", env.SHUTTLE_PARTNER_URL),
		},
		partnerTimeoutMs: duration("PARTNER_TIMEOUT", env.PARTNER_TIMEOUT),
		notificationUrl: url("NOTIFICATION_URL", env.NOTIFICATION_URL),
		documentGeneratorUrl: url("DOCUMENT_GENERATOR_URL", env.DOCUMENT_GENERATOR_URL),
		geoServiceUrl: url("GEO_SERVICE_URL", env.GEO_SERVICE_URL),
		saga: {
			stepDeadlineMs: duration("SAGA_STEP_DEADLINE", env.SAGA_STEP_DEADLINE),
			baseBackoffMs: 500,
			maxBackoffMs: 30_000,
			attentionThreshold: Math.max(1, idr("SAGA_ATTENTION_THRESHOLD", env.SAGA_ATTENTION_THRESHOLD)),
		},
	};
	cache.set(env, config);
	return config;
}
