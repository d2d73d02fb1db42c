// REST responses: JSON bodies, errors as `{ code, message }` with a status that fits the kind.
import { ZodError } from "zod";
import { AppError, statusFor } from "../errors";

export function json(data: unknown, init: number | ResponseInit = 200): Response {
  const base = typeof init === "number" ? { status: init } : init;
  return new Response(JSON.stringify(data, jsonReplacer), {
    ...base,
    headers: { "Content-Type": "application/json; charset=utf-8", ...(base.headers ?? {}) },
  });
}

/** BigInt (byte counts) becomes a number; Dates are ISO strings. */
export function jsonReplacer(_k: string, v: unknown) {
  return typeof v === "bigint" ? Number(v) : v;
}

export function errorBody(err: unknown): { status: number; body: { code: string; message: string; details?: unknown } } {
  if (err instanceof AppError)
    return { status: statusFor(err.kind), body: { code: err.kind, message: err.message, ...(err.details ? { details: err.details } : {}) } };
  if (err instanceof ZodError)
    return {
      status: 400,
      body: {
        code: "validation",
        message: err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
      },
    };
  console.error("[api] unexpected error:", err);
  return { status: 500, body: { code: "internal", message: "Something went wrong on our side. Try again; if it persists, check the server log." } };
}

export function apiError(err: unknown): Response {
  if (err instanceof Response) return err;
  const { status, body } = errorBody(err);
  return json(body, status);
}

/** Wraps a REST handler so every failure becomes a JSON error. */
export function apiHandler<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (err) {
      return apiError(err);
    }
  };
}
