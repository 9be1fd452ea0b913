/**
 * A deterministic generator of malformed requests to the submission API (POST /api/v1/messages and
 * GET /api/v1/messages/:id). Every request it makes is wrong in at least one way, so every answer must be a
 * 4xx JSON error. Same seed → same requests, so a failure can be replayed.
 */

export type MalformedRequest = {
  category: string;
  /** What is wrong, for failure messages. */
  what: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Declared Content-Length larger than the bytes sent (the server must not wait for them). */
  lyingContentLength?: number;
};

export type GeneratorOptions = { seed: number; apiKey: string; senderDomain: string; unhostedDomain: string; maxBodyBytes: number };

/** mulberry32: small, fast and good enough to pick test cases. */
export function makeRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const text = (length: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789") => {
    // Long values repeat a random 256-character block: their size matters, not their entropy.
    const block = Array.from({ length: Math.min(length, 256) }, () => alphabet[int(alphabet.length)]).join("");
    return length <= 256 ? block : block.repeat(Math.ceil(length / 256)).slice(0, length);
  };
  return { next, int, pick, text };
}

type Random = ReturnType<typeof makeRandom>;
type Json = Record<string, unknown>;

const JSON_TYPE = { "content-type": "application/json" };

export function* generateMalformedRequests(count: number, options: GeneratorOptions): Generator<MalformedRequest> {
  const random = makeRandom(options.seed);
  const auth = { authorization: `Bearer ${options.apiKey}` };
  const validBody = (): Json => ({
    from: `sender-${random.text(6)}@${options.senderDomain}`,
    to: [`rcpt-${random.text(6)}@example.com`],
    subject: `hello ${random.text(8)}`,
    text: "hello",
  });
  const post = (category: string, what: string, body: Json | string | Buffer, headers: Record<string, string> = { ...auth, ...JSON_TYPE }): MalformedRequest => ({
    category,
    what,
    method: "POST",
    path: "/api/v1/messages",
    headers,
    body: Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
  });
  const makers: { weight: number; make: () => MalformedRequest }[] = [
    { weight: 10, make: () => missingAuth(random, post, validBody, options) },
    { weight: 5, make: () => wrongContentType(random, post, validBody, auth) },
    { weight: 10, make: () => brokenJson(random, post, validBody) },
    { weight: 6, make: () => invalidUtf8(random, post, validBody) },
    { weight: 20, make: () => wrongTypes(random, post, validBody) },
    { weight: 10, make: () => hugeFields(random, post, validBody, options) },
    { weight: 15, make: () => headerInjection(random, post, validBody, auth) },
    { weight: 8, make: () => brokenBase64(random, post, validBody, options) },
    { weight: 10, make: () => badAddresses(random, post, validBody, options) },
    { weight: 4, make: () => badMessageIds(random, auth) },
    { weight: 1, make: () => oversized(random, post, validBody, options, auth) },
  ];
  const total = makers.reduce((sum, maker) => sum + maker.weight, 0);
  for (let i = 0; i < count; i++) {
    let roll = random.int(total);
    const maker = makers.find((candidate) => (roll -= candidate.weight) < 0)!;
    yield maker.make();
  }
}

type Post = (category: string, what: string, body: Json | string | Buffer, headers?: Record<string, string>) => MalformedRequest;

function missingAuth(random: Random, post: Post, validBody: () => Json, options: GeneratorOptions): MalformedRequest {
  const headers: [string, Record<string, string>][] = [
    ["no Authorization", {}],
    ["Basic scheme", { authorization: `Basic ${Buffer.from("user:pass").toString("base64")}` }],
    ["Bearer without token", { authorization: "Bearer" }],
    ["Bearer with a short token", { authorization: `Bearer og_${random.text(10)}` }],
    ["unknown well-formed key", { authorization: `Bearer og_${random.text(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")}` }],
    ["key with a character changed", { authorization: `Bearer ${options.apiKey.slice(0, -1)}${options.apiKey.endsWith("A") ? "B" : "A"}` }],
    ["two tokens", { authorization: `Bearer ${options.apiKey} ${options.apiKey}` }],
    ["key without scheme", { authorization: options.apiKey }],
    ["Latin-1 bytes in the header", { authorization: `Bearer og_\u00e9\u00e8${random.text(40)}` }],
    ["4 KB token", { authorization: `Bearer og_${random.text(4096)}` }],
  ];
  const [what, header] = random.pick(headers);
  return post("missing auth", what, validBody(), { ...header, ...JSON_TYPE });
}

