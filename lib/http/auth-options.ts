import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError } from "../platform/errors";
import { loginSchema } from "../validation/login";
import { authenticateAdmin } from "../console/admins/authenticate-admin";
import { endAdminSessions } from "../console/admins/end-admin-sessions";
import { headerRecordReader, readClientIp } from "./read-client-ip";

const SESSION_HOURS = 8;

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Outgate",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) throw new Error("Enter your email and password.");
        try {
          // next-auth gives authorize only the headers; read-client-ip.ts explains how the peer address is known.
          const admin = await authenticateAdmin(parsed.data.email, parsed.data.password, readClientIp(headerRecordReader(req?.headers)));
          return { id: admin.id, email: admin.email, sessionVersion: admin.sessionVersion };
        } catch (error) {
          // next-auth hands the message to the login form; only user-safe AppError texts go there.
          throw new Error(error instanceof AppError ? error.message : "Sign-in is unavailable right now.");
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // The session version the admin had at sign-in; get-admin-session.ts refuses the cookie once it changes.
      if (user) Object.assign(token, { adminId: user.id, sessionVersion: (user as { sessionVersion?: number }).sessionVersion });
      return token;
    },
    session({ session, token }) {
      return { ...session, adminId: token.adminId as string | undefined };
    },
  },
  events: {
    // Sign-out ends the session server-side too: a copy of the cookie (another tab, a stolen one) stops working.
    async signOut({ token }) {
      const adminId = typeof token?.adminId === "string" ? token.adminId : null;
      const version = typeof token?.sessionVersion === "number" ? token.sessionVersion : null;
      if (adminId && version !== null) await endAdminSessions({ adminId, fromVersion: version });
    },
  },
};
