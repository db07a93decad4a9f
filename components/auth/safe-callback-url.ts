const BASE = "http://baton.invalid";

/**
 * Where to go after signing in: the requested path if it is a same-origin relative path,
 * else "/". Rejects absolute and protocol-relative URLs ("//evil.example", "/\\evil.example")
 * so the sign-in page cannot be used as an open redirect.
 */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    return url.pathname === "/sign-in" ? "/" : path;
  } catch {
    return "/";
  }
}
