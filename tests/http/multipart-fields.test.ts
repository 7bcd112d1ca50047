import { Readable } from "node:stream";
import { stringify } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { interchangeFixture } from "../helpers/interchange-fixtures.js";
import { fieldPart, filePart, multipartBody, type RawPart } from "../helpers/multipart-body.js";
import { buildTestApp, scienceRubric, type TestApp } from "../helpers/test-app.js";

/**
 * Multipart uploads hold one file, in the field `file`, and nothing else: every route takes its
 * parameters in the query. Regression: form fields before the file were skipped without a word, so a
 * `rubricVersion` field sent before the CSV was ignored and the job ran on the current version.
 * Every part that is not the file is refused with 400 naming it, wherever it stands, on every
 * multipart route alike; nothing of a refused upload is stored.
 */

let test: TestApp;
beforeEach(async () => {
  test = await buildTestApp();
  const uploaded = await test.app.inject({ method: "POST", url: "/v1/rubrics", payload: scienceRubric });
  expect(uploaded.statusCode).toBe(201);
});
afterEach(() => test.close());

const question = encodeURIComponent("Explain what the rubric assesses.");

interface MultipartRoute {
  name: string;
  url: string;
  file: RawPart;
  accepted: number;
  /** A parameter the route documents in its query string. */
  queryParameter?: string;
  /** What a successful upload would have stored, empty when nothing was. */
  stored: () => Promise<unknown[]>;
}

const routes: MultipartRoute[] = [
  {
    name: "POST /v1/jobs (CSV)",
    url: `/v1/jobs?rubricId=${scienceRubric.id}`,
    file: filePart("file", "answers.csv", "answer,student_id\nLight and water,s1\n"),
    accepted: 202,
    queryParameter: "rubricVersion",
    stored: async () => (await test.app.inject({ method: "GET", url: "/v1/jobs" })).json().jobs,
  },
  {
    name: "POST /v1/rubrics",
    url: "/v1/rubrics",
    file: filePart("file", "rubric.yaml", stringify({ ...scienceRubric, id: "uploaded" })),
    accepted: 201,
    stored: async () => {
      const response = await test.app.inject({ method: "GET", url: "/v1/rubrics/uploaded" });
      return response.statusCode === 404 ? [] : [response.json()];
    },
  },
  {
    name: "POST /v1/rubrics/import",
    url: `/v1/rubrics/import?format=canvas-csv&id=imported&question=${question}`,
    file: filePart("file", "rubric.csv", interchangeFixture("canvas/import-template.csv")),
    accepted: 201,
    queryParameter: "title",
    stored: async () => {
      const response = await test.app.inject({ method: "GET", url: "/v1/rubrics/imported" });
      return response.statusCode === 404 ? [] : [response.json()];
    },
  },
];

function send(route: MultipartRoute, parts: RawPart[]) {
  return test.app.inject({ method: "POST", url: route.url, ...multipartBody(parts) });
}

async function expectRefused(
  route: MultipartRoute,
  parts: RawPart[],
  path: string,
  message: RegExp,
  status = 400,
) {
  const response = await send(route, parts);
  expect(response.statusCode, response.body).toBe(status);
  const { error } = response.json();
  expect(error.code).toBe(status === 400 ? "invalid_request" : "payload_too_large");
  expect(error.message.startsWith(`${path}: `), error.message).toBe(true);
  expect(error.message).toMatch(message);
  expect(error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
  expect(await route.stored()).toEqual([]);
}

describe("a CSV job without rubricId in the query", () => {
  it("says that rubricId goes in the query string, also when the form sent it as a field", async () => {
    // Regression: `curl -F rubricId=… -F file=@answers.csv` answered only "querystring.rubricId: is
    // required for a CSV upload", which did not tell the teacher that the form field was the mistake.
    const body = multipartBody([
      fieldPart("rubricId", scienceRubric.id),
      filePart("file", "answers.csv", "answer\nx\n"),
    ]);
    const response = await test.app.inject({ method: "POST", url: "/v1/jobs", ...body });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      {
        path: "querystring.rubricId",
        message:
          "is required for a CSV upload: send it in the query string (POST /v1/jobs?rubricId=…), not as a form field",
      },
    ]);
  });
});

