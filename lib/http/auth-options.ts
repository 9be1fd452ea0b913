import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError } from "../platform/errors";
import { loginSchema } from "../validation/login";
import { authenticateAdmin } from "../console/admins/authenticate-admin";

const SESSION_HOURS = 8;

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const forwarded = headers?.["x-forwarded-for"];
  return typeof forwarded === "string" ? forwarded.split(",")[0].trim() || null : null;
}

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
          return await authenticateAdmin(parsed.data.email, parsed.data.password, clientIp(req?.headers));
        } catch (error) {
          // next-auth hands the message to the login form; only user-safe AppError texts go there.
          throw new Error(error instanceof AppError ? error.message : "Sign-in is unavailable right now.");
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.adminId = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, adminId: token.adminId as string | undefined };
    },
  },
};
