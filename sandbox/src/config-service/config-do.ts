import { DurableObject } from "cloudflare:workers";
import { type ConfigDocument, type ConfigPatch, initialDocument, merged } from "./document";

/** The one ConfigDO instance (getByName) that holds the orchestrator's dynamic configuration. */
export const CONFIG_INSTANCE = "order-orchestrator";

/**
 * Responsibilities: the Config Service's document for the orchestrator, versioned. Reads answer
 * it; an update deep-merges a partial document into it and bumps the version when it changed.
 */
export class ConfigDO extends DurableObject<Env> {
	read(now: string): ConfigDocument {
		return this.ctx.storage.kv.get<ConfigDocument>("document") ?? initialDocument(now);
	}

	update(patch: ConfigPatch, now: string): ConfigDocument {
		const next = merged(this.read(now), patch, now);
		this.ctx.storage.kv.put("document", next);
		return next;
	}

	/** Back to the initial document (every method on, nothing set), at a new version. */
	reset(now: string): ConfigDocument {
		const current = this.read(now);
		const next = { ...initialDocument(now), version: current.version + 1 };
		this.ctx.storage.kv.put("document", next);
		return next;
	}
}
