import type { Config } from "tailwindcss";

// Tailwind 4 reads its theme from CSS; this file (loaded by globals.css via
// @config) only widens the font stacks.
const config: Config = {
  content: ["./src/**/*.{ts,tsx}"],
  theme: {
    extend: {
      fontFamily: {
        sans: ["Inter", "ui-sans-serif", "system-ui", "sans-serif"],
      },
    },
  },
};

export default config;
