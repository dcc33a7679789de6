import type { BusinessType } from "../domain/business";
import { secretValues } from "./signature";

/**
 * The secrets callers sign their callbacks with: one per caller, each partner its own, so a
 * partner can never sign a callback about another partner's order. Each may hold two values
 * while it is rotated (see secretValues).
 */
export interface WebhookSecret {
	name: string;
	values: string[];
}

type SecretName =
	| "PAYMENT_WEBHOOK_SECRET"
	| "DOCUMENT_WEBHOOK_SECRET"
	| "TAXI_PARTNER_WEBHOOK_SECRET"
	| "RENT_PARTNER_WEBHOOK_SECRET"
	| "DELIVERY_PARTNER_WEBHOOK_SECRET"
	| "SHUTTLE_PARTNER_WEBHOOK_SECRET";

export function webhookSecret(env: Pick<Env, SecretName>, name: SecretName): WebhookSecret {
	return { name, values: secretValues(env[name]) };
}

export const partnerSecretName = (type: BusinessType) => `${type}_PARTNER_WEBHOOK_SECRET` as const;

export const partnerSecret = (env: Env, type: BusinessType): WebhookSecret =>
	webhookSecret(env, partnerSecretName(type));
