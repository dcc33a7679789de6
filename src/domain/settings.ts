import { parseDuration } from "./duration";
import type { LimitPolicy } from "./limits";
import { PAYMENT_METHODS, type PaymentMethod } from "./payment-methods";

/**
 * What the service runs with now: its environment, overridden by the Config Service's document
 * where the document says something. A method the document does not mention is on, with the
 * environment's limit; a limit of `null` in the document means no limit.
 */
export interface MethodSetting {
	enabled: boolean;
	disabledMessage?: string;
	maxConcurrentBookings: number | null;
}

export interface Settings {
	/** The document's version, or null when none could ever be read (the environment only). */
	version: number | null;
	source: "config-service" | "last-good" | "environment";
	methods: Record<PaymentMethod, MethodSetting>;
	limits: LimitPolicy;
	cartTtlMs: number;
	paymentWindowMs: number;
}

export interface SettingsDocument {
	version: number;
	paymentMethods: Partial<
		Record<
			PaymentMethod,
			{ enabled: boolean; disabledMessage?: string; maxConcurrentBookings?: number | null }
		>
	>;
	cardDailyBudget?: number;
	minimumRemainingBudget?: number;
	cartTtl?: string | number;
	paymentWaitDuration?: string | number;
}

export interface EnvironmentSettings {
	limits: LimitPolicy;
	cartTtlMs: number;
	paymentWindowMs: number;
}

/** A duration from the document: "15m"-style text, or seconds; anything else leaves the fallback. */
const durationOf = (value: string | number | undefined, fallback: number) =>
	value === undefined
		? fallback
		: ((typeof value === "number" ? value * 1_000 : parseDuration(value)) ?? fallback);

export function settingsFrom(
	environment: EnvironmentSettings,
	document: SettingsDocument | undefined,
	source: Settings["source"],
): Settings {
	const methods = {} as Record<PaymentMethod, MethodSetting>;
	const concurrent: LimitPolicy["concurrent"] = {};
	for (const method of PAYMENT_METHODS) {
		const set = document?.paymentMethods[method];
		const limit =
			set?.maxConcurrentBookings === undefined
				? (environment.limits.concurrent[method] ?? null)
				: set.maxConcurrentBookings;
		methods[method] = {
			enabled: set?.enabled ?? true,
			...(set?.enabled === false && set.disabledMessage ? { disabledMessage: set.disabledMessage } : {}),
			maxConcurrentBookings: limit,
		};
		if (limit !== null) concurrent[method] = limit;
	}
	return {
		version: document?.version ?? null,
		source: document ? source : "environment",
		methods,
		limits: {
			concurrent,
			cardDailyBudget: document?.cardDailyBudget ?? environment.limits.cardDailyBudget,
			minimumRemainingBudget: document?.minimumRemainingBudget ?? environment.limits.minimumRemainingBudget,
		},
		cartTtlMs: durationOf(document?.cartTtl, environment.cartTtlMs),
		paymentWindowMs: durationOf(document?.paymentWaitDuration, environment.paymentWindowMs),
	};
}
