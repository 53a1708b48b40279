"use client";

/** What this tab could get of a microphone and camera for a call, and why not. */
export interface LocalMedia {
  stream: MediaStream | null;
  /** A sentence for the person when something was missing or refused; null when all went well. */
  problem: string | null;
}

function describe(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return "Camera and microphone are blocked for this site: you can still hear and see the others.";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "No camera or microphone was found: you can still hear and see the others.";
  if (name === "NotReadableError") return "Your camera or microphone is in use by another app.";
  return "Your camera and microphone could not be started.";
}

/**
 * Opens the microphone (and the camera for a video call), falling back to
 * the microphone alone, then to nothing: a call you can only receive is
 * better than no call. Never throws.
 */
export async function openLocalMedia(video: boolean): Promise<LocalMedia> {
  if (!navigator.mediaDevices?.getUserMedia) return { stream: null, problem: "This browser cannot use a camera or microphone here (a secure https:// page is needed)." };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: video ? { width: { ideal: 640 }, height: { ideal: 360 } } : false });
    return { stream, problem: null };
  } catch (error) {
    if (!video) return { stream: null, problem: describe(error) };
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      return { stream, problem: "Your camera could not be started: the others hear you but do not see you." };
    } catch {
      return { stream: null, problem: describe(error) };
    }
  }
}

/** Stops every track (the camera light goes off). */
export function closeLocalMedia(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * A soft two-tone ring while an invitation is shown, through Web Audio (no
 * file to fetch). Browsers may refuse sound before the page was used: then
 * it is silent, and the notice still shows. Returns the stop function.
 */
export function startRingtone(): () => void {
  const AudioContextClass = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!AudioContextClass) return () => undefined;
  let context: AudioContext;
  try {
    context = new AudioContextClass();
  } catch {
    return () => undefined;
  }
  const ring = () => {
    if (context.state !== "running") return;
    const gain = context.createGain();
    gain.gain.value = 0.08;
    gain.connect(context.destination);
    [440, 480].forEach((frequency) => {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start();
      tone.stop(context.currentTime + 1);
    });
  };
  void context.resume().then(ring, () => undefined);
  const timer = setInterval(ring, 3_000);
  return () => {
    clearInterval(timer);
    void context.close().catch(() => undefined);
  };
}
