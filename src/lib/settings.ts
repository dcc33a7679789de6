import { type Settings, settingsFrom } from "../domain/settings";
import { configService } from "../partners";
import type { ConfigDocument } from "../partners/config-service";
import { configOf } from "./config";
import { warn } from "./log";

/**
 * The dynamic configuration, as this isolate sees it: the Config Service's document, read at most
 * once every CONFIG_REFRESH (concurrent requests share one read). When the service is down, slow
 * or answers something that is not a document, the last good document stays in force, and with
 * none yet the environment does: logged, never an error for a client, never a guessed limit.
 */
interface Cached {
	good?: ConfigDocument;
	settings?: Settings;
	checkedAt: number;
	reading?: Promise<Settings>;
}
const cache = new Map<string, Cached>();

export async function settingsOf(env: Env, now = Date.now()): Promise<Settings> {
	const config = configOf(env);
	const key = config.configServiceUrl;
	const cached = cache.get(key);
	if (cached?.settings && now - cached.checkedAt < config.configRefreshMs) return cached.settings;
	if (cached?.reading) return cached.reading;
	const entry: Cached = cached ?? { checkedAt: 0 };
	cache.set(key, entry);
	entry.reading = read(env, entry, now).finally(() => {
		entry.reading = undefined;
	});
	return entry.reading;
}

async function read(env: Env, entry: Cached, now: number): Promise<Settings> {
	const config = configOf(env);
	const environment = {
		limits: config.limits,
		cartTtlMs: config.cartTtlMs,
		paymentWindowMs: config.paymentWindowMs,
	};
	const reply = await configService(env).document();
	entry.checkedAt = now;
	if (reply.ok) {
		entry.good = reply.value;
		entry.settings = settingsFrom(environment, reply.value, "config-service");
	} else {
		warn("config service unavailable", {
			kind: reply.kind,
			detail: reply.detail,
			using: entry.good ? `last good version ${entry.good.version}` : "the environment",
		});
		entry.settings = settingsFrom(environment, entry.good, "last-good");
	}
	return entry.settings;
}
