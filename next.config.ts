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
  // API responses are JSON: a fixed policy that allows nothing, and the same
  // headers the proxy sets on pages (src/proxy.ts skips /api, see there).
  headers: async () => [
    {
      source: "/api/:path*",
      headers: [
        { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
      ],
    },
    {
      // Uploaded files (src/server/files/serve.ts sets the same): nothing in one can run, even opened
      // directly. Listed last, so it overrides the API policy above for these paths.
      source: "/api/files/:path*",
      headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; sandbox" }],
    },
  ],
};

export default nextConfig;