function wrongContentType(random: Random, post: Post, validBody: () => Json, auth: Record<string, string>): MalformedRequest {
  const type = random.pick(["", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "application/xml", "json", "*/*"]);
  return post("content type", `Content-Type "${type}"`, JSON.stringify(validBody()), type ? { ...auth, "content-type": type } : { ...auth });
}

function brokenJson(random: Random, post: Post, validBody: () => Json): MalformedRequest {
  const valid = JSON.stringify(validBody());
  const depth = 20_000 + random.int(40_000);
  const cases: [string, string][] = [
    ["truncated", valid.slice(0, 1 + random.int(valid.length - 2))],
    ["trailing comma", valid.replace(/}$/, ",}")],
    ["single quotes", valid.replace(/"/g, "'")],
    ["NaN value", valid.replace(/}$/, ',"x":NaN}')],
    ["empty body", ""],
    ["whitespace only", " \n\t "],
    ["null", "null"],
    ["array", `[${valid}]`],
    ["number", String(random.int(1e9))],
    ["string", JSON.stringify(valid)],
    ["two objects", valid + valid],
    ["comment", `/* hi */${valid}`],
    [`${depth} nested arrays`, "[".repeat(depth) + "]".repeat(depth)],
    [`${depth} nested objects in a field`, valid.replace(/}$/, `,"x":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`)],
    ["NUL bytes", valid.replace(/}$/, "\u0000}")],
  ];
  // No leading-BOM case: RFC 8259 §8.1 lets a parser ignore a byte order mark, and the API does.
  const [what, body] = random.pick(cases);
  return post("broken JSON", what, body);
}

function invalidUtf8(random: Random, post: Post, validBody: () => Json): MalformedRequest {
  const bad: [string, number[]][] = [
    ["0xFF byte", [0xff]],
    ["0xFE 0xFF", [0xfe, 0xff]],
    ["overlong slash", [0xc0, 0xaf]],
    ["lone continuation byte", [0x80]],
    ["truncated 3-byte sequence", [0xe2, 0x82]],
    ["UTF-8 encoded surrogate", [0xed, 0xa0, 0x80]],
    ["code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["Latin-1 é", [0xe9]],
  ];
  const [what, bytes] = random.pick(bad);
  const field = random.pick(["subject", "text", "from"]);
  const body = validBody();
  const marker = "__INVALID__";
  body[field] = field === "from" ? `a${marker}@x.example` : `before ${marker} after`;
  const [head, tail] = JSON.stringify(body).split(marker);
  return post("invalid UTF-8", `${what} in ${field}`, Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]));
}

function wrongTypes(random: Random, post: Post, validBody: () => Json): MalformedRequest {
  const wrong: Record<string, unknown[]> = {
    from: [42, true, null, [], ["a@b.example"], { address: 5 }, { address: "a@b.example", extra: 1 }],
    to: [42, true, { address: "a@b.example", name: 7 }, [42], [null], [[]], [{}], [true]],
    cc: [7, false, [1, 2], [{ address: null }]],
    bcc: [7, [false], [{ name: "x" }]],
    replyTo: [3.14, [[["a@b.example"]]]],
    subject: [42, true, ["a"], { text: "a" }, null],
    text: [42, true, ["a"], { a: 1 }, null],
    html: [42, false, ["<b>"], { a: 1 }, null],
    headers: [42, "X-A: b", ["X-A", "b"], { "X-A": 1 }, { "X-A": ["b"] }, { "X-A": null }, { "X-A": { v: "b" } }],
    attachments: [42, "file", { filename: "a", content: "YQ==" }, [42], [{ filename: 42, content: "YQ==" }], [{ filename: "a", content: 42 }], [{ filename: "a" }], [{ content: "YQ==" }], [{ filename: "a", content: "YQ==", extra: true }], [{ filename: "a", content: "YQ==", contentType: 5 }]],
    raw: [42, true, [], {}, null],
    envelope: [42, "a@b.example", [], { from: 5, to: ["a@b.example"] }, { from: "a@b.example", to: "a@b.example" }, { from: "a@b.example" }, { from: "a@b.example", to: [5] }],
    mode: [1, "raw", "compose", null],
  };
  const field = random.pick(Object.keys(wrong));
  const body = validBody();
  const value = random.pick(wrong[field]);
  if (field === "raw" || field === "envelope") {
    const raw: Json = { raw: Buffer.from("Subject: x\r\n\r\nx").toString("base64"), envelope: { from: body.from, to: body.to } };
    raw[field] = value;
    return post("wrong types", `raw mode ${field}: ${JSON.stringify(value)}`, raw);
  }
  if (field === "mode") {
    body.unknownField = value;
    return post("wrong types", `unknown field ${JSON.stringify(value)}`, body);
  }
  body[field] = value;
  return post("wrong types", `${field}: ${JSON.stringify(value)}`, body);
}

