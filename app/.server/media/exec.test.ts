import { describe, expect, it } from "vitest";
import { MediaError } from "./errors";
import { runTool, ToolFailure } from "./exec";

describe("runTool", () => {
  const opts = { timeoutMs: 5_000, debianPackage: "ffmpeg", label: "MP4 video" };

  it("reports a missing tool as tool_missing, naming the package to install", async () => {
    const e = await runTool("assetline-no-such-tool", [], opts).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(MediaError);
    expect((e as MediaError).kind).toBe("tool_missing");
    expect((e as MediaError).message).toMatch(/apt-get install ffmpeg/);
  });

  it("passes arguments without a shell", async () => {
    const { stdout } = await runTool("echo", ["$(id)", ";", "`x`"], opts);
    expect(stdout.trim()).toBe("$(id) ; `x`");
  });

  it("stops a tool that runs too long", async () => {
    const e = await runTool("sleep", ["5"], { ...opts, timeoutMs: 200 }).catch((err: unknown) => err);
    expect((e as MediaError).kind).toBe("corrupt");
    expect((e as MediaError).message).toMatch(/took longer than/);
  });

  it("reports a failing tool with its stderr", async () => {
    const e = await runTool("sh", ["-c", "echo boom >&2; exit 3"], opts).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ToolFailure);
    expect((e as ToolFailure).exitCode).toBe(3);
    expect((e as ToolFailure).stderr).toContain("boom");
  });
});
