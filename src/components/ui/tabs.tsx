"use client";

import { createContext, useContext, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type * as React from "react";

import { cn } from "@/lib/utils";

interface TabsContextValue {
  value: string;
  select: (value: string, focusPanel: boolean) => void;
  id: (part: "tab" | "panel", value: string) => string;
  /** The tab chosen by a click or Enter (a new object each time): its panel takes focus once shown. */
  focusRequest: { tab: string } | null;
}

const TabsContext = createContext<TabsContextValue | null>(null);

function useTabs(): TabsContextValue {
  const context = useContext(TabsContext);
  if (!context) throw new Error("Tabs parts must be used inside <Tabs>");
  return context;
}

/**
 * WAI-ARIA tabs (automatic activation): arrow keys, Home and End move along
 * the list and select; a click or Enter selects and moves focus into the
 * panel. Only the selected panel is rendered.
 */
function Tabs({
  value,
  onValueChange,
  className,
  ...props
}: Omit<React.ComponentProps<"div">, "onChange"> & { value: string; onValueChange: (value: string) => void }) {
  const base = useId();
  const [focusRequest, setFocusRequest] = useState<{ tab: string } | null>(null);
  const context: TabsContextValue = {
    value,
    select(next, focusPanel) {
      setFocusRequest(focusPanel ? { tab: next } : null);
      if (next !== value) onValueChange(next);
    },
    id: (part, tab) => `${base}-${part}-${tab}`,
    focusRequest,
  };
  return (
    <TabsContext.Provider value={context}>
      <div data-slot="tabs" className={cn("flex flex-col gap-4", className)} {...props} />
    </TabsContext.Provider>
  );
}

function TabsList({ className, onKeyDown, ...props }: React.ComponentProps<"div">) {
  const { select } = useTabs();
  function move(event: KeyboardEvent<HTMLDivElement>) {
    onKeyDown?.(event);
    const tabs = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length]!;
    target.focus();
    select(target.dataset.value!, false);
  }
  return <div data-slot="tabs-list" role="tablist" aria-orientation="horizontal" onKeyDown={move} className={className} {...props} />;
}

function TabsTrigger({ value, className, ...props }: Omit<React.ComponentProps<"button">, "value"> & { value: string }) {
  const context = useTabs();
  const selected = context.value === value;
  return (
    <button
      data-slot="tabs-trigger"
      type="button"
      role="tab"
      id={context.id("tab", value)}
      aria-controls={context.id("panel", value)}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      data-state={selected ? "active" : "inactive"}
      data-value={value}
      onClick={() => context.select(value, true)}
      className={cn("focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring", className)}
      {...props}
    />
  );
}

function TabsContent({ value, className, ...props }: React.ComponentProps<"div"> & { value: string }) {
  const context = useTabs();
  const panel = useRef<HTMLDivElement>(null);
  const selected = context.value === value;
  const { focusRequest } = context;
  useEffect(() => {
    if (selected && focusRequest?.tab === value) panel.current?.focus({ preventScroll: true });
  }, [selected, focusRequest, value]);
  if (!selected) return null;
  return (
    <div
      ref={panel}
      data-slot="tabs-content"
      role="tabpanel"
      id={context.id("panel", value)}
      aria-labelledby={context.id("tab", value)}
      tabIndex={-1}
      className={cn("rounded-xl outline-none focus-visible:outline-2 focus-visible:outline-ring", className)}
      {...props}
    />
  );
}

export { Tabs, TabsContent, TabsList, TabsTrigger };
