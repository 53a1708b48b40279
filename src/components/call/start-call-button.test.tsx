import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

import type { OnlineMember } from "@/hooks/use-presence";
import { onCallRequest, setCallBusy, type CallRequest } from "@/lib/call-requests";
import type { SessionUser } from "@/lib/schemas";
import { SessionProvider } from "@/providers/session-provider";

import { StartCallButton } from "./start-call-button";

const coach: SessionUser = { id: "cora", name: "Cora", role: "coach" };
const online: OnlineMember[] = [
  { id: "cora", name: "Cora", role: "coach" },
  ...["Ana", "Ben", "Dee", "Eve"].map((name) => ({ id: name.toLowerCase(), name, role: "athlete" as const })),
];

const renderAs = (user: SessionUser, members = online) =>
  render(
    <SessionProvider user={user}>
      <StartCallButton online={members} />
    </SessionProvider>,
  );

beforeAll(() => {
  // jsdom has <dialog> without its modal methods.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});
afterEach(() => setCallBusy(false));

describe("StartCallButton", () => {
  it("is for coaches only", () => {
    renderAs({ id: "ana", name: "Ana", role: "athlete" });
    expect(screen.queryByRole("button", { name: "Call" })).toBeNull();
  });

  it("lists who is online but you, allows 3, and asks the call layer for a video or voice call", () => {
    const requests: CallRequest[] = [];
    const stop = onCallRequest((request) => requests.push(request));
    renderAs(coach);
    fireEvent.click(screen.getByRole("button", { name: "Call" }));
    const dialog = screen.getByRole("dialog", { name: "Start a call" });
    expect(screen.queryByRole("checkbox", { name: /Cora/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Video call" })).toBeDisabled();
    for (const name of ["Ana", "Ben", "Dee"]) fireEvent.click(screen.getByRole("checkbox", { name: new RegExp(name) }));
    expect(screen.getByRole("checkbox", { name: /Eve/ })).toBeDisabled();
    fireEvent.click(screen.getByRole("checkbox", { name: /Ben/ }));
    expect(screen.getByRole("checkbox", { name: /Eve/ })).toBeEnabled();
    fireEvent.click(screen.getByRole("button", { name: "Voice call" }));
    expect(requests).toEqual([{ invitees: ["ana", "dee"], video: false }]);
    expect((dialog as HTMLDialogElement).open).toBe(false);
    stop();
  });

  it("says when nobody else is online, and is off while a call is on", () => {
    const { rerender } = renderAs(coach, online.slice(0, 1));
    fireEvent.click(screen.getByRole("button", { name: "Call" }));
    expect(screen.getByText("Nobody else is online right now.")).toBeInTheDocument();
    setCallBusy(true);
    rerender(
      <SessionProvider user={coach}>
        <StartCallButton online={online} />
      </SessionProvider>,
    );
    expect(screen.getByRole("button", { name: "Call" })).toBeDisabled();
  });
});
