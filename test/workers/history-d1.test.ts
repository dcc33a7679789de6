import { env } from "cloudflare:test";
import { historyRepository } from "../../src/db";
import { historySpec } from "../support/history-spec";

// The shared history spec against real D1 (migrations applied by the setup file).
historySpec("D1", () => historyRepository(env));
