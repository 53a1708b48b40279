"use client";

import type { PresenceChannel } from "pusher-js";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";

import { ApiError, apiFetch } from "@/lib/api-client";
import {
  callEventSchema,
  callJoinResponseSchema,
  hangupMessageSchema,
  iceMessageSchema,
  mediaMessageSchema,
  ringingCallsSchema,
  signalMessageSchema,
} from "@/lib/call-client-schemas";
import { callReducer, idleCall, type CallState } from "@/lib/call-machine";
import { CallMesh, type PeerTraffic } from "@/lib/call-mesh";
import type { Call, IceServer } from "@/lib/call-schemas";
import { SignalQueue } from "@/lib/call-signal-queue";
import { CALL_EVENTS, callChannel, RING_TIMEOUT_MS } from "@/lib/calls";
import { setCallBusy, type CallRequest } from "@/lib/call-requests";
import { userChannel } from "@/lib/channels";
import { useRealtime } from "@/providers/realtime-provider";
import { useSession } from "@/providers/session-provider";

import { closeLocalMedia, openLocalMedia, startRingtone } from "./use-call-media";
import { useChannelEvents, useChannelSync } from "./use-channel-event";

/** How long the "call ended" summary stays before the window closes by itself. */
export const ENDED_SUMMARY_MS = 5_000;

/** Everything one joined call holds in this tab; torn down in one place (`leave`). */
interface Session {
  callId: string;
  channel: string;
  mesh: CallMesh;
  queue: SignalQueue;
  local: MediaStream | null;
}

export interface UseCall {
  state: CallState;
  local: MediaStream | null;
  remote: Record<string, MediaStream>;
  /** A problem with this tab's camera or microphone, or a failed request, to show. */
  notice: string | null;
  /** A request to start or answer is on its way. */
  pending: boolean;
  start(request: CallRequest): Promise<void>;
  accept(): Promise<void>;
  decline(): void;
  hangUp(): void;
  toggleMute(): void;
  toggleCamera(): void;
  dismiss(): void;
  traffic(): Promise<PeerTraffic[]>;
}

const leaveUrl = (callId: string) => `/api/calls/${encodeURIComponent(callId)}/leave`;

/**
 * This tab's part in calls: invitations arriving on the user's channel, the
 * call's presence channel (signalling, who drops), the peer connections and
 * the local camera and microphone. One call at a time.
 */
