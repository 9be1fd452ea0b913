import { OPENAPI_DOCUMENT } from "@/lib/http/openapi";

/** Public: the API description holds no secrets. */
export function GET() {
  return Response.json(OPENAPI_DOCUMENT, { headers: { "Cache-Control": "public, max-age=300" } });
}
