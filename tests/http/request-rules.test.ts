import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { z } from "zod";
import { buildApp } from "../../src/app.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { filePart, multipartBody } from "../helpers/multipart-body.js";
import { buildTestApp, scienceRubric, testConfig, type TestApp } from "../helpers/test-app.js";

/**
 * The rules every route follows (src/http/request-rules.ts): unknown query parameters and body
 * fields are refused, bodies come only in the media types a route documents, GET takes no body.
 */

const apiKey = "rules-test-key-0123456789";
let test: TestApp | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

const inject = (request: {
  method: "GET" | "POST" | "PATCH" | "DELETE" | "HEAD";
  url: string;
  payload?: string | object;
  headers?: Record<string, string>;
}) => test!.app.inject(request);

describe("query parameter values", () => {
  it("refuse a parameter given twice, naming it, instead of an unrelated schema message", async () => {
    test = await buildTestApp();
    for (const [query, name] of [
      ["limit=10&limit=5", "limit"],
      ["status=graded&status=needs_review", "status"],
    ]) {
      const response = await inject({ method: "GET", url: `/v1/grades?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.details).toEqual([
        { path: `querystring.${name}`, message: "is given more than once; give each parameter once" },
      ]);
    }
  });

  it("take whole numbers in decimal digits only (not 0x10, 1e1 or a blank)", async () => {
    test = await buildTestApp();
    for (const limit of ["0x10", "1e1", "%20", "2.0"]) {
      const response = await inject({ method: "GET", url: `/v1/grades?limit=${limit}` });
      expect(response.statusCode, limit).toBe(400);
      expect(response.json().error.message).toContain("querystring.limit: must be a whole number from 1 to");
    }
    expect((await inject({ method: "GET", url: "/v1/grades?limit=16" })).statusCode).toBe(200);
  });
});

describe("unknown query parameters", () => {
  it("are refused on every route in the OpenAPI document, naming the parameter, before the body is read", async () => {
    test = await buildTestApp({ env: { GRADER_API_KEYS: apiKey } });
    const document = (await inject({ method: "GET", url: "/docs/json" })).json();
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) => Object.keys(item).map((method) => ({ path, method: method.toUpperCase() })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(10);
    for (const { path, method } of operations) {
      const url = `${path.replace(/\{[^}]+\}/g, "x")}?student_id=s-1`;
      const response = await inject({
        method: method as "GET",
        url,
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect({ method, path, status: response.statusCode }).toEqual({ method, path, status: 400 });
      expect(response.json().error).toMatchObject({
        code: "invalid_request",
        details: [{ path: "querystring.student_id", message: expect.stringContaining("is not a parameter") }],
      });
    }
  });

  // Regression: `GET /v1/grades?studentId=…` (a filter that did not exist) returned every student's grades.
  it("say which parameters the route takes, and known ones keep working", async () => {
    test = await buildTestApp();
    const refused = await inject({
      method: "GET",
      url: "/v1/grades?status=needs_review&student_id=s-1&colour=red",
    });
    expect(refused.statusCode).toBe(400);
    const { error } = refused.json();
    expect(error.code).toBe("invalid_request");
    expect(error.details.map((problem: { path: string }) => problem.path)).toEqual([
      "querystring.student_id",
      "querystring.colour",
    ]);
    expect(error.message).toContain(
      "querystring.student_id: is not a parameter of GET /v1/grades (it takes status",
    );
    expect((await inject({ method: "GET", url: "/v1/grades?status=needs_review&limit=5" })).statusCode).toBe(
      200,
    );
    const health = await inject({ method: "GET", url: "/healthz?verbose=1" });
    expect(health.statusCode).toBe(400);
    expect(health.json().error.message).toBe(
      "querystring.verbose: is not a parameter of GET /healthz (it takes no query parameters)",
    );
  });

  it("are checked after authentication: a client without a key learns nothing", async () => {
    test = await buildTestApp({ env: { GRADER_API_KEYS: apiKey } });
    const response = await inject({ method: "GET", url: "/v1/grades?student_id=s-1" });
    expect(response.statusCode).toBe(401);
  });
});

describe("query parameters that are not valid percent-encoded UTF-8", () => {
  it.each([
    ["/v1/grades?studentId=%FF", "querystring.studentId"],
    ["/v1/grades?studentId=%ED%A0%80", "querystring.studentId"],
    ["/v1/grades?status=needs_review&studentId=%", "querystring.studentId"],
    ["/v1/grades?studentId=%zz", "querystring.studentId"],
    ["/v1/rubrics/photosynthesis-basics?version=%FF", "querystring.version"],
    ["/v1/grades?%FF=1", "querystring"],
    // Regression: the decoded name was written into the path as it came: a "." read as two names and a
    // bidi override reordered the message.
    ["/v1/grades?%E2%80%AEa.b=%FF", 'querystring["\\u202ea.b"]'],
  ])("%s is refused with 400 naming the parameter, not searched as the literal text", async (url, path) => {
    // Regression: `?studentId=%FF` answered 200 with an empty list, `?version=%FF` looked for "%FF".
    test = await buildTestApp();
    const response = await inject({ method: "GET", url });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe("invalid_request");
    expect(response.json().error.details[0].path).toBe(path);
  });

  it("keeps well-encoded parameters, + for a space and multi-byte UTF-8 included", async () => {
    test = await buildTestApp();
    for (const url of ["/v1/grades?studentId=Zo%C3%AB+M%C3%BCller", "/v1/grades?studentId=%F0%9F%8C%B1"]) {
      const response = await inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
    }
  });
});

describe("routes added later", () => {
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    await runtime?.close();
    app = undefined;
    runtime = undefined;
  });

  async function appWith(addRoutes: (app: FastifyInstance) => void): Promise<FastifyInstance> {
    runtime = await createRuntime(testConfig(), { logger: pino({ level: "silent" }), model: null });
    const built = await buildApp(runtime);
    app = built;
    addRoutes(built);
    return built;
  }

  it("get the rules without doing anything, and can opt into any parameter with a loose object", async () => {
    const later = await appWith((app) => {
      app.get(
        "/v1/later",
        { schema: { querystring: z.object({ cursor: z.string().optional() }) } },
        () => ({}),
      );
      app.get("/v1/bare", () => ({}));
      app.get("/v1/transformed", {
        schema: { querystring: z.object({ n: z.coerce.number() }).transform(({ n }) => ({ n: n * 2 })) },
        handler: () => ({}),
      });
      app.get("/v1/anything", { schema: { querystring: z.looseObject({}) } }, () => ({}));
      app.post("/v1/later", { schema: { body: z.object({ name: z.string() }) } }, () => ({}));
    });
    await later.ready();
    const get = async (url: string) => (await later.inject({ method: "GET", url })).statusCode;
    expect(await get("/v1/later?cursor=abc")).toBe(200);
    expect(await get("/v1/later?cursor=abc&studentId=s-1")).toBe(400);
    expect(await get("/v1/bare?x=1")).toBe(400);
    expect(await get("/v1/transformed?n=2")).toBe(200);
    expect(await get("/v1/transformed?n=2&m=3")).toBe(400);
    expect(await get("/v1/anything?whatever=1")).toBe(200);
    const unknownField = await later.inject({
      method: "POST",
      url: "/v1/later",
      payload: { name: "a", extra: 1 },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.details).toEqual([
      { path: "body.extra", message: "is not a known field" },
    ]);
    const plainText = await later.inject({
      method: "POST",
      url: "/v1/later",
      headers: { "content-type": "text/plain" },
      payload: "name=a",
    });
    expect(plainText.statusCode).toBe(415);
  });

  it("stop start-up when a querystring schema cannot say which parameters it takes", async () => {
    await expect(
      appWith((app) => {
        app.get(
          "/v1/either",
          { schema: { querystring: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]) } },
          () => ({}),
        );
      }),
    ).rejects.toThrow(/GET \/v1\/either: the querystring schema must be a z\.object/);
  });
});

describe("content types", () => {
  it("POST /v1/rubrics answers 415 for text/plain, naming the types it takes", async () => {
    // Regression: text/plain was read as YAML.
    test = await buildTestApp();
    const response = await inject({
      method: "POST",
      url: "/v1/rubrics",
      headers: { "content-type": "text/plain" },
      payload: stringify(scienceRubric),
    });
    expect(response.statusCode).toBe(415);
    const { error } = response.json();
    expect(error.code).toBe("unsupported_media_type");
    for (const type of ["application/json", "application/yaml", "multipart/form-data"]) {
      expect(error.message).toContain(type);
    }
    expect(error.details).toEqual([
      { path: "headers.content-type", message: expect.stringContaining("must be") },
    ]);
  });

  it.each([
    ["text/plain", 415, "hello"],
    ["application/x-www-form-urlencoded", 415, "rubricId=r&answer=a"],
    ["application/json; charset=iso-8859-1", 415, "{}"],
    ["application/json; charset=UTF-8", 400, "{}"],
    ['application/json; charset="utf-8"', 400, "{}"],
  ])("POST /v1/grade with %s answers %i", async (contentType, status, payload) => {
    test = await buildTestApp();
    const response = await inject({
      method: "POST",
      url: "/v1/grade",
      headers: { "content-type": contentType },
      payload,
    });
    expect(response.statusCode).toBe(status);
    if (status === 415) {
      expect(response.json().error).toMatchObject({
        code: "unsupported_media_type",
        details: [{ path: "headers.content-type" }],
      });
    } else {
      // Accepted: the charset parameter is fine, and the (empty) object is checked field by field.
      expect(response.json().error.details.map((problem: { path: string }) => problem.path)).toEqual([
        "body.rubricId",
        "body.answer",
      ]);
    }
  });

  it("quotes a refused header's value with the characters a reader cannot see escaped", async () => {
    // Regression: Node reads a header's bytes as Latin-1, so UTF-8 text in one (here a bidi override,
    // E2 80 AE) arrives as C1 controls, and those, U+009B (a terminal's escape sequence) too, were echoed
    // raw in the messages of Content-Type, Content-Encoding and Accept.
    test = await buildTestApp();
    const latin1 = (text: string) => Buffer.from(text, "utf8").toString("latin1");
    const refused = [
      await inject({
        method: "POST",
        url: "/v1/grade",
        headers: { "content-type": latin1("text/pl\u202eain\u009b31m") },
        payload: "{}",
      }),
      await inject({
        method: "POST",
        url: "/v1/grade",
        headers: { "content-type": latin1("application/json; charset=\u009b31m") },
        payload: "{}",
      }),
      await inject({
        method: "POST",
        url: "/v1/grade",
        headers: { "content-type": "application/json", "content-encoding": latin1("gz\u0085ip") },
        payload: "{}",
      }),
      await inject({
        method: "GET",
        url: "/v1/grades",
        headers: { accept: latin1("text/c\u202esv;q=\u009b1") },
      }),
      // A route without a body schema: the body parser refuses the media type.
      await inject({
        method: "POST",
        url: "/v1/submissions/sbm_x/passback",
        headers: { "content-type": latin1("text/pl\u202eain") },
        payload: "x",
      }),
    ];
    const messages = refused.map((response) => response.json<{ error: { message: string } }>().error.message);
    expect(refused.map((response) => response.statusCode)).toEqual([415, 415, 415, 400, 415]);
    expect(messages[0]).toContain("\\u0080");
    expect(messages[0]).toContain("\\u009b31m");
    expect(messages[1]).toContain("\\u009b31m");
    expect(messages[2]).toContain("\\u0085ip");
    expect(messages[3]).toContain("\\u0080");
    expect(messages[3]).toContain("\\u009b1");
    expect(messages[4]).toContain("\\u0080");
    for (const message of messages) expect(message).not.toMatch(/[\u0080-\u009f]/);
  });

  it("PATCH /v1/grades/:id answers 415 for application/merge-patch+json: the body is not a merge patch", async () => {
    test = await buildTestApp();
    const response = await inject({
      method: "PATCH",
      url: "/v1/grades/grd_x",
      headers: { "content-type": "application/merge-patch+json" },
      payload: JSON.stringify({ reviewer: "r", reason: "r", criteria: [] }),
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.message).toContain("PATCH /v1/grades/:id takes application/json");
  });
});

describe("content codings", () => {
  it("a compressed body answers 415 naming Content-Encoding, on JSON, YAML and CSV uploads alike", async () => {
    // Regression: bodies were read as sent whatever their Content-Encoding: a gzip JSON body answered
    // "body: is not valid UTF-8 text", a gzip CSV upload "the multipart upload could not be read".
    test = await buildTestApp();
    await inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
    const json = JSON.stringify({ rubricId: scienceRubric.id, answer: "Plants use light." });
    const csv = multipartBody([filePart("file", "answers.csv", "answer\nPlants use light.\n")]);
    for (const [url, contentType, body] of [
      ["/v1/grade", "application/json", Buffer.from(json)],
      ["/v1/rubrics", "application/yaml", Buffer.from(stringify(scienceRubric))],
      [`/v1/jobs?rubricId=${scienceRubric.id}`, csv.headers["content-type"], csv.payload],
    ] as const) {
      for (const coding of ["gzip", "br", "deflate, gzip"]) {
        const payload = coding === "gzip" ? gzipSync(body) : body;
        const response = await test.app.inject({
          method: "POST",
          url,
          headers: { "content-type": contentType, "content-encoding": coding },
          payload,
        });
        expect(response.statusCode, `${url} ${coding}`).toBe(415);
        expect(response.headers["accept-encoding"]).toBe("identity");
        expect(response.json().error).toEqual({
          code: "unsupported_media_type",
          message: `Content-Encoding ${JSON.stringify(coding.split(",")[0])} is not accepted: send the body uncompressed.`,
          details: [
            {
              path: "headers.content-encoding",
              message: "must be identity (or left out): bodies are not decompressed; send it uncompressed",
            },
          ],
        });
      }
    }
    // Nothing of the refused requests was stored.
    expect((await inject({ method: "GET", url: "/v1/grades" })).json().grades).toEqual([]);
    expect((await inject({ method: "GET", url: "/v1/jobs" })).json().jobs).toEqual([]);
  });

  it("takes a body marked identity, or with no coding, as it is", async () => {
    test = await buildTestApp();
    for (const coding of ["identity", "IDENTITY", ""]) {
      const response = await inject({
        method: "POST",
        url: "/v1/rubrics",
        headers: { "content-type": "application/json", "content-encoding": coding },
        payload: JSON.stringify(scienceRubric),
      });
      expect(response.statusCode, coding).toBeLessThan(300);
    }
  });
});

describe("bodies", () => {
  it.each([
    ["no body and no Content-Type", undefined, undefined, "body: is required"],
    ["an empty JSON body", "application/json", "", "body: is required (the JSON body is empty)"],
    ["a JSON array", "application/json", "[]", "body: Invalid input: expected object, received array"],
    ["a JSON string", "application/json", '"text"', "body: Invalid input: expected object, received string"],
    ["JSON null", "application/json", "null", "body: Invalid input: expected object, received null"],
  ])("POST /v1/grade with %s answers 400 naming the body", async (_name, contentType, payload, message) => {
    test = await buildTestApp();
    const response = await inject({
      method: "POST",
      url: "/v1/grade",
      ...(contentType ? { headers: { "content-type": contentType } } : {}),
      ...(payload !== undefined ? { payload } : {}),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "invalid_request", message });
  });

  it("with data but no Content-Type answers 415", async () => {
    test = await buildTestApp();
    const response = await test.app.inject({
      method: "POST",
      url: "/v1/grade",
      payload: Buffer.from('{"rubricId": "r", "answer": "a"}'),
      headers: { "content-type": "" },
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.message).toMatch(
      /^Content-Type is missing: POST \/v1\/grade takes application\/json/,
    );
  });

  it("on GET is refused instead of ignored", async () => {
    // A filter sent as a JSON body would otherwise be dropped silently, and every grade returned.
    test = await buildTestApp();
    const response = await inject({
      method: "GET",
      url: "/v1/grades",
      headers: { "content-type": "application/json" },
      payload: { status: "needs_review" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: "invalid_request",
      details: [{ path: "body", message: expect.stringContaining("takes no body") }],
    });
    expect((await inject({ method: "HEAD", url: "/v1/grades" })).statusCode).toBe(200);
  });

  it("on DELETE is refused instead of ignored: what it deletes is in its path", async () => {
    test = await buildTestApp();
    for (const url of ["/v1/students/s-1", "/v1/keys/key_x"]) {
      const response = await inject({
        method: "DELETE",
        url,
        headers: { "content-type": "application/json" },
        payload: { reason: "asked by the parent" },
      });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error).toMatchObject({
        code: "invalid_request",
        details: [{ path: "body", message: expect.stringContaining("takes no body") }],
      });
    }
  });

  it("with unknown fields is refused on every JSON route, naming the field", async () => {
    test = await buildTestApp();
    const grade = await inject({
      method: "POST",
      url: "/v1/grade",
      payload: { rubricId: "r", answer: "a", colour: "red" },
    });
    expect(grade.json().error.details).toEqual([{ path: "body.colour", message: "is not a known field" }]);
    const human = await inject({
      method: "PATCH",
      url: "/v1/grades/grd_x",
      payload: {
        reviewer: "r",
        reason: "r",
        criteria: [{ criterionId: "a", points: 1, note: "n" }],
        extra: 1,
      },
    });
    expect(human.statusCode).toBe(400);
    expect(human.json().error.details).toEqual([
      { path: "body.criteria[0].note", message: "is not a known field" },
      { path: "body.extra", message: "is not a known field" },
    ]);
  });
});
