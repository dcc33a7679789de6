import type { BusinessType } from "../session-manager/schemas";
import { findPromo, normaliseCode, type Promo } from "./catalog";

export type Validation =
	| { valid: true; promo: Promo }
	| { valid: false; code: string; reason: "UNKNOWN" | "EXPIRED"; message: string };

export type NotApplicable = "UNKNOWN" | "EXPIRED" | "MIN_SPEND_NOT_MET" | "NO_ELIGIBLE_ITEMS";

export type Calculation =
	| { code: string; applicable: true; discount: number }
	| { code: string; applicable: false; discount: 0; reason: NotApplicable };

export type Item = { businessType: BusinessType; amount: number };

/** Existence and expiry only; whether the promo fits a basket is `calculate`'s question. */
export function validate(rawCode: string, now: Date): Validation {
	const code = normaliseCode(rawCode);
	const promo = findPromo(code);
	if (!promo) return { valid: false, code, reason: "UNKNOWN", message: `Promo code ${code} does not exist.` };
	if (Date.parse(promo.expiresAt) <= now.getTime()) {
		return {
			valid: false,
			code,
			reason: "EXPIRED",
			message: `Promo code ${code} expired at ${promo.expiresAt}.`,
		};
	}
	return { valid: true, promo };
}

/**
 * The discount on a basket. Only items of the promo's business types (all, when unset) and
 * with a positive amount are eligible; min spend is measured on the eligible amount. Percent
 * discounts floor to the rupiah; no discount exceeds the eligible amount.
 */
export function calculate(rawCode: string, items: Item[], now: Date): Calculation {
	const validation = validate(rawCode, now);
	if (!validation.valid) {
		return { code: validation.code, applicable: false, discount: 0, reason: validation.reason };
	}
	const { promo } = validation;
	const eligible = items
		.filter((item) => item.amount > 0)
		.filter((item) => !promo.businessTypes || promo.businessTypes.includes(item.businessType))
		.reduce((sum, item) => sum + item.amount, 0);
	if (eligible === 0)
		return { code: promo.code, applicable: false, discount: 0, reason: "NO_ELIGIBLE_ITEMS" };
	if (promo.minSpend !== undefined && eligible < promo.minSpend) {
		return { code: promo.code, applicable: false, discount: 0, reason: "MIN_SPEND_NOT_MET" };
	}
	const raw = promo.kind === "PERCENT" ? Math.floor((eligible * promo.value) / 100) : promo.value;
	const capped = promo.maxDiscount === undefined ? raw : Math.min(raw, promo.maxDiscount);
	return { code: promo.code, applicable: true, discount: Math.min(capped, eligible) };
}
