// The cookie that remembers a share link's password was given (value: an HMAC proof, not the password).
const name = (shareToken: string) => `al_share_${shareToken.slice(0, 8)}`;

export function readShareProof(request: Request, shareToken: string): string | null {
  const wanted = name(shareToken);
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === wanted) return v.join("=");
  }
  return null;
}

export function shareProofCookie(shareToken: string, proof: string): string {
  return `${name(shareToken)}=${proof}; Path=/s/${shareToken}; HttpOnly; SameSite=Lax; Max-Age=86400`;
}
