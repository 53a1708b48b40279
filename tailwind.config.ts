import type { Config } from "tailwindcss";

// Tailwind 4 reads its theme from CSS (src/app/globals.css: colour tokens and
// the system font stack); this file only names where the classes are.
const config: Config = {
  content: ["./src/**/*.{ts,tsx}"],
};

export default config;
