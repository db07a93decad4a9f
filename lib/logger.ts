import pino from "pino";
import { env } from "./env";

// Structured JSON logs (one object per line) for every process: web, workers, scripts.
export const logger = pino({ level: env().LOG_LEVEL, base: { service: "baton" } });
