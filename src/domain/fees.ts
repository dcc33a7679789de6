import type { BusinessType } from "./business";
import type { PaymentMethod } from "./payment-methods";

/**
 * Service fees (seed services_fees / services_fee_rules): a rule says which fee applies to
 * which business type and/or payment method, as a fixed amount per order item or a percent
 * of the discounted subtotal.
 */
export interface FeeRule {
	feeId: string;
	code: string;
	name: string;
	businessType?: BusinessType;
	paymentMethod?: PaymentMethod;
	kind: "FIXED_PER_ITEM" | "PERCENT_OF_SUBTOTAL";
	/** IDR for FIXED_PER_ITEM; basis points (100 = 1%) for PERCENT_OF_SUBTOTAL. */
	value: number;
}

export interface AppliedFee {
	feeId: string;
	code: string;
	name: string;
	businessType?: BusinessType;
	amount: number;
}

export interface FeeInput {
	items: ReadonlyArray<{ businessType: BusinessType; amount: number; units: number }>;
	discountedSubtotal: number;
	method: PaymentMethod;
}

export function applyFees(rules: readonly FeeRule[], input: FeeInput): AppliedFee[] {
	const fees: AppliedFee[] = [];
	for (const rule of rules) {
		if (rule.paymentMethod && rule.paymentMethod !== input.method) continue;
		let amount = 0;
		if (rule.kind === "FIXED_PER_ITEM") {
			const units = input.items
				.filter((item) => !rule.businessType || item.businessType === rule.businessType)
				.reduce((sum, item) => sum + item.units, 0);
			amount = units * rule.value;
		} else if (!rule.businessType || input.items.some((item) => item.businessType === rule.businessType)) {
			// Percent fees round up to the rupiah, so the fee never undercharges the processor's cost.
			amount = Math.ceil((input.discountedSubtotal * rule.value) / 10_000);
		}
		if (amount > 0) {
			fees.push({
				feeId: rule.feeId,
				code: rule.code,
				name: rule.name,
				...(rule.businessType ? { businessType: rule.businessType } : {}),
				amount,
			});
		}
	}
	return fees;
}

/**
 * The fees of a cart's lines as the order will charge them: a taxi, rent or delivery line of
 * quantity N becomes N order items (N units of a per-item fee); a shuttle line is one booking of
 * N seats (one unit). Checkout and the cart's own pricing both call this, so they agree.
 */
export function lineFees(
	rules: readonly FeeRule[],
	lines: ReadonlyArray<{ businessType: BusinessType; amount: number; quantity: number }>,
	discountedSubtotal: number,
	method: PaymentMethod,
): AppliedFee[] {
	return applyFees(rules, {
		items: lines.map((line) => ({
			businessType: line.businessType,
			amount: line.amount,
			units: line.businessType === "SHUTTLE" ? 1 : line.quantity,
		})),
		discountedSubtotal,
		method,
	});
}

export const feeTotal = (fees: readonly AppliedFee[]) => fees.reduce((sum, fee) => sum + fee.amount, 0);
