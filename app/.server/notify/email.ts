// Sends a notice through the deployment's SMTP server (SMTP_URL). The URL carries the password: it is
// never logged, and errors are scrubbed of its credentials before they are stored.
import { createTransport } from "nodemailer";
import { AppError } from "../errors";
import type { EmailMessage } from "./format";

export interface SmtpSettings {
  url: string;
  from: string;
}

export async function sendEmail(smtp: SmtpSettings, to: string[], msg: EmailMessage): Promise<void> {
  // Short timeouts: a job slot must not wait minutes on a mail server that does not answer.
  const transport = createTransport({ url: smtp.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  try {
    await transport.sendMail({ from: smtp.from, to, subject: msg.subject, text: msg.text });
  } catch (err) {
    throw new AppError("unavailable", scrub((err as Error).message ?? String(err), smtp.url).replace(/\s+/g, " ").trim().slice(0, 200));
  } finally {
    transport.close();
  }
}

/** Removes the URL and its user and password from a message, in case a library echoes them. */
export function scrub(message: string, url: string): string {
  let out = message.split(url).join("smtp://…");
  try {
    const u = new URL(url);
    for (const secret of [decodeURIComponent(u.password), u.password, decodeURIComponent(u.username)]) if (secret.length >= 3) out = out.split(secret).join("…");
  } catch {
    // config validated the URL; nothing more to remove
  }
  return out;
}
