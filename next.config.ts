import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run dev` is often opened as http://127.0.0.1:3000 as well as localhost.
  allowedDevOrigins: ["127.0.0.1"],
  serverExternalPackages: ["pusher", "prom-client"],
  // `npm run typecheck` checks every file (tests included) before the build;
  // checking again inside `next build` would only repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
