import type { BusinessType } from "./business";

/** A promo rule as the Promo Gateway defines it; discounts are computed locally from it. */
export interface PromoRule {
	code: string;
	description?: string;
	kind: "PERCENT" | "FLAT";
	/** Percent as an integer (10 = 10%) or a flat IDR amount. */
	value: number;
	maxDiscount?: number;
	minSpend?: number;
	/** When set, only lines of these business types count towards and receive the discount. */
	businessTypes?: BusinessType[];
	expiresAt: string;
}

export type PromoRejection = "EXPIRED" | "MIN_SPEND_NOT_MET" | "NO_ELIGIBLE_ITEMS";

export interface PricedLine {
	businessType: BusinessType;
	amount: number;
}

export type DiscountResult = { ok: true; discount: number } | { ok: false; reason: PromoRejection };

export function calculateDiscount(
	rule: PromoRule,
	lines: readonly PricedLine[],
	now: number,
): DiscountResult {
	if (Date.parse(rule.expiresAt) <= now) return { ok: false, reason: "EXPIRED" };
	const eligible = rule.businessTypes
		? lines.filter((line) => rule.businessTypes?.includes(line.businessType))
		: lines;
	const eligibleAmount = eligible.reduce((sum, line) => sum + line.amount, 0);
	if (eligibleAmount <= 0) return { ok: false, reason: "NO_ELIGIBLE_ITEMS" };
	if (rule.minSpend !== undefined && eligibleAmount < rule.minSpend) {
		return { ok: false, reason: "MIN_SPEND_NOT_MET" };
	}
	let discount = rule.kind === "PERCENT" ? Math.floor((eligibleAmount * rule.value) / 100) : rule.value;
	if (rule.maxDiscount !== undefined) discount = Math.min(discount, rule.maxDiscount);
	return { ok: true, discount: Math.max(0, Math.min(discount, eligibleAmount)) };
}

export const PROMO_REJECTION_TEXT: Record<PromoRejection, string> = {
	EXPIRED: "The promo code has expired.",
	MIN_SPEND_NOT_MET: "The cart does not reach the promo's minimum spend.",
	NO_ELIGIBLE_ITEMS: "The cart has no items the promo applies to.",
};
