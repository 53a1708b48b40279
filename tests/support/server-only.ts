// The `server-only` guard throws outside React Server Components; tests import
// server modules directly, so they resolve it to this empty module instead.
export {};
