// Runs an external tool (ffprobe, ffmpeg, pdfinfo, pdftoppm) without a shell, with a time limit.
import { execFile } from "node:child_process";
import { MediaError, mediaErrors } from "./errors";

export interface ToolResult {
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  timeoutMs: number;
  /** Debian package that provides the tool, for the "not installed" message. */
  debianPackage: string;
  /** What is being read, for messages ("MP4 video"). */
  label: string;
  maxBuffer?: number;
}

export class ToolFailure extends Error {
  constructor(
    readonly tool: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${tool} failed${exitCode === null ? "" : ` (exit ${exitCode})`}: ${stderr.trim().slice(0, 300)}`);
  }
}

/** Throws MediaError('tool_missing') when the tool is not installed, and a 'corrupt' one on time-out. */
export function runTool(tool: string, args: string[], opts: ToolOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      args,
      { timeout: opts.timeoutMs, killSignal: "SIGKILL", maxBuffer: opts.maxBuffer ?? 8 * 1024 * 1024, encoding: "utf8", windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number | null };
        if (e.code === "ENOENT") return reject(mediaErrors.toolMissing(tool, opts.debianPackage));
        if (e.killed)
          return reject(
            new MediaError(
              "corrupt",
              `Reading this ${opts.label} took longer than ${Math.round(opts.timeoutMs / 1000)} s, so it was stopped. ` +
                "The file may be damaged or unusually complex; re-export it and upload again.",
            ),
          );
        reject(new ToolFailure(tool, String(stderr ?? ""), typeof e.code === "number" ? e.code : null));
      },
    );
  });
}

/** A path the tool cannot mistake for an option. */
export function argPath(path: string): string {
  return path.startsWith("-") ? `./${path}` : path;
}
