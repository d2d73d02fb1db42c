// Envelope codes → ChannelError kinds (CHANNELS.md §3.5): the scheduler's decisions hang on these.
import { describe, expect, it } from "vitest";
import { envelopeError, readEnvelope } from "./errors";

const err = (code: number, retryAfterMs: number | null = null) => envelopeError("op", { code, message: `m${code}`, data: null }, retryAfterMs);

describe("TikTok envelope errors", () => {
  it("maps codes to kinds", () => {
    expect(err(105002).kind).toBe("auth");
    expect(err(105001).kind).toBe("auth");
    expect([err(36009002).kind, err(36009002).retryAfterMs]).toEqual(["throttled", 1000]);
    expect(err(36009002, 3000).retryAfterMs).toBe(3000);
    expect(err(36009003).kind).toBe("transient");
    expect(err(12052032).kind).toBe("not_found");
    const v = err(12052300);
    expect([v.kind, v.channelCode, v.message]).toEqual(["validation", "12052300", "op: m12052300 (12052300)"]);
    expect(v.issues).toEqual([{ code: "12052300", message: "m12052300", severity: "error" }]);
  });
  it("reads only real envelopes", () => {
    expect(readEnvelope('{"code":0,"message":"Success","request_id":"x","data":{"a":1}}')).toEqual({ code: 0, message: "Success", data: { a: 1 } });
    expect(readEnvelope("<html>")).toBeNull();
    expect(readEnvelope('{"message":"no code"}')).toBeNull();
  });
});
