import { NextResponse, type NextRequest } from "next/server";

// Only a convenience: signed-out visitors go to the sign-in page instead of a blank redirect
// from each page. It checks that a session cookie exists, not that it is valid; every page,
// server action and route handler still authenticates and authorizes the request itself.

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const PUBLIC_PATHS = [/^\/sign-in(\/|$)/, /^\/api\/auth(\/|$)/, /^\/api\/v1(\/|$)/, /^\/api\/health(\/|$)/, /^\/api\/metrics(\/|$)/, /^\/_next(\/|$)/, /^\/favicon\.ico$/, /^\/icon\.svg$/];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((pattern) => pattern.test(pathname))) return NextResponse.next();
  // Server actions answer a signed-out caller themselves ("You are not signed in"); a redirect
  // here would hand the action's client an HTML page instead.
  if (request.headers.has("next-action")) return NextResponse.next();
  // next-auth splits large session tokens into chunked cookies (name.0, name.1, ...).
  const hasSession = request.cookies.getAll().some(({ name }) => SESSION_COOKIES.some((cookie) => name === cookie || name.startsWith(`${cookie}.`)));
  if (hasSession) return NextResponse.next();

  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Static assets never need a session; everything else is checked above.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