function hugeFields(random: Random, post: Post, validBody: () => Json, options: GeneratorOptions): MalformedRequest {
  const body = validBody();
  const cases: [string, () => void][] = [
    ["subject of 2,000+ characters", () => (body.subject = random.text(2_000 + random.int(50_000)))],
    ["150+ recipients", () => (body.to = Array.from({ length: 150 + random.int(500) }, (_, i) => `r${i}@example.com`))],
    ["header value of 1,000+ characters", () => (body.headers = { "X-Big": random.text(1_000 + random.int(20_000)) })],
    ["51+ custom headers", () => (body.headers = Object.fromEntries(Array.from({ length: 51 + random.int(200) }, (_, i) => [`X-H${i}`, "v"])))],
    ["header name of 77+ characters", () => (body.headers = { [`X-${random.text(75 + random.int(500))}`]: "v" })],
    ["101+ attachments", () => (body.attachments = Array.from({ length: 101 + random.int(50) }, (_, i) => ({ filename: `f${i}.txt`, content: "YQ==" })))],
    ["file name of 256+ characters", () => (body.attachments = [{ filename: random.text(256 + random.int(2_000)), content: "YQ==" }])],
    ["local part of 65+ characters", () => (body.from = `${random.text(65 + random.int(1_000))}@${options.senderDomain}`)],
    ["domain label of 64+ characters", () => (body.to = [`a@${random.text(64 + random.int(200))}.example`])],
    ["address of 255+ characters", () => (body.to = [`a@${Array.from({ length: 8 }, () => random.text(40)).join(".")}.example`])],
    ["display name of 201+ characters", () => (body.to = [{ name: random.text(201 + random.int(5_000)), address: "a@example.com" }])],
    ["10,000 copies of a bad recipient", () => (body.to = Array.from({ length: 10_000 }, () => "not an address"))],
  ];
  const [what, apply] = random.pick(cases);
  apply();
  return post("huge fields", what, body);
}

function headerInjection(random: Random, post: Post, validBody: () => Json, auth: Record<string, string>): MalformedRequest {
  const crlf = random.pick(["\r\n", "\n", "\r", "\u0000", "\r\n\t"]);
  const evil = `${crlf}Bcc: victim@evil.example`;
  const body = validBody();
  const cases: [string, () => MalformedRequest | void][] = [
    ["subject", () => void (body.subject = `hi${evil}`)],
    ["from display name", () => void (body.from = { name: `Eve${evil}`, address: body.from })],
    ["from string", () => void (body.from = `"Eve${crlf}Bcc: x@y.example" <${body.from as string}>`)],
    ["to address", () => void (body.to = [`rcpt@example.com${evil}`])],
    ["reply-to", () => void (body.replyTo = [`a@example.com${crlf}X-Evil: 1`])],
    ["custom header value", () => void (body.headers = { "X-Tag": `v${evil}` })],
    ["custom header name with a colon", () => void (body.headers = { "X-Evil: 1\r\nBcc": "x" })],
    ["custom header name with a space", () => void (body.headers = { "X Evil": "x" })],
    ["custom header name non-ASCII", () => void (body.headers = { "X-Ünïcode": "x" })],
    ["reserved header Bcc", () => void (body.headers = { Bcc: "victim@evil.example" })],
    ["reserved header content-type", () => void (body.headers = { "content-type": "multipart/mixed; boundary=evil" })],
    ["reserved header Message-ID", () => void (body.headers = { "Message-ID": "<forged@evil.example>" })],
    ["attachment file name", () => void (body.attachments = [{ filename: `a.txt${evil}`, content: "YQ==" }])],
    ["attachment content type", () => void (body.attachments = [{ filename: "a.txt", content: "YQ==", contentType: `text/plain${crlf}X-Evil: 1` }])],
    ["envelope recipient (raw mode)", () =>
      post("header injection", "envelope recipient (raw mode)", { raw: Buffer.from("Subject: x\r\n\r\nx").toString("base64"), envelope: { from: body.from, to: [`a@example.com>${crlf}RCPT TO:<victim@evil.example`] } })],
    ["envelope sender (raw mode)", () =>
      post("header injection", "envelope sender (raw mode)", { raw: Buffer.from("Subject: x\r\n\r\nx").toString("base64"), envelope: { from: `${body.from as string}>${crlf}RCPT TO:<v@evil.example`, to: ["a@example.com"] } })],
    ["Idempotency-Key of 201+ characters", () => post("header injection", "Idempotency-Key too long", body, { ...auth, ...JSON_TYPE, "idempotency-key": random.text(201 + random.int(2_000)) })],
    ["Idempotency-Key with Latin-1", () => post("header injection", "Idempotency-Key with Latin-1", body, { ...auth, ...JSON_TYPE, "idempotency-key": `key-\u00e9\u00ff-${random.text(5)}` })],
    ["Idempotency-Key blank", () => post("header injection", "Idempotency-Key blank", body, { ...auth, ...JSON_TYPE, "idempotency-key": "   " })],
  ];
  const [what, apply] = random.pick(cases);
  return apply() ?? post("header injection", `${what} (${JSON.stringify(crlf)})`, body);
}

