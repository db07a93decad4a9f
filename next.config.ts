import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native or worker-thread internals stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "pino", "@prisma/adapter-pg"],
  poweredByHeader: false,
};

export default nextConfig;
