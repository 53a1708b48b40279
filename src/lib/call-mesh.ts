/**
 * The media side of one call in one tab: an RTCPeerConnection per other
 * participant (a mesh; at most 3), negotiated over the call channel's client
 * events. Browser-only, no React: the hook (use-call.ts) owns its life and
 * feeds it the validated signalling messages.
 *
 * Who offers: the one who arrives offers to everyone already there; those
 * already there wait. Should two offers still cross, the peer with the
 * greater user id yields (the "polite" one of perfect negotiation).
 */
import type { IceMessage, SignalMessage } from "./call-client-schemas";
import type { IceServer } from "./call-schemas";
import { CALL_EVENTS } from "./calls";
import type { SignalQueue } from "./call-signal-queue";

/** A peer whose link stays down this long counts as gone (tab frozen, network lost) even if presence has not said so yet. */
export const PEER_DROP_MS = 20_000;

export type MeshPeerStatus = "connecting" | "connected" | "reconnecting";

export interface MeshEvents {
  onRemoteStream(userId: string, stream: MediaStream): void;
  onPeerStatus(userId: string, status: MeshPeerStatus): void;
  /** The peer's link failed for good (PEER_DROP_MS without a connection). */
  onPeerDropped(userId: string): void;
}

/** One peer's traffic, from RTCPeerConnection.getStats (what the call window's details show). */
export interface PeerTraffic {
  userId: string;
  state: RTCPeerConnectionState;
  audioIn: number;
  videoIn: number;
  audioOut: number;
  videoOut: number;
}

interface Peer {
  pc: RTCPeerConnection;
  remote: MediaStream;
  /** Candidates that came before the remote description. */
  early: RTCIceCandidateInit[];
  makingOffer: boolean;
  dropTimer?: ReturnType<typeof setTimeout>;
}

export class CallMesh {
  private readonly peers = new Map<string, Peer>();
  private audio: MediaStreamTrack | null;
  private video: MediaStreamTrack | null;
  private audioOn = true;
  private videoOn = true;
  private closed = false;

  constructor(
    private readonly me: string,
    private readonly iceServers: IceServer[],
    local: MediaStream | null,
    private readonly wantsVideo: boolean,
    private readonly signals: SignalQueue,
    private readonly events: MeshEvents,
  ) {
    this.audio = local?.getAudioTracks()[0] ?? null;
    this.video = local?.getVideoTracks()[0] ?? null;
  }

  /** Offers a connection to someone already in the call (we just arrived). */
  async call(userId: string): Promise<void> {
    const peer = this.peer(userId, true);
    await this.offer(userId, peer);
  }

  /** An offer or answer from `from` (the presence user id Pusher stamped on it). */
  async signal(from: string, message: SignalMessage): Promise<void> {
    if (this.closed || message.to !== this.me || from === this.me) return;
    const { description } = message;
    const existing = this.peers.get(from);
    if (description.type === "answer") {
      if (!existing || existing.pc.signalingState !== "have-local-offer") return; // stale or unasked-for: ignored
      await existing.pc.setRemoteDescription(description);
    } else {
      const peer = existing ?? this.peer(from, false);
      const collision = peer.makingOffer || peer.pc.signalingState !== "stable";
      if (collision && this.me < from) return; // impolite: keep our own offer
      await peer.pc.setRemoteDescription(description); // polite: an implicit rollback of ours
      this.sendAll(peer);
      await peer.pc.setLocalDescription();
      this.signals.push(CALL_EVENTS.signal, { to: from, description: { type: "answer", sdp: peer.pc.localDescription!.sdp } } satisfies SignalMessage);
    }
    const peer = this.peers.get(from)!;
    for (const candidate of peer.early.splice(0)) await peer.pc.addIceCandidate(candidate).catch(() => undefined);
  }

  /** ICE candidates from `from`. */
  async ice(from: string, message: IceMessage): Promise<void> {
    if (this.closed || message.to !== this.me) return;
    const peer = this.peers.get(from);
    if (!peer) return;
    for (const candidate of message.candidates) {
      if (!peer.pc.remoteDescription) peer.early.push(candidate);
      else await peer.pc.addIceCandidate(candidate).catch(() => undefined); // a bad candidate only loses that path
    }
  }

  /** Closes the link to one peer (they hung up or dropped). */
  remove(userId: string): void {
    const peer = this.peers.get(userId);
    if (!peer) return;
    clearTimeout(peer.dropTimer);
    peer.pc.close();
    this.peers.delete(userId);
  }

