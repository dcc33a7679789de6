/**
 * Payment strategies (the seed's paymentstrategy/): whether a payment link is needed, which
 * concurrency limit applies (by the seed's variable name), and whether money can be refunded.
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

export interface PaymentStrategy {
	method: PaymentMethod;
	kind: "CASH" | "CARD" | "E_WALLET" | "VOUCHER" | "BANK_TRANSFER";
	needsLink: boolean;
	/** The seed's variable holding the max unfinished bookings per customer, when limited. */
	concurrencyLimitVar?: string;
	/** Card spend counts against the customer's daily budget. */
	dailyBudget: boolean;
	refundable: boolean;
}

const wallet = (method: PaymentMethod): PaymentStrategy => ({
	method,
	kind: "E_WALLET",
	needsLink: true,
	concurrencyLimitVar: `MAX_${method}_CONCURRENT_BOOKING`,
	dailyBudget: false,
	refundable: true,
});

export const STRATEGIES: Record<PaymentMethod, PaymentStrategy> = {
	CASH: { method: "CASH", kind: "CASH", needsLink: false, dailyBudget: false, refundable: false },
	CREDIT_CARD: {
		method: "CREDIT_CARD",
		kind: "CARD",
		needsLink: true,
		concurrencyLimitVar: "MAX_CREDIT_CARD_CONCURRENT_BOOKINGS",
		dailyBudget: true,
		refundable: true,
	},
	LINKAJA: wallet("LINKAJA"),
	DANA: wallet("DANA"),
	ISAKU: wallet("ISAKU"),
	GOPAY: wallet("GOPAY"),
	SHOPEEPAY: wallet("SHOPEEPAY"),
	OVO: wallet("OVO"),
	ECV: { method: "ECV", kind: "VOUCHER", needsLink: true, dailyBudget: false, refundable: true },
	NICEPAY: {
		method: "NICEPAY",
		kind: "BANK_TRANSFER",
		needsLink: true,
		dailyBudget: false,
		refundable: true,
	},
};

/** Whether money taken with this method can go back (cash is settled on service: nothing was taken). */
export const refundable = (method: PaymentMethod): boolean => STRATEGIES[method].refundable;
