import type { ErrorBody, ProblemDetail } from "./types.js";

/** An error answer of the API: `{error: {code, message, details?}}` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ProblemDetail[] = [],
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
  accept?: string;
  signal?: AbortSignal;
}

/**
 * The page's only way to the service: the public /v1 API on this origin, with the key as a bearer
 * header (never in a URL, so it stays out of logs, history and referrers).
 */
export class ApiClient {
  /** `onUnauthorized`: the key stopped working (revoked): the page signs out instead of failing on. */
  constructor(
    private key: string,
    private readonly onUnauthorized?: () => void,
  ) {}

  /** Sends `key` from now on: the teacher signed in again after a 401, on the screen they were on. */
  useKey(key: string): void {
    this.key = key;
  }

  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.key) headers.authorization = `Bearer ${this.key}`;
    if (options.accept) headers.accept = options.accept;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["content-type"] = "application/json";
    } else if (options.contentType) headers["content-type"] = options.contentType;
    const query = Object.entries(options.query ?? {}).filter(
      (entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== "",
    );
    const url = query.length
      ? `${path}?${new URLSearchParams(query.map(([name, value]) => [name, String(value)])).toString()}`
      : path;
    const response = await fetch(url, {
      method: options.method ?? (body === undefined ? "GET" : "POST"),
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      cache: "no-store",
    });
    if (!response.ok) {
      const error = await toApiError(response);
      if (response.status === 401) this.onUnauthorized?.();
      throw error;
    }
    return response;
  }

  async json<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(path, options);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    // Partial: a proxy in between may answer JSON of its own.
    const body = (await response.json()) as { error?: Partial<ErrorBody["error"]> };
    if (body.error?.code) {
      return new ApiError(
        response.status,
        body.error.code,
        body.error.message ?? body.error.code,
        problemDetails(body.error.details),
      );
    }
  } catch {
    // Not the API's JSON (a proxy's page): described by the status below.
  }
  return new ApiError(response.status, "http_error", `The server answered ${response.status}.`);
}

/** `details` is free-form in the error catalog; the page shows it when it is a list of problems with paths. */
function problemDetails(details: unknown): ProblemDetail[] {
  return Array.isArray(details) ? (details as ProblemDetail[]) : [];
}

/** Saves a response body as a file the browser downloads, named as the server says. */
export async function downloadResponse(response: Response, fallbackName: string): Promise<string> {
  const disposition = response.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
