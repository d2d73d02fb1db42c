import { createContext, useContext } from "react";

export type Notify = (message: string, opts?: { error?: boolean }) => void;
export const NotifyContext = createContext<Notify>(() => {});
/** Toasts through App Bridge when embedded, Polaris otherwise. */
export const useNotify = () => useContext(NotifyContext);
