import { Loader2 } from "lucide-react";

/** What a tab shows while its code loads. */
export function PanelLoading({ label }: { label: string }) {
  return (
    <p className="flex items-center justify-center gap-2 py-10 text-sm text-muted-foreground">
      <Loader2 aria-hidden className="size-4 animate-spin" /> {label}
    </p>
  );
}
