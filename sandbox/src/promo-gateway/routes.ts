import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { BusinessType } from "../session-manager/schemas";
import { calculate, validate } from "./rules";

const Code = z.string().trim().min(1).max(64);
const Amount = z.number().int().min(0).max(1_000_000_000_000);

const ValidateBody = z.object({
	code: Code,
	businessType: BusinessType.optional(),
	amount: Amount.optional(),
});

const CalculateBody = z.object({
	code: Code,
	items: z.array(z.object({ businessType: BusinessType, amount: Amount })).max(100),
});

/** The Promo Gateway: a fixed catalogue of codes that exercise every discount rule. */
export const promoGateway = new Hono<AppEnv>()
	.post("/promos/validate", async (c) => {
		const body = await readJson(c, ValidateBody);
		return c.json(validate(body.code, c.var.now), 200);
	})
	.post("/promos/calculate", async (c) => {
		const body = await readJson(c, CalculateBody);
		return c.json(calculate(body.code, body.items, c.var.now), 200);
	});
