"use client";

import { LogIn } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Input, Label, Select } from "@/components/ui/input";
import { useIsClient } from "@/hooks/use-is-client";
import { ApiError, apiFetch } from "@/lib/api-client";
import { markJoined } from "@/lib/join-focus";
import type { Role } from "@/lib/schemas";

type FieldErrors = Partial<Record<"name" | "role" | "accessCode", string>>;

/** The join screen: a name, a role, and for coaches the access code. */
export function JoinForm() {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("athlete");
  const [accessCode, setAccessCode] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Until React has hydrated the form, typing would be lost and a click would submit it natively
  // (the fields, access code included, into the URL): the fields wait, enabled with hydration.
  const ready = useIsClient();
  const nameField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ready) nameField.current?.focus();
  }, [ready]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    setPending(true);
    try {
      // The schemas (zod/mini) come with the first submit, not with the join screen: the signed-in page needs them next anyway.
      const { sessionRequestSchema } = await import("@/lib/client-schemas");
      const parsed = sessionRequestSchema.safeParse({ name, role, ...(role === "coach" ? { accessCode } : {}) });
      if (!parsed.success) {
        const next: FieldErrors = {};
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] as keyof FieldErrors;
          next[field] ??= issue.message;
        }
        setErrors(next);
        setPending(false);
        return;
      }
      if (role === "coach" && !accessCode) {
        setErrors({ accessCode: "Coaches need the access code." });
        setPending(false);
        return;
      }
      setErrors({});
      await apiFetch("/api/session", { json: parsed.data });
      markJoined();
      router.refresh();
    } catch (error) {
      setFormError(error instanceof ApiError ? error.message : "Could not join. Try again.");
      setPending(false);
    }
  }

  const field = (key: keyof FieldErrors) => ({
    id: `${id}-${key}`,
    "aria-invalid": errors[key] ? true : undefined,
    "aria-describedby": errors[key] ? `${id}-${key}-error` : undefined,
  });
  const fieldError = (key: keyof FieldErrors) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="text-sm text-destructive">
        {errors[key]}
      </p>
    ) : null;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-title`}
      className="mx-auto mt-2 flex max-w-sm flex-col gap-4 rounded-xl border border-border bg-card p-4 shadow-sm sm:mt-10 sm:p-6"
    >
      <div>
        <h1 id={`${id}-title`} className="text-xl font-semibold">
          Join your team
        </h1>
        <p className="mt-1 text-sm text-muted-foreground">Chat with your team and follow the leaderboard live.</p>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input ref={nameField} {...field("name")} value={name} onChange={(e) => setName(e.target.value)} autoComplete="nickname" maxLength={80} disabled={!ready} />
        {fieldError("name")}
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`${id}-role`}>Role</Label>
        <Select {...field("role")} value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={!ready}>
          <option value="athlete">Athlete</option>
          <option value="coach">Coach</option>
        </Select>
        {fieldError("role")}
      </div>
      {role === "coach" && (
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${id}-accessCode`}>Access code</Label>
          <Input
            {...field("accessCode")}
            type="password"
            value={accessCode}
            onChange={(e) => setAccessCode(e.target.value)}
            autoComplete="off"
          />
          {fieldError("accessCode")}
        </div>
      )}
      {formError && (
        <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {formError}
        </p>
      )}
      <Button type="submit" disabled={pending || !ready}>
        <LogIn aria-hidden className="size-4" />
        {pending ? "Joining…" : "Join"}
      </Button>
    </form>
  );
}
