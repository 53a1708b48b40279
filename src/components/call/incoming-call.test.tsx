import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { Call } from "@/lib/call-schemas";

import { IncomingCall, incomingLine } from "./incoming-call";

const call: Call = {
  id: "c1",
  video: true,
  createdBy: "cora",
  createdAt: "2026-12-03T10:00:00.000Z",
  ringUntil: "2026-12-03T10:00:30.000Z",
  endedAt: null,
  participants: [
    { id: "cora", name: "Cora", role: "coach", state: "joined" },
    { id: "ana", name: "Ana", role: "athlete", state: "invited" },
    { id: "ben", name: "Ben", role: "athlete", state: "invited" },
    { id: "dee", name: "Dee", role: "athlete", state: "invited" },
  ],
};

describe("IncomingCall", () => {
  it("names the caller and the others invited", () => {
    expect(incomingLine(call, "ana")).toBe("Cora is calling you with Ben and Dee.");
    expect(incomingLine({ ...call, participants: call.participants.slice(0, 2) }, "ana")).toBe("Cora is calling you.");
    expect(incomingLine({ ...call, participants: [...call.participants.slice(0, 2), { ...call.participants[2]! }] }, "ana")).toBe("Cora is calling you with Ben.");
  });

  it("is an alert dialog named by its title, with Accept focused, and Escape declines", () => {
    const onAccept = vi.fn();
    const onDecline = vi.fn();
    render(<IncomingCall call={call} me="ana" pending={false} onAccept={onAccept} onDecline={onDecline} />);
    const notice = screen.getByRole("alertdialog", { name: "Incoming video call" });
    expect(notice).toHaveAccessibleDescription("Cora is calling you with Ben and Dee.");
    expect(screen.getByRole("button", { name: "Accept" })).toHaveFocus();
    fireEvent.keyDown(notice, { key: "Escape" });
    expect(onDecline).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole("button", { name: "Accept" }));
    expect(onAccept).toHaveBeenCalledOnce();
  });

  it("does not take focus from a half-written message, but does from an empty box", () => {
    const box = document.createElement("textarea");
    document.body.append(box);
    box.value = "See you at";
    box.focus();
    const { unmount } = render(<IncomingCall call={call} me="ana" pending={false} onAccept={vi.fn()} onDecline={vi.fn()} />);
    expect(box).toHaveFocus();
    unmount();
    box.value = "";
    box.focus();
    render(<IncomingCall call={{ ...call, video: false }} me="ana" pending={false} onAccept={vi.fn()} onDecline={vi.fn()} />);
    expect(screen.getByRole("alertdialog", { name: "Incoming voice call" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Accept" })).toHaveFocus();
    box.remove();
  });

  it("disables both answers while one is on its way", () => {
    render(<IncomingCall call={call} me="ana" pending onAccept={vi.fn()} onDecline={vi.fn()} />);
    expect(screen.getByRole("button", { name: "Accept" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Decline" })).toBeDisabled();
  });
});
