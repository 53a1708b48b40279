import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { StartClassForm } from "./start-class-form";

const made = { id: "sprints-abc123", title: "Sprints", startsAt: "2026-12-03T10:00:00.000Z", createdAt: "2026-12-03T10:00:00.000Z", createdBy: { id: "c1", name: "Cora" } };

describe("StartClassForm", () => {
  let script: (() => Response | Promise<Response>)[];
  const posts: { key: string | null; body: unknown }[] = [];
  const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
    posts.push({ key: new Headers(init?.headers).get("idempotency-key"), body: JSON.parse(String(init?.body)) });
    return (script.shift() ?? (() => Response.json({ class: made, announced: true }, { status: 201 })))();
  });

  beforeEach(() => {
    posts.length = 0;
    script = [];
    vi.stubGlobal("fetch", fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  const title = () => screen.getByRole("textbox", { name: "Class title" });
  const submit = () => act(async () => fireEvent.click(screen.getByRole("button", { name: "Start class" })));

  it("asks for a title before sending anything", async () => {
    render(<StartClassForm onStarted={vi.fn()} />);
    fireEvent.change(title(), { target: { value: "   " } });
    await submit();
    expect(screen.getByRole("alert")).toHaveTextContent("Give the class a title.");
    expect(title()).toHaveAttribute("aria-invalid", "true");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("starts a class, hands it over, and clears the form", async () => {
    const onStarted = vi.fn();
    render(<StartClassForm onStarted={onStarted} />);
    fireEvent.change(title(), { target: { value: " Sprints " } });
    await submit();
    expect(posts).toEqual([{ key: expect.stringMatching(/^[0-9a-f-]{36}$/), body: { title: "Sprints" } }]);
    expect(onStarted).toHaveBeenCalledWith(made);
    expect(title()).toHaveValue("");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("sends a chosen start time as an ISO instant", async () => {
    render(<StartClassForm onStarted={vi.fn()} />);
    fireEvent.change(title(), { target: { value: "Later" } });
    const local = new Date(Date.now() + 3_600_000);
    const value = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}T${String(local.getHours()).padStart(2, "0")}:${String(local.getMinutes()).padStart(2, "0")}`;
    fireEvent.change(screen.getByLabelText(/^Starts/), { target: { value } });
    await submit();
    expect((posts[0]!.body as { startsAt: string }).startsAt).toBe(new Date(value).toISOString());
  });

  it("shows the server's refusal, and a retry after a lost answer is the same start (same key)", async () => {
    script = [() => Response.json({ error: { code: "store_unavailable", message: "The data store is unavailable; try again shortly." } }, { status: 503 })];
    const onStarted = vi.fn();
    render(<StartClassForm onStarted={onStarted} />);
    fireEvent.change(title(), { target: { value: "Sprints" } });
    await submit();
    expect(screen.getByRole("alert")).toHaveTextContent("The data store is unavailable; try again shortly.");
    expect(title()).toHaveValue("Sprints");
    await submit();
    expect(posts).toHaveLength(2);
    expect(posts[1]!.key).toBe(posts[0]!.key);
    expect(onStarted).toHaveBeenCalledTimes(1);
    // A new class after that success gets a new key.
    fireEvent.change(title(), { target: { value: "Sprints" } });
    await submit();
    expect(posts[2]!.key).not.toBe(posts[0]!.key);
  });
});