describe.each(routes)("multipart parts on $name", (route) => {
  it("accepts the file alone", async () => {
    const response = await send(route, [route.file]);
    expect(response.statusCode, response.body).toBe(route.accepted);
    expect(await route.stored()).toHaveLength(1);
  });

  it("refuses a form field before the file, naming it, instead of skipping it", async () => {
    await expectRefused(
      route,
      [fieldPart("note", "period 2"), route.file],
      "body.note",
      /is not a known field: send only .+, in the field `file`/,
    );
  });

  it("refuses a form field after the file the same way", async () => {
    await expectRefused(
      route,
      [route.file, fieldPart("note", "period 2")],
      "body.note",
      /is not a known field/,
    );
  });

  it.runIf(route.queryParameter)("tells where a query parameter sent as a form field goes", async () => {
    const name = route.queryParameter as string;
    const where = new RegExp(
      `is a query parameter, not a form field: send it in the query string \\(\\?${name}=…\\)`,
    );
    await expectRefused(route, [fieldPart(name, "v1"), route.file], `body.${name}`, where);
    // A text sent with a filename is a file part to the reader: refused by name all the same.
    await expectRefused(route, [filePart(name, "value.txt", "v1"), route.file], `body.${name}`, where);
  });

  it("refuses a part with an empty name", async () => {
    await expectRefused(
      route,
      [fieldPart("", "x"), route.file],
      "body",
      /has a form field with no field name/,
    );
    await expectRefused(
      route,
      [filePart("", "a.txt", "x"), route.file],
      "body",
      /has a file with no field name/,
    );
  });

  // Regression: a part's name was written into the path as it came, so "a.b" read as two keys and a bidi
  // override reordered the message.
  it("names a part whose name is not a bare word by a quoted path, with what a reader cannot see escaped", async () => {
    await expectRefused(
      route,
      [fieldPart("period.2", "x"), route.file],
      'body["period.2"]',
      /is not a known field/,
    );
    await expectRefused(
      route,
      [fieldPart("no\u202ete", "x"), route.file],
      'body["no\\u202ete"]',
      /is not a known field/,
    );
  });

  it("refuses a text field named `file`: the file must come as a file", async () => {
    const text = Buffer.isBuffer(route.file.body) ? route.file.body.toString("utf8") : route.file.body;
    await expectRefused(route, [fieldPart("file", text)], "file", /is a text field, not a file/);
    await expectRefused(route, [fieldPart("file", "x"), route.file], "file", /is a text field, not a file/);
  });

  it("refuses a file in another field, naming that field", async () => {
    const misnamed = {
      ...route.file,
      headers: route.file.headers.map((line) => line.replace('name="file"', 'name="upload"')),
    };
    await expectRefused(
      route,
      [misnamed],
      "body.upload",
      /is not a known field: send .+ in the field `file`/,
    );
  });

  it("refuses a part without Content-Disposition (or not form-data), which the reader drops unread", async () => {
    const bare: RawPart = { headers: ["Content-Type: text/plain"], body: "rubricVersion=v1" };
    const attachment: RawPart = { headers: ['Content-Disposition: attachment; name="note"'], body: "x" };
    for (const parts of [[bare, route.file], [route.file, bare], [attachment, route.file], [bare]]) {
      await expectRefused(
        route,
        parts,
        "body",
        /has a part without a `Content-Disposition: form-data; name="…"` header/,
      );
    }
  });

  it("refuses a part named like an object property", async () => {
    await expectRefused(route, [fieldPart("constructor", "x"), route.file], "body", /named like a property/);
  });

  it("still answers 413 for a second file, and 400 `file: is required` for an empty form", async () => {
    await expectRefused(route, [route.file, route.file], "body", /one file/, 413);
    await expectRefused(route, [], "file", /is required/);
  });
});

describe("a multipart body that arrives in pieces", () => {
  it("is read part by part the same, a boundary split across pieces included", async () => {
    const route = routes[0] as MultipartRoute;
    const bare: RawPart = { headers: ["Content-Type: text/plain"], body: "x" };
    const inPieces = (parts: RawPart[], size: number) => {
      const { payload, headers } = multipartBody(parts);
      const pieces = Array.from({ length: Math.ceil(payload.length / size) }, (_, index) =>
        payload.subarray(index * size, (index + 1) * size),
      );
      return test.app.inject({ method: "POST", url: route.url, headers, payload: Readable.from(pieces) });
    };
    for (const size of [1, 2, 3, 7, 40]) {
      const refused = await inPieces([route.file, bare], size);
      expect(refused.statusCode, `${size}: ${refused.body}`).toBe(400);
      expect(refused.json().error.message).toMatch(/^body: has a part without a `Content-Disposition/);
      const accepted = await inPieces([route.file], size);
      expect(accepted.statusCode, `${size}: ${accepted.body}`).toBe(202);
    }
    expect(await route.stored()).toHaveLength(5);
  });
});

describe("a CSV job's rubric version", () => {
  it("is taken from the query, and a form field carrying it is refused, not ignored", async () => {
    const first = (await test.app.inject({ method: "GET", url: `/v1/rubrics/${scienceRubric.id}` })).json();
    const changed = await test.app.inject({
      method: "POST",
      url: "/v1/rubrics",
      payload: { ...scienceRubric, title: "Photosynthesis, second version" },
    });
    expect(changed.statusCode).toBe(201);
    expect(changed.json().version).not.toBe(first.version);
    const csv = filePart("file", "answers.csv", "answer\nLight and water\n");

    const fromField = await test.app.inject({
      method: "POST",
      url: `/v1/jobs?rubricId=${scienceRubric.id}`,
      ...multipartBody([fieldPart("rubricVersion", first.version), csv]),
    });
    expect(fromField.statusCode).toBe(400);
    expect(fromField.json().error.message).toMatch(/^body\.rubricVersion: is a query parameter/);
    expect((await test.app.inject({ method: "GET", url: "/v1/jobs" })).json().jobs).toEqual([]);

    const fromQuery = await test.app.inject({
      method: "POST",
      url: `/v1/jobs?rubricId=${scienceRubric.id}&rubricVersion=${first.version}`,
      ...multipartBody([csv]),
    });
    expect(fromQuery.statusCode).toBe(202);
    expect(fromQuery.json().rubricVersion).toBe(first.version);
  });
});