function brokenBase64(random: Random, post: Post, validBody: () => Json, options: GeneratorOptions): MalformedRequest {
  const broken = random.pick(["!!!!", "YQ=", "Y", "YQ==YQ==", "YQ=a", "data:text/plain;base64,YQ==", "YQ%3D%3D", "Y\u00e9Q==", "YQ-_", "====", "YQ===", `${"QUJD".repeat(random.int(100))}*`]);
  if (random.next() < 0.5) {
    const body = validBody();
    body.attachments = [{ filename: "a.bin", content: broken }];
    return post("broken base64", `attachment content ${JSON.stringify(broken.slice(0, 30))}`, body);
  }
  const raw = random.next() < 0.2 ? "" : broken;
  return post("broken base64", `raw ${JSON.stringify(raw.slice(0, 30))}`, { raw, envelope: { from: `a@${options.senderDomain}`, to: ["b@example.com"] } });
}

function badAddresses(random: Random, post: Post, validBody: () => Json, options: GeneratorOptions): MalformedRequest {
  const bad = random.pick([
    "no-at-sign", "a@", "@example.com", "a@@example.com", "a@example..com", "a b@example.com", "a@-example.com", "a@example-.com",
    "a@xn--.com", "a@[127.0.0.1]", "a@localhost", "<a@example.com", "a@exa_mple.com", "ä@example.com", "a@.example.com", "",
    " ", "a@example.com,b@example.com", "a@ex ample.com", "a..b@example.com", ".a@example.com",
  ]);
  const body = validBody();
  const field = random.pick(["from", "to", "cc", "bcc", "replyTo", "unhosted from", "no recipients", "envelope"]);
  if (field === "unhosted from") body.from = `a@${options.unhostedDomain}`;
  else if (field === "no recipients") body.to = [];
  else if (field === "from") body.from = bad.includes("@") ? bad.replace(/@.*$/, "") + `@@${options.senderDomain}` : bad;
  else if (field === "envelope") return post("bad addresses", `envelope ${JSON.stringify(bad)}`, { raw: "U3ViamVjdDogeA0KDQp4", envelope: { from: bad, to: [bad] } });
  else body[field] = [bad];
  return post("bad addresses", `${field} ${JSON.stringify(bad)}`, body);
}

function badMessageIds(random: Random, auth: Record<string, string>): MalformedRequest {
  const id = random.pick([
    "not-a-uuid", "..%2F..%2Fetc%2Fpasswd", "%00", "%E9", random.text(5_000), "00000000-0000-0000-0000-000000000000",
    "'%20OR%201=1--", "%22%3E%3Cscript%3E", crypto.randomUUID(), "%F0%9F%92%A9",
  ]);
  return { category: "bad message ids", what: `GET ${id.slice(0, 40)}`, method: "GET", path: `/api/v1/messages/${id}`, headers: random.next() < 0.8 ? auth : {} };
}

function oversized(random: Random, post: Post, validBody: () => Json, options: GeneratorOptions, auth: Record<string, string>): MalformedRequest {
  const body = validBody();
  body.text = random.text(options.maxBodyBytes + 1 + random.int(200_000), "ab");
  const request = post("oversized body", "body over the limit", body);
  if (random.next() < 0.3) {
    return { ...request, what: "Content-Length larger than the bytes sent", body: Buffer.from(JSON.stringify(validBody())), lyingContentLength: options.maxBodyBytes * 4, headers: { ...auth, ...JSON_TYPE } };
  }
  return request;
}
