import { z } from "zod";
import { BUSINESS_TYPES, type BusinessType } from "../domain/business";
import { parseDuration } from "../domain/duration";
import type { LimitPolicy } from "../domain/limits";
import { PAYMENT_METHODS, STRATEGIES } from "../domain/payment-methods";
import type { SagaPolicy } from "../saga/types";
import { LOG_LEVELS, setLogLevel } from "./log";

/**
 * The worker's configuration: its vars (wrangler.toml [vars], `.dev.vars`, `--var` overrides,
 * wrangler secrets) checked by one zod schema, parsed once per isolate. A bad value is an
 * operator error: it answers 500 BAD_ENVIRONMENT naming the variable, at the first request,
 * rather than running with a guess or failing deep inside a request.
 */
export interface Config {
	cartTtlMs: number;
	cartTombstoneTtlMs: number;
	upstreamTimeoutMs: number;
	auth: { jwksUrl: string; issuer: string; audience: string; internalAudience: string };
	sessionManagerUrl: string;
	promoGatewayUrl: string;
	paymentProcessorUrl: string;
	paymentWindowMs: number;
	limits: LimitPolicy;
	partners: Record<BusinessType, string>;
	partnerTimeoutMs: number;
	notificationUrl: string;
	documentGeneratorUrl: string;
	/** Sent with each receipt request (the seed's DOCUMENT_GENERATOR_*). */
	documents: { clientId: string; documentType: string; callbackUrl: string };
	/** Seconds the processor's checkout session stays open (seed PAYMENT_CHECKOUT_TIMEOUT). */
	paymentCheckoutTimeoutSeconds: number;
	geoServiceUrl: string;
	configServiceUrl: string;
	/** How long the Config Service's document is used before it is read again. */
	configRefreshMs: number;
	saga: SagaPolicy;
	/** How long a saga call may be out before its watchdog alarm resumes the saga (after a crash). */
	sagaWatchdogMs: number;
	/** After a failed progress report to the BookingDO, when the saga sends it again. */
	sagaProgressRetryMs: number;
	/** A creation that has not finished by then (the process died mid-way) is canceled. */
	creationTimeoutMs: number;
	/** When an expiring booking asks the processor again, after the processor could not answer. */
	expiryRecheckMs: number;
	/** A checked-out cart whose booking was never confirmed to exist by then makes sure it does. */
	checkoutEnsureMs: number;
	/** The first retry of a booking event whose consumer failed (then doubling, at most 60 s). */
	eventRetryDelayMs: number;
}

/** A bad or missing variable; the worker answers BAD_ENVIRONMENT naming it. */
export class ConfigError extends Error {
	constructor(
		readonly variable: string,
		readonly problem: string,
	) {
		super(`Config ${variable} ${problem}`);
		this.name = "ConfigError";
	}
}

const durationMs = z.string().transform((value, ctx) => {
	const ms = parseDuration(value);
	if (ms !== undefined) return ms;
	ctx.addIssue({ code: "custom", message: "must be a duration like 30s, 15m or 2h" });
	return z.NEVER;
});
const idr = z
	.string()
	.regex(/^\d+$/, "must be a whole IDR amount")
	.transform(Number)
	.refine(Number.isSafeInteger, "must be a whole IDR amount");
const url = z.url({ error: "must be an absolute URL" });
const text = z.string().min(1, "must be set");

const EnvSchema = z.object({
	LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
	CART_TTL: durationMs,
	CART_TOMBSTONE_TTL: durationMs,
	UPSTREAM_TIMEOUT: durationMs,
	AUTH_JWKS_URL: url,
	AUTH_ISSUER: text,
	AUTH_AUDIENCE: text,
	AUTH_INTERNAL_AUDIENCE: text.default("order-orchestrator-internal"),
	SESSION_MANAGER_URL: url,
	PROMO_GATEWAY_URL: url,
	PAYMENT_PROCESSOR_URL: url,
	DURATION_WAITING_FOR_PAYMENT: durationMs,
	MAX_CREDIT_CARD_DAILY_BUDGET: idr,
	MINIMUM_REMAINING_BUDGET: idr,
	TAXI_PARTNER_GATEWAY_URL: url,
	RENT_PARTNER_URL: url,
	DELIVERY_PARTNER_URL: url,
	SHUTTLE_PARTNER_URL: url,
	PARTNER_TIMEOUT: durationMs,
	NOTIFICATION_URL: url,
	DOCUMENT_GENERATOR_URL: url,
	DOCUMENT_GENERATOR_CLIENT_ID: text,
	DOCUMENT_GENERATOR_PDF_DOCUMENT_TYPE: text,
	DOCUMENT_GENERATOR_CALLBACK_URL: url,
	PAYMENT_CHECKOUT_TIMEOUT: idr,
	GEO_SERVICE_URL: url,
	CONFIG_SERVICE_URL: url,
	CONFIG_REFRESH: durationMs,
	SAGA_STEP_DEADLINE: durationMs,
	SAGA_ATTENTION_THRESHOLD: idr,
	EVENT_RETRY_DELAY: durationMs.optional(),
	// MAX_<METHOD>_CONCURRENT_BOOKING(S): a method without one has no concurrency limit.
	...Object.fromEntries(
		PAYMENT_METHODS.flatMap((method) => {
			const name = STRATEGIES[method].concurrencyLimitVar;
			return name ? [[name, z.union([z.literal(""), idr]).optional()]] : [];
		}),
	),
});

