import { historyRepository } from "../../db";
import type { FeeRule } from "../../domain/fees";

// Fee rules change rarely: one D1 read per isolate per minute, shared by the cart's pricing and
// checkout, so the fees a cart shows are the fees its order charges.
let cache: { rules: FeeRule[]; at: number } | undefined;

export async function feeRules(env: Env): Promise<FeeRule[]> {
	if (cache && Date.now() - cache.at < 60_000) return cache.rules;
	const rules = await historyRepository(env).feeRules();
	cache = { rules, at: Date.now() };
	return rules;
}
