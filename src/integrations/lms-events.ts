import { createHash } from "node:crypto";
import type { JWTVerifyGetKey } from "jose";
import { canonicalClientId } from "../grading/client-ids.js";
import { AppError, type Problem } from "../grading/errors.js";
import type { LmsEvent, LmsEventReader, LmsSettings } from "../grading/integrations.js";
import { parseJsonBytes } from "../grading/json-input.js";
import { decodeUtf8Strictly } from "../grading/text-encoding.js";
import {
  canvasLocalId,
  createCanvasJwks,
  parseCanvasLiveEvent,
  verifyCanvasLiveEventJwt,
} from "./canvas/live-events.js";
import { parseMoodleWebhookEvent, verifyMoodleWebhookToken } from "./moodle/webhook-events.js";

/**
 * The `LmsEventReader` port (grading/integrations.ts): checks and reads a Canvas Live Event or a Moodle
 * `local_webhooks` post arriving on an integration's inbound URL. Throws `invalid_signature` (a JWT or
 * token that does not check out: nothing is stored), `invalid_request` (not an event), `server_busy`
 * (Canvas's key set could not be read: the sender should retry).
 */
export function createLmsEventReader(options: {
  allowLoopbackHttp: boolean;
  timeoutMs: number;
  /** How many JWKS URLs' key sets are kept, the least recently used dropped first. Default 100. */
  maxKeySets?: number;
}): LmsEventReader {
  const maxKeySets = options.maxKeySets ?? 100;
  // One remote key set per JWKS URL: jose caches the keys and refetches on an unknown `kid`. Bounded, as
  // every URL an integration ever had (each PATCH of `jwksUrl`) would otherwise stay for the process's
  // life; a Map iterates in insertion order, so re-inserting on use makes its first key the least recent.
  const keySets = new Map<string, JWTVerifyGetKey>();
  const keysFor = (jwksUrl: string) => {
    let keys = keySets.get(jwksUrl);
    if (keys) {
      keySets.delete(jwksUrl);
    } else {
      keys = createCanvasJwks(jwksUrl, {
        allowLoopbackHttp: options.allowLoopbackHttp,
        timeoutMs: options.timeoutMs,
      });
      while (keySets.size >= maxKeySets) {
        const leastRecent = keySets.keys().next();
        if (leastRecent.done === true) break;
        keySets.delete(leastRecent.value);
      }
    }
    keySets.set(jwksUrl, keys);
    return keys;
  };

  async function readCanvas(lms: LmsSettings | null, body: Buffer): Promise<LmsEvent> {
    let payload: unknown;
    const liveEvents = lms?.liveEvents;
    if (liveEvents) {
      const text = decodeUtf8Strictly(body, "body").trim();
      if (text.startsWith("{")) {
        throw new AppError("invalid_signature", {
          message: "This integration takes Canvas Live Events signed as JWTs only.",
        });
      }
      // Instructure signs the Live Events of every school's Canvas with one shared key set, and its
      // `iss` is not the school's: without a school-specific `audience`, only the signed hostname says the
      // event is this Canvas's and not another school's (whose events would name its own ids).
      const hostname = liveEvents.audience === undefined ? canvasHostname(lms?.url ?? "") : undefined;
      const verified = await verifyCanvasLiveEventJwt(text, {
        keys: keysFor(liveEvents.jwksUrl),
        ...(liveEvents.issuer === undefined ? {} : { issuer: liveEvents.issuer }),
        ...(liveEvents.audience === undefined ? {} : { audience: liveEvents.audience }),
        ...(hostname === undefined ? {} : { hostname }),
      });
      if (!verified.ok) {
        if (verified.reason === "keys-unavailable") {
          throw new AppError("server_busy", {
            message: "Canvas's key set could not be read; send the event again later.",
          });
        }
        throw new AppError("invalid_signature", {
          message:
            verified.reason === "expired"
              ? "The Live Event's JWT has expired."
              : verified.reason === "claims"
                ? "The Live Event's JWT has the wrong issuer or audience."
                : verified.reason === "wrong-host"
                  ? "The Live Event was signed for another Canvas: its metadata.hostname is not the host of the integration's lms.url (set lms.liveEvents.audience if your Canvas sends a school-specific aud)."
                  : "The Live Event's JWT signature does not match Canvas's keys.",
        });
      }
      payload = verified.payload;
    } else {
      // Under the rules of every JSON body: strict UTF-8, no repeated key, no unpaired surrogate.
      payload = parseJsonBytes(body);
    }
    const parsed = parseCanvasLiveEvent(payload);
    if (!parsed.ok) return ignoredOrThrow(parsed);
    const { event } = parsed;
    return {
      kind: "submission",
      messageId: `canvas:${event.dedupeKey}`,
      datedAt: null,
      // The submission's and the student's ids in their canonical form, as every id a client gives is
      // stored; the reference keeps Canvas's own, for its API.
      externalId: canonicalClientId(event.submissionId),
      attempt: event.attempt !== null && event.attempt >= 1 ? event.attempt : null,
      studentId: canonicalClientId(event.userId),
      assignmentId: event.assignmentId,
      assignmentLocalId: canvasLocalId(event.assignmentId) ?? null,
      courseId: event.courseId,
      // The course comes from the event or the mapping (the service fills it in).
      reference: {
        kind: "canvas",
        courseId: event.courseId ?? "",
        assignmentId: event.assignmentId,
        userId: event.userId,
      },
    };
  }

  function readMoodle(webhookToken: string | undefined, body: Buffer): LmsEvent {
    const payload = parseJsonBytes(body);
    if (!verifyMoodleWebhookToken(payload, webhookToken ?? "")) {
      throw new AppError("invalid_signature", {
        message: "The token in the body is not the integration's webhookToken.",
        details: [{ path: "body.token", message: "not the integration's webhookToken" }],
      });
    }
    const parsed = parseMoodleWebhookEvent(payload);
    if (!parsed.ok) return ignoredOrThrow(parsed);
    const { event } = parsed;
    if (event.timeCreated === null) {
      // The post's hash is its only id, remembered for a while: without its date a post replayed after
      // that could not be told from a new one. Moodle's events always carry `timecreated`.
      throw invalidEvent([
        { path: "timecreated", message: "is required (Unix seconds): an undated post could be replayed" },
      ]);
    }
    return {
      kind: "submission",
      // local_webhooks sends no message id: the same post twice is the same message.
      messageId: `moodle:${createHash("sha256").update(body).digest("hex")}`,
      datedAt: event.timeCreated,
      // One record per student and assignment; each event is a new attempt, and one whose text did not
      // change (Moodle sends several events per submit) is recorded as unchanged once fetched.
      externalId: canonicalClientId(`${event.courseModuleId}:${event.userId}`),
      attempt: null,
      // Canonical as on Canvas; the reference keeps Moodle's own.
      studentId: canonicalClientId(event.userId),
      assignmentId: event.courseModuleId,
      courseId: event.courseId,
      reference: {
        kind: "moodle",
        courseModuleId: event.courseModuleId,
        assignmentId: null,
        userId: event.userId,
      },
    };
  }

  return async (integration, body) => {
    // A view of the same bytes, not a copy: the port names no Node type, the readers decode with Buffer.
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return integration.type === "canvas"
      ? readCanvas(integration.lms, bytes)
      : readMoodle(integration.credentials.webhookToken, bytes);
  };
}

/** The host of a Canvas root URL; "" (which matches no event: fail closed) when unreadable. */
function canvasHostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

/** An event of another kind is ignored (200); one that is not an event at all is `invalid_request`. */
function ignoredOrThrow(
  parsed:
    | { readonly reason: "ignored"; readonly eventName: string }
    | { readonly reason: "invalid"; readonly problems: readonly Problem[] },
): LmsEvent {
  if (parsed.reason === "ignored") return { kind: "ignored", eventName: parsed.eventName };
  throw invalidEvent(parsed.problems);
}

function invalidEvent(problems: readonly Problem[]): AppError {
  const details = problems.map((problem) => ({
    path: problem.path === "" ? "body" : `body.${problem.path}`,
    message: problem.message,
  }));
  return new AppError("invalid_request", {
    message: details.map((detail) => `${detail.path}: ${detail.message}`).join("; "),
    details,
  });
}
