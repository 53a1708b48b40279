import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names (clsx). No tailwind-merge (≈ 10 KB gzip of the page's
 * budget): components give variants through cva instead of overriding one
 * utility with another, so no two classes fight over one property.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