  /** Microphone on or off: off sends no audio at all (the sender's track is removed), not silence. */
  setAudio(on: boolean): void {
    this.audioOn = on;
    if (this.audio) this.audio.enabled = on;
    for (const peer of this.peers.values()) void this.sender(peer, "audio")?.replaceTrack(on ? this.audio : null);
  }

  /** Camera on or off, the same way. */
  setVideo(on: boolean): void {
    this.videoOn = on;
    if (this.video) this.video.enabled = on;
    for (const peer of this.peers.values()) void this.sender(peer, "video")?.replaceTrack(on ? this.video : null);
  }

  /** Each peer's bytes in and out, by kind. */
  async traffic(): Promise<PeerTraffic[]> {
    return Promise.all(
      [...this.peers].map(async ([userId, { pc }]) => {
        const traffic: PeerTraffic = { userId, state: pc.connectionState, audioIn: 0, videoIn: 0, audioOut: 0, videoOut: 0 };
        (await pc.getStats()).forEach((report: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
          if (report.type === "inbound-rtp") traffic[report.kind === "video" ? "videoIn" : "audioIn"] += report.bytesReceived ?? 0;
          if (report.type === "outbound-rtp") traffic[report.kind === "video" ? "videoOut" : "audioOut"] += report.bytesSent ?? 0;
        });
        return traffic;
      }),
    );
  }

  /** Ends every link; the mesh cannot be used again. */
  close(): void {
    this.closed = true;
    for (const userId of [...this.peers.keys()]) this.remove(userId);
  }

  private peer(userId: string, offering: boolean): Peer {
    const found = this.peers.get(userId);
    if (found) return found;
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const peer: Peer = { pc, remote: new MediaStream(), early: [], makingOffer: false };
    this.peers.set(userId, peer);
    if (offering) {
      // Both directions even without a microphone or camera here, so we still receive theirs.
      pc.addTransceiver("audio", { direction: "sendrecv" });
      if (this.wantsVideo) pc.addTransceiver("video", { direction: "sendrecv" });
      this.sendAll(peer);
    }
    pc.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) this.signals.pushCandidate(userId, candidate.toJSON() as IceMessage["candidates"][number]);
    };
    pc.ontrack = ({ track }) => {
      peer.remote.addTrack(track);
      this.events.onRemoteStream(userId, peer.remote);
    };
    pc.onconnectionstatechange = () => this.watch(userId, peer);
    this.events.onPeerStatus(userId, "connecting");
    return peer;
  }

  private watch(userId: string, peer: Peer): void {
    const state = peer.pc.connectionState;
    if (state === "connected") {
      clearTimeout(peer.dropTimer);
      peer.dropTimer = undefined;
      this.events.onPeerStatus(userId, "connected");
      return;
    }
    if (state !== "disconnected" && state !== "failed") return;
    this.events.onPeerStatus(userId, "reconnecting");
    // The offering side restarts ICE once the link failed; either side gives up after PEER_DROP_MS.
    if (state === "failed" && this.me < userId) {
      peer.pc.restartIce();
      void this.offer(userId, peer);
    }
    peer.dropTimer ??= setTimeout(() => {
      if (this.peers.get(userId) !== peer || peer.pc.connectionState === "connected") return;
      this.remove(userId);
      this.events.onPeerDropped(userId);
    }, PEER_DROP_MS);
  }

  private async offer(userId: string, peer: Peer): Promise<void> {
    try {
      peer.makingOffer = true;
      await peer.pc.setLocalDescription();
      this.signals.push(CALL_EVENTS.signal, { to: userId, description: { type: "offer", sdp: peer.pc.localDescription!.sdp } } satisfies SignalMessage);
    } finally {
      peer.makingOffer = false;
    }
  }

  /** Puts our tracks on the peer's senders (the answering side's transceivers come from the offer). */
  private sendAll(peer: Peer): void {
    for (const transceiver of peer.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      transceiver.direction = "sendrecv";
      const track = kind === "audio" ? (this.audioOn ? this.audio : null) : this.videoOn ? this.video : null;
      void transceiver.sender.replaceTrack(track);
    }
  }

  private sender(peer: Peer, kind: "audio" | "video"): RTCRtpSender | undefined {
    return peer.pc.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender;
  }
}
