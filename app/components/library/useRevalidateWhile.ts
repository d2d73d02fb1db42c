import { useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";

/** Re-runs the page's loaders every `ms` while `active` (e.g. while a version is still processing). */
export function useRevalidateWhile(active: boolean, ms = 2000) {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => {
      if (ref.current.state === "idle" && document.visibilityState === "visible") ref.current.revalidate();
    }, ms);
    return () => clearInterval(t);
  }, [active, ms]);
}

/** A revalidate that coalesces bursts (20 uploads finishing) into one reload per `ms`. */
export function useCoalescedRevalidate(ms = 600) {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    []
  );
  return useRef(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      ref.current.revalidate();
    }, ms);
  }).current;
}