export function useCall(): UseCall {
  const user = useSession();
  const { pusher } = useRealtime();
  const [state, dispatch] = useReducer(callReducer, idleCall);
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<Record<string, MediaStream>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const session = useRef<Session | null>(null);
  /** When this tab's ringing stops (local clock). */
  const ringUntil = useRef(0);
  const current = useRef(state);
  useEffect(() => {
    current.current = state;
  });

  const ring = useCallback(
    (call: Call, ringMs: number) => {
      const { phase } = current.current;
      if (!user || (phase !== "idle" && phase !== "ended") || call.endedAt || ringMs <= 0) return;
      ringUntil.current = Date.now() + ringMs;
      dispatch({ type: "invited", call, me: user.id });
    },
    [user],
  );

  const myChannel = user ? userChannel(user.id) : null;
  useChannelEvents(myChannel, `${CALL_EVENTS.invite},${CALL_EVENTS.update}`, (event, data) => {
    const parsed = callEventSchema.safeParse(data);
    if (!parsed.success) return;
    if (event === CALL_EVENTS.invite) ring(parsed.data.call, RING_TIMEOUT_MS);
    else dispatch({ type: "updated", call: parsed.data.call });
  });

  // An invitation sent while this tab was offline or not yet open still rings, for what is left of its time.
  const RARELY = 60 * 60 * 1000;
  useChannelSync(
    myChannel,
    async () => {
      if (current.current.phase !== "idle" && current.current.phase !== "ended") return;
      const ringing = ringingCallsSchema.safeParse(await apiFetch("/api/calls").catch(() => null));
      const call = ringing.success ? ringing.data.calls[0] : undefined;
      if (call) ring(call, Math.min(RING_TIMEOUT_MS, Date.parse(call.ringUntil) - Date.parse(ringing.data!.now)));
    },
    RARELY,
  );

  const peerLeft = useCallback((userId: string) => {
    session.current?.mesh.remove(userId);
    setRemote(({ [userId]: _gone, ...rest }) => rest);
    dispatch({ type: "peer-left", userId });
  }, []);

  /** Leaves the joined call, if any: tells the peers, the server, and frees the camera. Safe to call twice. */
  const leave = useCallback(() => {
    const joined = session.current;
    if (!joined) return;
    session.current = null;
    const channel = pusher?.channel(joined.channel);
    try {
      if (channel?.subscribed) channel.trigger(CALL_EVENTS.hangup, {});
    } catch {
      // The peers still learn it from presence and the server's update.
    }
    joined.queue.close();
    joined.mesh.close();
    closeLocalMedia(joined.local);
    pusher?.unsubscribe(joined.channel);
    setLocal(null);
    setRemote({});
    void fetch(leaveUrl(joined.callId), { method: "POST", keepalive: true, credentials: "same-origin" }).catch(() => undefined);
  }, [pusher]);

  /** Joins the call's channel and connects to everyone already there. */
  const join = useCallback(
    (call: Call, iceServers: IceServer[], stream: MediaStream | null) => {
      if (!pusher || !user) return;
      const name = callChannel(call.id);
      const send = (event: string, data: unknown) => {
        const channel = pusher.channel(name);
        return Boolean(channel?.subscribed) && channel!.trigger(event, data);
      };
      const queue = new SignalQueue(send);
      const mesh = new CallMesh(user.id, iceServers, stream, call.video, queue, {
        onRemoteStream: (userId, remoteStream) => setRemote((all) => ({ ...all, [userId]: remoteStream })),
        onPeerStatus: (userId, status) => dispatch({ type: "peer-status", userId, status }),
        onPeerDropped: peerLeft,
      });
      session.current = { callId: call.id, channel: name, mesh, queue, local: stream };
      setLocal(stream);
      const channel = pusher.subscribe(name) as PresenceChannel;
      const mine = () => session.current?.mesh === mesh;
      const failed = (message: string) => mine() && dispatch({ type: "failed", message });
      channel.bind("pusher:subscription_succeeded", () => {
        if (!mine()) return;
        queue.push(CALL_EVENTS.media, { audio: !current.current.muted, video: !current.current.cameraOff });
        channel.members.each((member: { id: string }) => {
          if (member.id !== user.id) mesh.call(member.id).catch(() => failed("Could not connect the call."));
        });
      });
      channel.bind("pusher:subscription_error", () => failed("You can no longer join this call."));
      channel.bind("pusher:member_removed", (member: { id: string }) => mine() && peerLeft(member.id));
      channel.bind(CALL_EVENTS.signal, (data: unknown, meta?: { user_id?: string }) => {
        const parsed = signalMessageSchema.safeParse(data);
        if (mine() && parsed.success && meta?.user_id) mesh.signal(meta.user_id, parsed.data).catch(() => undefined);
      });
      channel.bind(CALL_EVENTS.ice, (data: unknown, meta?: { user_id?: string }) => {
        const parsed = iceMessageSchema.safeParse(data);
        if (mine() && parsed.success && meta?.user_id) void mesh.ice(meta.user_id, parsed.data);
      });
      channel.bind(CALL_EVENTS.media, (data: unknown, meta?: { user_id?: string }) => {
        const parsed = mediaMessageSchema.safeParse(data);
        if (mine() && parsed.success && meta?.user_id) dispatch({ type: "remote-media", userId: meta.user_id, ...parsed.data });
      });
      channel.bind(CALL_EVENTS.hangup, (data: unknown, meta?: { user_id?: string }) => {
        if (mine() && hangupMessageSchema.safeParse(data).success && meta?.user_id) peerLeft(meta.user_id);
      });
    },
    [pusher, user, peerLeft],
  );

  const start = useCallback(
    async (request: CallRequest) => {
      if (!user || current.current.phase !== "idle" || pending) return;
      setPending(true);
      setNotice(null);
      const media = await openLocalMedia(request.video);
      try {
        const { call, iceServers } = callJoinResponseSchema.parse(await apiFetch("/api/calls", { json: request }));
        setNotice(media.problem);
        ringUntil.current = Date.now() + RING_TIMEOUT_MS;
        dispatch({ type: "started", call, me: user.id });
        join(call, iceServers, media.stream);
      } catch (error) {
        closeLocalMedia(media.stream);
        setNotice(error instanceof ApiError ? error.message : "The call could not be started. Try again.");
      } finally {
        setPending(false);
      }
    },
    [user, pending, join],
  );

  const accept = useCallback(async () => {
    const { call, phase, direction } = current.current;
    if (!call || phase !== "ringing" || direction !== "incoming") return;
    dispatch({ type: "accept" });
    setPending(true);
    const media = await openLocalMedia(call.video);
    try {
      const joined = callJoinResponseSchema.parse(await apiFetch(`/api/calls/${encodeURIComponent(call.id)}/accept`, { method: "POST" }));
      setNotice(media.problem);
      dispatch({ type: "joined", call: joined.call });
      join(joined.call, joined.iceServers, media.stream);
    } catch (error) {
      closeLocalMedia(media.stream);
      dispatch({ type: "failed", message: error instanceof ApiError ? error.message : "Could not join the call." });
    } finally {
      setPending(false);
    }
  }, [join]);

  const decline = useCallback(() => {
    const { call } = current.current;
    if (!call) return;
    dispatch({ type: "decline" });
    apiFetch(`/api/calls/${encodeURIComponent(call.id)}/decline`, { method: "POST" }).catch(() => undefined);
  }, []);

  const setMedia = useCallback((muted: boolean, cameraOff: boolean) => {
    const joined = session.current;
    if (!joined) return;
    joined.mesh.setAudio(!muted);
    joined.mesh.setVideo(!cameraOff);
    joined.queue.push(CALL_EVENTS.media, { audio: !muted, video: !cameraOff });
  }, []);

  const toggleMute = useCallback(() => {
    const { muted, cameraOff } = current.current;
    dispatch({ type: "toggle-mute" });
    setMedia(!muted, cameraOff);
  }, [setMedia]);

  const toggleCamera = useCallback(() => {
    const { muted, cameraOff } = current.current;
    dispatch({ type: "toggle-camera" });
    setMedia(muted, !cameraOff);
  }, [setMedia]);

  const hangUp = useCallback(() => dispatch({ type: "hang-up" }), []);
  const dismiss = useCallback(() => {
    setNotice(null);
    dispatch({ type: "dismiss" });
  }, []);
  const traffic = useCallback(() => session.current?.mesh.traffic() ?? Promise.resolve([]), []);

  // The phase drives the timers and the one way out.
  const { phase, direction, endReason } = state;
  useEffect(() => {
    setCallBusy(phase !== "idle");
    if (phase === "ringing") {
      const stopRing = direction === "incoming" ? startRingtone() : () => undefined;
      const timer = setTimeout(() => dispatch({ type: "ring-timeout" }), Math.max(0, ringUntil.current - Date.now()));
      return () => {
        clearTimeout(timer);
        stopRing();
      };
    }
    if (phase === "ended") {
      leave();
      const quiet = endReason === "declined" || endReason === "answered-elsewhere" || endReason === "declined-elsewhere";
      const timer = setTimeout(() => dispatch({ type: "dismiss" }), quiet ? 0 : ENDED_SUMMARY_MS);
      return () => clearTimeout(timer);
    }
  }, [phase, direction, endReason, leave]);

  // Closing the tab or signing out leaves the call.
  useEffect(() => {
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
      setCallBusy(false);
    };
  }, [leave]);

  return { state, local, remote, notice, pending, start, accept, decline, hangUp, toggleMute, toggleCamera, dismiss, traffic };
}
