import { z } from "zod";

/**
 * The Config Service's document for the orchestrator (the seed's dynamic configuration):
 * payment methods on or off (with the message a disabled one shows) and their concurrency
 * limits, the card budget, and the cart and payment windows. Every field but `version`,
 * `updatedAt` and the methods' `enabled` is optional: what it does not set, the orchestrator
 * takes from its own environment.
 */
export const PAYMENT_METHODS = [
	"CASH",
	"CREDIT_CARD",
	"LINKAJA",
	"DANA",
	"ISAKU",
	"GOPAY",
	"SHOPEEPAY",
	"OVO",
	"ECV",
	"NICEPAY",
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const Duration = z.string().regex(/^\d+(\.\d+)?(ms|s|m|h|d)?$/, "Must be a duration like 30s, 15m or 2h");
const Count = z.number().int().min(0).max(1_000);
const Idr = z.number().int().min(0).max(1_000_000_000_000);

const MethodSettings = z.object({
	enabled: z.boolean(),
	disabledMessage: z.string().min(1).max(300).optional(),
	maxConcurrentBookings: Count.nullable().optional(),
});

export interface ConfigDocument {
	version: number;
	updatedAt: string;
	paymentMethods: Record<PaymentMethod, z.infer<typeof MethodSettings>>;
	cardDailyBudget?: number;
	minimumRemainingBudget?: number;
	cartTtl?: string;
	paymentWaitDuration?: string;
}

/** A partial document for PUT /control/config: every field optional, merged into the current one. */
export const ConfigPatch = z
	.object({
		paymentMethods: z.partialRecord(z.enum(PAYMENT_METHODS), MethodSettings.partial()).optional(),
		cardDailyBudget: Idr.optional(),
		minimumRemainingBudget: Idr.optional(),
		cartTtl: Duration.optional(),
		paymentWaitDuration: Duration.optional(),
	})
	.strict();
export type ConfigPatch = z.infer<typeof ConfigPatch>;

export function initialDocument(now: string): ConfigDocument {
	return {
		version: 1,
		updatedAt: now,
		paymentMethods: Object.fromEntries(
			PAYMENT_METHODS.map((method) => [method, { enabled: true }]),
		) as Record<PaymentMethod, { enabled: boolean }>,
	};
}

/**
 * Deep-merges `patch` into `current`; the version moves on when anything changed (a patch that
 * changes nothing leaves the document as it was).
 */
export function merged(current: ConfigDocument, patch: ConfigPatch, now: string): ConfigDocument {
	const paymentMethods = { ...current.paymentMethods };
	for (const [method, settings] of Object.entries(patch.paymentMethods ?? {}) as Array<
		[PaymentMethod, Partial<z.infer<typeof MethodSettings>>]
	>) {
		paymentMethods[method] = { ...paymentMethods[method], ...settings };
	}
	const { paymentMethods: _methods, ...scalars } = patch;
	const next = { ...current, ...scalars, paymentMethods };
	const same =
		JSON.stringify({ ...next, version: 0, updatedAt: "" }) ===
		JSON.stringify({ ...current, version: 0, updatedAt: "" });
	return same ? current : { ...next, version: current.version + 1, updatedAt: now };
}
