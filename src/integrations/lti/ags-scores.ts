import {
  errorSummary,
  exchange,
  failure,
  failureFromStatus,
  isFailure,
  type OutboundHttpOptions,
  type OutboundResult,
} from "../outbound-http.js";
import type { LtiTokenSource } from "./ags-token.js";

export const AGS_SCORE_CONTENT_TYPE = "application/vnd.ims.lis.v1.score+json";

export interface LtiScore {
  /** The LTI user id (`sub` of the student's launch). */
  readonly userId: string;
  readonly scoreGiven: number;
  readonly scoreMaximum: number;
  readonly comment?: string;
  /**
   * ISO 8601 with milliseconds and a zone (`2017-04-16T18:54:36.736+00:00`). Platforms ignore or refuse
   * (409) a score older than the last one for the same line item and user, so this is fixed once per
   * grade version (e.g. when that version was created) and reused on every retry: required, never
   * defaulted to "now".
   */
  readonly timestamp: string;
}

/** The AGS score body as sent: always a final, fully graded score. */
export interface LtiScoreBody {
  readonly userId: string;
  readonly scoreGiven: number;
  readonly scoreMaximum: number;
  readonly activityProgress: "Completed";
  readonly gradingProgress: "FullyGraded";
  readonly timestamp: string;
  readonly comment?: string;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** `{lineitem}/scores`, keeping the line item's query (Moodle's `?type_id=1`). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/scores`;
  return url.toString();
}

/** Checks the caller's score and builds the body; a string names the problem. */
export function buildScoreBody(score: LtiScore): LtiScoreBody | string {
  if (score.userId.trim() === "") return "userId is empty";
  if (!ISO_WITH_ZONE.test(score.timestamp) || Number.isNaN(Date.parse(score.timestamp))) {
    return "timestamp must be ISO 8601 with a time zone, fixed per grade version";
  }
  if (!Number.isFinite(score.scoreMaximum) || score.scoreMaximum <= 0) return "scoreMaximum must be above 0";
  if (!Number.isFinite(score.scoreGiven) || score.scoreGiven < 0) return "scoreGiven must be at least 0";
  return {
    userId: score.userId,
    scoreGiven: score.scoreGiven,
    scoreMaximum: score.scoreMaximum,
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
    timestamp: score.timestamp,
    ...(score.comment === undefined || score.comment === "" ? {} : { comment: score.comment }),
  };
}

export interface LtiScoreReceipt {
  readonly status: number;
  /** True when the first token was refused (401) and a fresh one was used. */
  readonly tokenRefreshed: boolean;
}

/**
 * Posts a score to `{lineitem}/scores` with `Content-Type: application/vnd.ims.lis.v1.score+json` and a
 * bearer token from `tokens`. A 401 makes the token source drop that token and the score is posted once
 * more with a new one; a second 401 is final (`refreshCredentials` is false then: it was tried). 409 (an
 * older timestamp than the platform has) is final. Never throws.
 */
export async function postLtiScore(
  request: { readonly lineItemUrl: string; readonly score: LtiScore; readonly tokens: LtiTokenSource },
  options: OutboundHttpOptions = {},
): Promise<OutboundResult<LtiScoreReceipt>> {
  const body = buildScoreBody(request.score);
  if (typeof body === "string") return failure("invalid-request", body);
  let url: string;
  try {
    url = scoresUrl(request.lineItemUrl);
  } catch {
    return failure("invalid-request", "lineItemUrl is not a URL");
  }
  const send = async (): Promise<OutboundResult<LtiScoreReceipt> | { unauthorized: string }> => {
    const token = await request.tokens.accessToken();
    if (!token.ok) return token;
    const response = await exchange(
      url,
      {
        method: "POST",
        headers: { authorization: `Bearer ${token.value}`, "content-type": AGS_SCORE_CONTENT_TYPE },
        body: JSON.stringify(body),
      },
      options,
    );
    if (isFailure(response)) return response;
    if (response.status === 401) return { unauthorized: token.value };
    if (response.status < 200 || response.status >= 300) {
      return failureFromStatus(response.status, response.headers, errorSummary(response.text), options.clock);
    }
    return { ok: true, value: { status: response.status, tokenRefreshed: false } };
  };

  const first = await send();
  if (!("unauthorized" in first)) return first;
  request.tokens.invalidate(first.unauthorized);
  const second = await send();
  if ("unauthorized" in second) {
    return failure("http", "HTTP 401: the platform refused a freshly issued token", { status: 401 });
  }
  return second.ok ? { ok: true, value: { ...second.value, tokenRefreshed: true } } : second;
}
