export const BUSINESS_TYPES = ["TAXI", "RENT", "DELIVERY", "SHUTTLE"] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export interface FareComponent {
	code: string;
	amount: number;
}