const cache = new WeakMap<object, Config>();

export function configOf(env: object): Config {
	const cached = cache.get(env);
	if (cached) return cached;
	const parsed = EnvSchema.safeParse(env);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const variable = String(issue?.path[0] ?? "environment");
		const value = (env as Record<string, unknown>)[variable];
		throw new ConfigError(
			variable,
			`${issue?.message ?? "is invalid"}; got ${value === undefined ? "nothing" : JSON.stringify(value)}`,
		);
	}
	const vars = parsed.data as z.infer<typeof EnvSchema> & Record<string, number | "" | undefined>;
	setLogLevel(vars.LOG_LEVEL);
	const concurrent: LimitPolicy["concurrent"] = {};
	for (const method of PAYMENT_METHODS) {
		const name = STRATEGIES[method].concurrencyLimitVar;
		const limit = name ? vars[name] : undefined;
		if (typeof limit === "number") concurrent[method] = limit;
	}
	const partnerUrls: Record<BusinessType, string> = {
		TAXI: vars.TAXI_PARTNER_GATEWAY_URL,
		RENT: vars.RENT_PARTNER_URL,
		DELIVERY: vars.DELIVERY_PARTNER_URL,
		SHUTTLE: vars.SHUTTLE_PARTNER_URL,
	};
	const config: Config = {
		cartTtlMs: vars.CART_TTL,
		cartTombstoneTtlMs: vars.CART_TOMBSTONE_TTL,
		upstreamTimeoutMs: vars.UPSTREAM_TIMEOUT,
		auth: {
			jwksUrl: vars.AUTH_JWKS_URL,
			issuer: vars.AUTH_ISSUER,
			audience: vars.AUTH_AUDIENCE,
			internalAudience: vars.AUTH_INTERNAL_AUDIENCE,
		},
		sessionManagerUrl: vars.SESSION_MANAGER_URL,
		promoGatewayUrl: vars.PROMO_GATEWAY_URL,
		paymentProcessorUrl: vars.PAYMENT_PROCESSOR_URL,
		paymentWindowMs: vars.DURATION_WAITING_FOR_PAYMENT,
		limits: {
			concurrent,
			cardDailyBudget: vars.MAX_CREDIT_CARD_DAILY_BUDGET,
			minimumRemainingBudget: vars.MINIMUM_REMAINING_BUDGET,
		},
		partners: Object.fromEntries(BUSINESS_TYPES.map((type) => [type, partnerUrls[type]])) as Record<
			BusinessType,
			string
		>,
		partnerTimeoutMs: vars.PARTNER_TIMEOUT,
		notificationUrl: vars.NOTIFICATION_URL,
		documentGeneratorUrl: vars.DOCUMENT_GENERATOR_URL,
		documents: {
			clientId: vars.DOCUMENT_GENERATOR_CLIENT_ID,
			documentType: vars.DOCUMENT_GENERATOR_PDF_DOCUMENT_TYPE,
			callbackUrl: vars.DOCUMENT_GENERATOR_CALLBACK_URL,
		},
		paymentCheckoutTimeoutSeconds: vars.PAYMENT_CHECKOUT_TIMEOUT,
		geoServiceUrl: vars.GEO_SERVICE_URL,
		configServiceUrl: vars.CONFIG_SERVICE_URL,
		configRefreshMs: vars.CONFIG_REFRESH,
		saga: {
			stepDeadlineMs: vars.SAGA_STEP_DEADLINE,
			baseBackoffMs: 500,
			maxBackoffMs: 30_000,
			attentionThreshold: Math.max(1, vars.SAGA_ATTENTION_THRESHOLD),
		},
		sagaWatchdogMs: vars.PARTNER_TIMEOUT + 5_000,
		sagaProgressRetryMs: 2_000,
		creationTimeoutMs: 60_000,
		expiryRecheckMs: 10_000,
		checkoutEnsureMs: 2 * 60_000,
		eventRetryDelayMs: vars.EVENT_RETRY_DELAY ?? 2_000,
	};
	cache.set(env, config);
	return config;
}
