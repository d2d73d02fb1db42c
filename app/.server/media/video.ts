// Video and audio: ffprobe for facts, ffmpeg for a poster frame.
import { rm, stat } from "node:fs/promises";
import { MediaError, mediaErrors } from "./errors";
import { runTool, ToolFailure } from "./exec";
import { labelOf } from "./formats";

export interface AvProbe {
  durationSec?: number;
  container?: string;
  videoCodec?: string;
  audioCodec?: string;
  /** Display size (rotation metadata applied). */
  width?: number;
  height?: number;
  frameRate?: number;
  bitrate?: number;
  rotation?: number;
  audioSampleRate?: number;
  audioChannels?: number;
  hasVideo: boolean;
  hasAudio: boolean;
}

const TIMEOUT_MS = 60_000;
const POSTER_MAX_SIDE = 1600;

// The sniffed type decides the demuxer, so ffmpeg never guesses a playlist or concat script from content.
const DEMUXERS: Record<string, string> = {
  "video/mp4": "mov", "video/x-m4v": "mov", "video/quicktime": "mov", "audio/x-m4a": "mov",
  "video/webm": "matroska", "audio/mpeg": "mp3", "audio/wav": "wav", "audio/aac": "aac",
  "audio/ogg": "ogg", "audio/flac": "flac",
};

function inputArgs(path: string, mime?: string): string[] {
  const demuxer = mime ? DEMUXERS[mime] : undefined;
  return ["-protocol_whitelist", "file", ...(demuxer ? ["-f", demuxer] : []), "-i", `file:${path}`];
}

interface FfStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}
interface FfProbeJson {
  format?: { format_name?: string; duration?: string; bit_rate?: string };
  streams?: FfStream[];
}

export async function probeAv(path: string, mime?: string): Promise<AvProbe> {
  const label = mime ? labelOf(mime) : "media file";
  let stdout: string;
  try {
    ({ stdout } = await runTool(
      "ffprobe",
      ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", ...inputArgs(path, mime)],
      { timeoutMs: TIMEOUT_MS, debianPackage: "ffmpeg", label },
    ));
  } catch (e) {
    throw await avError(e, path, label);
  }
  let json: FfProbeJson;
  try {
    json = JSON.parse(stdout) as FfProbeJson;
  } catch {
    throw mediaErrors.corrupt(label, undefined, `ffprobe printed no JSON: ${stdout.slice(0, 200)}`);
  }
  const streams = json.streams ?? [];
  // Cover art in audio files shows up as a one-frame video stream.
  const video = streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === "audio");
  if (!video && !audio) throw mediaErrors.corrupt(label, "it has no video or audio track");

  const rotation = rotationOf(video);
  const swap = rotation !== undefined && Math.abs(rotation) % 180 === 90;
  const out: AvProbe = { hasVideo: !!video, hasAudio: !!audio };
  const duration = num(json.format?.duration) ?? num(video?.duration) ?? num(audio?.duration);
  if (duration !== undefined) out.durationSec = round(duration, 3);
  if (json.format?.format_name) out.container = json.format.format_name;
  if (video?.codec_name) out.videoCodec = video.codec_name;
  if (audio?.codec_name) out.audioCodec = audio.codec_name;
  if (video?.width && video.height) {
    out.width = swap ? video.height : video.width;
    out.height = swap ? video.width : video.height;
  }
  const fps = rate(video?.avg_frame_rate) ?? rate(video?.r_frame_rate);
  if (fps !== undefined) out.frameRate = round(fps, 3);
  const bitrate = num(json.format?.bit_rate);
  if (bitrate !== undefined) out.bitrate = Math.round(bitrate);
  if (rotation) out.rotation = rotation;
  const sampleRate = num(audio?.sample_rate);
  if (sampleRate !== undefined) out.audioSampleRate = sampleRate;
  if (audio?.channels) out.audioChannels = audio.channels;
  return out;
}

/**
 * Writes one frame as PNG at min(1 s, 10 % of the duration), scaled to fit 1600² (ffmpeg applies the
 * rotation metadata itself). Falls back to the first frame when the seek lands past the end.
 */
export async function posterFrame(path: string, outPath: string, opts: { durationSec?: number; mime?: string } = {}): Promise<string> {
  const label = opts.mime ? labelOf(opts.mime) : "video";
  const at = opts.durationSec ? Math.min(1, opts.durationSec * 0.1) : 0;
  const grab = (seconds: number) =>
    runTool(
      "ffmpeg",
      [
        "-v", "error", "-nostdin", "-y",
        "-ss", seconds.toFixed(3),
        ...inputArgs(path, opts.mime),
        "-map", "0:v:0", "-frames:v", "1", "-an", "-sn", "-dn",
        "-vf", `scale=w='min(${POSTER_MAX_SIDE},iw)':h='min(${POSTER_MAX_SIDE},ih)':force_original_aspect_ratio=decrease`,
        "-f", "image2", "-c:v", "png", "-update", "1",
        `file:${outPath}`,
      ],
      { timeoutMs: TIMEOUT_MS, debianPackage: "ffmpeg", label },
    );
  await rm(outPath, { force: true });
  try {
    await grab(at);
    if (at > 0 && !(await nonEmpty(outPath))) await grab(0);
  } catch (e) {
    throw await avError(e, path, label);
  }
  if (!(await nonEmpty(outPath))) throw mediaErrors.corrupt(label, "no frame could be decoded");
  return outPath;
}

async function avError(e: unknown, path: string, label: string): Promise<MediaError> {
  if (e instanceof MediaError) return e;
  const stderr = e instanceof ToolFailure ? e.stderr : String(e);
  if ((await stat(path).then((s) => s.size, () => 0)) === 0) return mediaErrors.empty();
  const detail = stderr.trim().slice(0, 500);
  // A cut-off MP4 lacks its index ("moov"), written at the end by most encoders.
  if (/moov atom not found|truncat|end of file/i.test(stderr)) return mediaErrors.truncated(label, detail);
  return mediaErrors.corrupt(label, undefined, detail);
}


function rotationOf(s: FfStream | undefined): number | undefined {
  const side = s?.side_data_list?.find((d) => typeof d.rotation === "number")?.rotation;
  const tag = num(s?.tags?.rotate);
  const r = side ?? (tag !== undefined ? -tag : undefined); // the tag is clockwise, side data counter-clockwise
  return r === undefined || r === 0 ? undefined : r;
}

function rate(v: string | undefined): number | undefined {
  const m = v?.match(/^(\d+)\/(\d+)$/);
  if (!m) return num(v);
  const d = Number(m[2]);
  return d ? Number(m[1]) / d : undefined;
}

function num(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function round(n: number, places: number): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

async function nonEmpty(path: string): Promise<boolean> {
  return stat(path).then((s) => s.size > 0, () => false);
}
