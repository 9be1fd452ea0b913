import { withAuth } from "next-auth/middleware";

// A convenience redirect only: every page, action and route handler checks the admin session itself.
export default withAuth({ pages: { signIn: "/login" } });

export const config = {
  matcher: ["/((?!api/|login|setup|_next/|favicon.ico).*)"],
};
