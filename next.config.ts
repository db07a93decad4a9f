import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native or worker-thread internals stay out of the bundle.
  serverExternalPackages: ["bullmq", "ioredis", "pg", "pino", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // Lets two builds on one machine (e.g. concurrent e2e runs) keep separate output folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
