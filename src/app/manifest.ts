import type { MetadataRoute } from "next";

/** The web app manifest (/manifest.webmanifest): installable on a phone's home screen, opening on the team chat. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "CoachPro",
    short_name: "CoachPro",
    description: "Live team chat and leaderboard for coaches and athletes.",
    id: "/",
    start_url: "/?tab=chat",
    scope: "/",
    display: "standalone",
    orientation: "any",
    background_color: "#f8fafc",
    theme_color: "#4f46e5",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
    ],
  };
}
