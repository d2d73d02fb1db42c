// A client-side upload queue: one request per file, `concurrency` at a time, each with its own progress.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { uploadFile, UploadAborted, type UploadOutcome } from "./xhr-upload";

export type UploadPhase = "queued" | "uploading" | "checking" | "done" | "cancelled";

export interface UploadItem {
  id: string;
  file: File;
  loaded: number;
  total: number;
  phase: UploadPhase;
  outcome: UploadOutcome | null;
}

export interface UploadQueueOptions {
  /** Endpoint; `/app/upload` for new assets, `/app/upload?assetId=…` for a new version. */
  url: string;
  concurrency?: number;
  /** Called once per file when its outcome is known. */
  onFinished?(outcome: UploadOutcome, item: UploadItem): void;
  /** Headers per request (a fresh session token when embedded). */
  getHeaders?(): Promise<Record<string, string>>;
}

let seq = 0;
const newId = () => `u${Date.now().toString(36)}-${(seq++).toString(36)}`;

export function useUploadQueue({ url, concurrency = 3, onFinished, getHeaders }: UploadQueueOptions) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const started = useRef(new Set<string>());
  const controllers = useRef(new Map<string, AbortController>());
  const latest = useRef({ url, onFinished, getHeaders });
  latest.current = { url, onFinished, getHeaders };

  const patch = useCallback((id: string, p: Partial<UploadItem>) => {
    setItems((list) => list.map((i) => (i.id === id ? { ...i, ...p } : i)));
  }, []);

  const start = useCallback(
    async (item: UploadItem) => {
      const ctrl = new AbortController();
      controllers.current.set(item.id, ctrl);
      patch(item.id, { phase: "uploading", loaded: 0 });
      try {
        const headers = (await latest.current.getHeaders?.()) ?? {};
        const outcome = await uploadFile(latest.current.url, item.file, {
          signal: ctrl.signal,
          headers,
          onProgress: (loaded, total) => patch(item.id, { loaded, total }),
          onSent: () => patch(item.id, { phase: "checking", loaded: item.total }),
        });
        patch(item.id, { phase: "done", outcome, loaded: item.total });
        latest.current.onFinished?.(outcome, item);
      } catch (err) {
        if (err instanceof UploadAborted) patch(item.id, { phase: "cancelled" });
        else
          patch(item.id, {
            phase: "done",
            outcome: {
              status: "error",
              filename: item.file.name,
              code: "client",
              message: err instanceof Error ? err.message : String(err),
            },
          });
      } finally {
        controllers.current.delete(item.id);
      }
    },
    [patch]
  );

  // The pump: start queued files while fewer than `concurrency` are in flight.
  useEffect(() => {
    let free = concurrency - items.filter((i) => i.phase === "uploading" || i.phase === "checking").length;
    for (const item of items) {
      if (free <= 0) break;
      if (item.phase !== "queued" || started.current.has(item.id)) continue;
      started.current.add(item.id);
      free--;
      void start(item);
    }
  }, [items, concurrency, start]);

  useEffect(() => {
    const ctrls = controllers.current;
    return () => ctrls.forEach((c) => c.abort());
  }, []);

  const add = useCallback((files: File[]) => {
    if (!files.length) return;
    setItems((list) => [
      ...list,
      ...files.map((file): UploadItem => ({ id: newId(), file, loaded: 0, total: file.size, phase: "queued", outcome: null })),
    ]);
  }, []);

  const cancel = useCallback((id: string) => {
    const ctrl = controllers.current.get(id);
    if (ctrl) ctrl.abort();
    else setItems((list) => list.map((i) => (i.id === id && i.phase === "queued" ? { ...i, phase: "cancelled" } : i)));
  }, []);

  const retry = useCallback((id: string) => {
    started.current.delete(id);
    setItems((list) => list.map((i) => (i.id === id ? { ...i, phase: "queued", outcome: null, loaded: 0 } : i)));
  }, []);

  const remove = useCallback((id: string) => setItems((list) => list.filter((i) => i.id !== id)), []);
  const clearFinished = useCallback(() => setItems((list) => list.filter((i) => i.phase !== "done" && i.phase !== "cancelled")), []);

  const summary = useMemo(() => {
    const s = { total: items.length, queued: 0, active: 0, added: 0, duplicates: 0, failed: 0, cancelled: 0, loaded: 0, bytes: 0 };
    for (const i of items) {
      s.bytes += i.total;
      s.loaded += i.phase === "done" ? i.total : i.loaded;
      if (i.phase === "queued") s.queued++;
      else if (i.phase === "uploading" || i.phase === "checking") s.active++;
      else if (i.phase === "cancelled") s.cancelled++;
      else if (i.outcome?.status === "created") s.added++;
      else if (i.outcome?.status === "duplicate") s.duplicates++;
      else s.failed++;
    }
    return s;
  }, [items]);

  return { items, summary, add, cancel, retry, remove, clearFinished };
}

export type UploadQueue = ReturnType<typeof useUploadQueue>;
