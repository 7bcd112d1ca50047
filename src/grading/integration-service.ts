import { z } from "zod";
import type { Scope } from "./access.js";
import { canonicalClientId, foreignIdentifierSchema, idCharacterProblem } from "./client-ids.js";
import { AppError, formatPath } from "./errors.js";
import { checkAnswerText } from "./grade-answer.js";
import { invalidBody, parseJsonBytes } from "./json-input.js";
import type { GradingService } from "./grading-service.js";
import type { Grade } from "./grade.js";
import {
  noDeliveries,
  rubricMappingSchema,
  submissionCreatedSchema,
  type Delivery,
  type DeliveryCounts,
  type Integration,
  type IntegrationQueueStore,
  type IntegrationStore,
  type LmsCredentials,
  type LmsEventReader,
  type LmsSettings,
  type RubricMapping,
  type StoredIntegration,
  type Submission,
  type SubmissionListFilter,
} from "./integrations.js";
import { recordWithNamedKeys } from "./record-keys.js";
import { nameSchema } from "./visible-text.js";
import type { Clock } from "../lib/clock.js";
import { quoteShown } from "../lib/code-points.js";
import { sha256Hex } from "../lib/hashing.js";
import { rsaPkcs8Problem } from "../lib/private-key.js";
import type { SecretBox } from "../lib/secret-box.js";
import { generateWebhookSecret, verifyWebhook, type WebhookVerification } from "../lib/standard-webhooks.js";
import { matchesUrlToken } from "../lib/url-token.js";

/**
 * Integrations' use cases: manage them (secrets sealed, shown once, rotated with a grace period),
 * take signed events in (verify, deduplicate, record: one transaction, no model work), and show a
 * submission with its grade and passback. The integration runner (integrations/) queues, releases and
 * delivers.
 */
export interface IntegrationServiceDependencies {
  storeFor: (tenantId: string) => IntegrationStore;
  queue: IntegrationQueueStore;
  /** null without GRADER_SECRET_KEY: integrations cannot be created or used. */
  secretBox: SecretBox | null;
  grading: Pick<GradingService, "gradableRubric" | "getGrade">;
  clock: Clock;
  newId: (prefix: string) => string;
  maxAnswerChars: number;
  /**
   * How long inbound message ids are remembered (GRADER_WEBHOOK_ID_RETENTION_HOURS; default 7 days): an LMS
   * event dated earlier than that is refused, since a replay of it would no longer be seen as one.
   */
  messageIdRetentionMs?: number;
  /** The reason a callback URL is refused (https only, …); undefined when it may be used. */
  checkCallbackUrl: (url: string) => string | undefined;
  /** Checks and reads Canvas and Moodle events (integrations/); without it those types cannot be created. */
  readLmsEvent?: LmsEventReader;
  /** An event was recorded: a runner in this process may dispatch it now. */
  onSubmissionRecorded?: () => void;
  /** An integration's release rules changed (hold, callback URL, enabled): look at its grades again. */
  onIntegrationChanged?: () => void;
  /** A dead delivery was put back in the queue. */
  onDeliveryQueued?: () => void;
}

export const defaultGraceSeconds = 24 * 60 * 60;

/** Secrets kept through their grace after rotations; older ones end early when more rotations follow. */
const maxPreviousSecrets = 3;

/** A rotated-out signing secret and the end of its grace. */
interface PreviousSecret {
  secret: string;
  expiresAt: string;
}

const defaultMessageIdRetentionMs = 7 * 24 * 60 * 60 * 1000;
/** How far an LMS's clock may be from ours, as for Standard Webhooks timestamps. */
const eventClockSkewMs = 5 * 60 * 1000;

const urlSchema = z.string().max(2000).url();

const lmsSettingsSchema = z
  .object({
    clientId: foreignIdentifierSchema(500).optional().describe("LTI: the tool's client id on the platform."),
    keyId: foreignIdentifierSchema(500).optional().describe("LTI: the `kid` of the tool's key in its JWKS."),
    url: urlSchema.describe(
      "Canvas: its root (`https://school.instructure.com`). Moodle: the site URL, with its path. LTI: the platform's token URL.",
    ),
    liveEvents: z
      .object({
        jwksUrl: urlSchema.describe(
          "Canvas's key set, e.g. `https://sso.canvaslms.com/api/lti/security/jwks`.",
        ),
        issuer: foreignIdentifierSchema(500).optional(),
        audience: foreignIdentifierSchema(500)
          .optional()
          .describe(
            "A school-specific `aud` the JWTs carry; without it, an event's signed `metadata.hostname` must be `lms.url`'s host.",
          ),
      })
      .optional()
      .describe(
        "Canvas only: Live Events come signed as JWTs, checked against this key set; unsigned ones are refused.",
      ),
    requireToken: z
      .boolean()
      .optional()
      .describe(
        "Canvas only, plain (unsigned) Live Events: `true` refuses (401) an event that does not come to the `liveEventsUrl`, i.e. without its `?token=`. Set it once the Data Services subscription uses that URL.",
      ),
  })
  .describe("Canvas and Moodle: where the LMS is. Its tokens go in `credentials`.");

/**
 * Assignment id → rubric, each refused id named (`recordWithNamedKeys`) with the character it cannot hold,
 * and kept in its canonical form (`canonicalClientId`), as every other id a client gives: an id typed with a
 * combining accent (`e\u0301`) was matched by no event that sent it precomposed (`é`), and both forms could
 * be mapped side by side, two keys that read as one. Two keys of one id are refused, naming both.
 */
/**
 * Assignment id → `mapping` (a rubric; in a PATCH, null too), each refused id named (`recordWithNamedKeys`)
 * with the character it cannot hold, and kept in its canonical form (`canonicalClientId`), as every other id
 * a client gives: an id typed with a combining accent (`e\u0301`) was matched by no event that sent it
 * precomposed (`é`), and both forms could be mapped side by side, two keys that read as one. Two keys of
 * one id are refused, naming both.
 */
const assignmentRecordSchema = <Mapping extends z.ZodType>(mapping: Mapping) =>
  recordWithNamedKeys(
    "assignment id",
    200,
    mapping,
    // The characters an LMS's assignment id can hold (`verbatimClientIdSchema`): a key with a bidi override
    // or a zero-width space is matched by no event and reads as another in the integration.
    idCharacterProblem,
  )
    .superRefine((record, context) => {
      const firstWritten = new Map<string, string>();
      for (const key of Object.keys(record)) {
        const canonical = canonicalClientId(key);
        const earlier = firstWritten.get(canonical);
        if (earlier === undefined) {
          firstWritten.set(canonical, key);
          continue;
        }
        context.addIssue({
          code: "custom",
          message: `the assignment ids ${quoteShown(earlier)} and ${quoteShown(key)} are one id in two Unicode forms (composed and decomposed): map it once`,
        });
      }
    })
    .overwrite((record) =>
      Object.keys(record).every((key) => canonicalClientId(key) === key)
        ? record
        : Object.fromEntries(Object.entries(record).map(([key, value]) => [canonicalClientId(key), value])),
    );

/**
 * How many assignments one integration maps at most. Every event reads the whole map: unbounded, PATCHes
 * adding mappings one after another would make each event's read grow without end.
 */
export const maxAssignmentMappings = 10_000;

const tooManyAssignments = (count: number) =>
  `maps ${count} assignments; an integration maps at most ${maxAssignmentMappings} (use defaultRubric for the rest, or another integration)`;

const assignmentMappingsSchema = assignmentRecordSchema(rubricMappingSchema).superRefine(
  (record, context) => {
    const count = Object.keys(record).length;
    if (count > maxAssignmentMappings)
      context.addIssue({ code: "custom", message: tooManyAssignments(count) });
  },
);

export const integrationInputSchema = z.object({
  type: z.enum(["webhook", "canvas", "moodle", "lti"]).describe("`webhook`, `canvas`, `moodle` or `lti`."),
  name: nameSchema(200),
  assignments: assignmentMappingsSchema
    .default({})
    .describe("Assignment id (the LMS's, as a string) → rubric."),
  defaultRubric: rubricMappingSchema.nullable().default(null),
  holdForReview: z.boolean().default(true),
  callbackUrl: urlSchema.nullable().default(null),
  credentials: recordWithNamedKeys("credential", 100, z.string().max(10_000))
    .optional()
    .describe("LMS credentials (tokens, keys): sealed at rest, never returned."),
  lms: lmsSettingsSchema.nullable().default(null),
  enabled: z.boolean().default(true),
});
export type IntegrationInput = z.output<typeof integrationInputSchema>;

export const integrationPatchSchema = integrationInputSchema
  .omit({ type: true })
  .partial()
  .extend({
    name: nameSchema(200).optional(),
    assignments: assignmentRecordSchema(rubricMappingSchema.nullable())
      .optional()
      .describe(
        "Merged into the stored map (JSON Merge Patch): each id sent is mapped as given, an id sent as null is unmapped, ids not sent keep their mappings.",
      ),
    defaultRubric: rubricMappingSchema.nullable().optional(),
    holdForReview: z.boolean().optional(),
    callbackUrl: urlSchema.nullable().optional(),
    lms: lmsSettingsSchema.optional(),
    enabled: z.boolean().optional(),
  });
export type IntegrationPatch = z.output<typeof integrationPatchSchema>;

/** A map's mappings (a PATCH's nulls left out), each with the body path that names it. */
function mappedAssignments(
  assignments: Record<string, RubricMapping | null> | undefined,
): [string, RubricMapping][] {
  return Object.entries(assignments ?? {}).flatMap(([id, mapping]): [string, RubricMapping][] =>
    mapping === null ? [] : [[formatPath(["body", "assignments", id]), mapping]],
  );
}

/**
 * The stored map with a PATCH's `assignments` merged in (JSON Merge Patch, RFC 7396): an id sent is mapped
 * as sent, an id sent as null is unmapped, any other keeps its mapping. Throws `invalid_request` when the
 * result maps more than maxAssignmentMappings.
 */
function mergedAssignments(
  stored: Record<string, RubricMapping>,
  patch: Record<string, RubricMapping | null>,
): Record<string, RubricMapping> {
  // Through a Map: an id is data, never an object's own machinery (`__proto__` as a key of a plain object).
  const merged = new Map(Object.entries(stored));
  for (const [assignmentId, mapping] of Object.entries(patch)) {
    if (mapping === null) merged.delete(assignmentId);
    else merged.set(assignmentId, mapping);
  }
  const count = merged.size;
  if (count > maxAssignmentMappings) {
    const message = tooManyAssignments(count);
    throw new AppError("invalid_request", {
      message: `body.assignments: ${message}`,
      details: [{ path: "body.assignments", message }],
    });
  }
  return Object.fromEntries(merged);
}

export interface InboundEvent {
  headers: { id?: string; timestamp?: string; signature?: string };
  body: Buffer;
  /**
   * The inbound URL's `token` query parameter: how an unsigned Canvas Live Events feed proves it is the
   * school's subscription (`urlTokenOf` the integration's secret). Not read for other integrations.
   */
  urlToken?: string;
}

export type InboundResult = {
  status: 200 | 202;
  /** `ignored`: a Canvas or Moodle event this service does not act on (answered 200 so it is not resent). */
  outcome: "accepted" | "duplicate" | "unchanged" | "ignored";
  submissionId: string | null;
};

export interface SubmissionView {
  id: string;
  integrationId: string;
  submissionId: string;
  attempt: number;
  studentId: string | null;
  assignmentId: string | null;
  rubricId: string;
  rubricVersion: string;
  /** `received`, `queued`, `grading`, `graded`, `needs_review`, `failed`, `unchanged`. */
  status: string;
  sameAs: string | null;
  jobId: string | null;
  error: string | null;
  grade: Grade | null;
  passback: {
    /** `none` (no callback URL), `held` (waiting for review), `waiting` (no grade yet), or the latest delivery's status. */
    status: string;
    releasedVersion: number | null;
    deliveries: Delivery[];
  };
  receivedAt: string;
  updatedAt: string;
}

/** A submission in a list: its view without the grade's body and the deliveries' attempts. */
export type SubmissionSummary = Omit<SubmissionView, "grade" | "passback"> & {
  gradeId: string | null;
  passback: { status: string; releasedVersion: number | null };
};

/**
 * An integration as the API shows it: its record (never a secret) and how many of its deliveries are in
 * each state, so that an admin sees passbacks given up (`dead`) or waiting without listing submissions.
 */
export type IntegrationView = Integration & { deliveryCounts: DeliveryCounts };

export type IntegrationService = ReturnType<typeof createIntegrationService>;

export function createIntegrationService(dependencies: IntegrationServiceDependencies) {
  const { storeFor, queue, clock } = dependencies;

  function box(): SecretBox {
    if (!dependencies.secretBox) throw new AppError("integrations_not_configured");
    return dependencies.secretBox;
  }
  const secretContext = (id: string, which: "secret" | "previous" | "credentials") =>
    `integration ${id} ${which}`;

  function publicView(stored: StoredIntegration): Integration {
    const {
      sealedSecret: _secret,
      sealedPreviousSecret: _previous,
      sealedCredentials: _credentials,
      ...integration
    } = stored;
    return integration;
  }

  /** The integrations as the API shows them, their delivery counts read in one query. */
  async function withDeliveryCounts(scope: Scope, stored: StoredIntegration[]): Promise<IntegrationView[]> {
    const counts = await storeFor(scope.tenantId).deliveryCounts(stored.map((integration) => integration.id));
    return stored.map((integration) => ({
      ...publicView(integration),
      deliveryCounts: counts.get(integration.id) ?? noDeliveries(),
    }));
  }
  const oneWithDeliveryCounts = async (scope: Scope, stored: StoredIntegration) =>
    (await withDeliveryCounts(scope, [stored]))[0]!;

  async function requireIntegration(scope: Scope, id: string): Promise<StoredIntegration> {
    const stored = await storeFor(scope.tenantId).find(id);
    if (!stored)
      throw new AppError("integration_not_found", { message: `No integration with id ${quoteShown(id)}.` });
    return stored;
  }

  /**
   * Reads an integration, changes it and writes it back only if nothing else was written meanwhile;
   * otherwise reads it again and makes the change on top of the other one, so that two changes at once
   * (a PATCH and a secret rotation, two PATCHes) both hold. `change` may throw to refuse. Each round
   * lost means another change was written, so this ends. Throws `integration_not_found`.
   */
  async function changeIntegration(
    scope: Scope,
    id: string,
    change: (stored: StoredIntegration) => StoredIntegration,
  ): Promise<StoredIntegration> {
    for (;;) {
      const stored = await requireIntegration(scope, id);
      const updated = change(stored);
      if (await storeFor(scope.tenantId).update(updated, stored)) return updated;
    }
  }

  function checkCallback(url: string | null | undefined): void {
    if (url === null || url === undefined) return;
    const problem = dependencies.checkCallbackUrl(url);
    if (problem) {
      throw new AppError("invalid_request", {
        message: `body.callbackUrl: ${problem}`,
        details: [{ path: "body.callbackUrl", message: problem }],
      });
    }
  }

  const invalid = (path: string, message: string) =>
    new AppError("invalid_request", { message: `${path}: ${message}`, details: [{ path, message }] });

  /**
   * What Canvas and Moodle need: the LMS's URL (an outbound URL, checked like a callback), their tokens,
   * and no callback URL (their grades go back to the LMS).
   */
  function checkLmsFields(
    type: IntegrationInput["type"],
    fields: {
      lms?: LmsSettings | null | undefined;
      callbackUrl?: string | null | undefined;
      credentials?: Record<string, string> | undefined;
    },
    creating: boolean,
  ): void {
    if (type === "webhook") {
      if (fields.lms) throw invalid("body.lms", "only for canvas and moodle integrations");
      return;
    }
    if (type !== "lti" && !dependencies.readLmsEvent) {
      throw invalid("body.type", `${type} integrations are not available`);
    }
    if (fields.callbackUrl) {
      throw invalid("body.callbackUrl", `${type} integrations send grades to the LMS, not to a callback URL`);
    }
    if (creating && !fields.lms) throw invalid("body.lms", `required for ${type} integrations`);
    if (fields.lms) {
      const urlProblem = dependencies.checkCallbackUrl(fields.lms.url);
      if (urlProblem) throw invalid("body.lms.url", urlProblem);
      if (type === "lti" && (!fields.lms.clientId || !fields.lms.keyId)) {
        throw invalid(
          "body.lms",
          "lti integrations need clientId and keyId (and url: the platform's token URL)",
        );
      }
      if (fields.lms.requireToken !== undefined && type !== "canvas") {
        throw invalid("body.lms.requireToken", "only for canvas integrations");
      }
      if (fields.lms.liveEvents) {
        if (type !== "canvas") throw invalid("body.lms.liveEvents", "only for canvas integrations");
        const jwksProblem = dependencies.checkCallbackUrl(fields.lms.liveEvents.jwksUrl);
        if (jwksProblem) throw invalid("body.lms.liveEvents.jwksUrl", jwksProblem);
      }
    }
    if (creating && fields.credentials === undefined) {
      throw invalid("body.credentials", `required for ${type} integrations`);
    }
    if (fields.credentials !== undefined) {
      const required =
        type === "canvas" ? ["token"] : type === "lti" ? ["privateKey"] : ["token", "webhookToken"];
      for (const name of required) {
        if (!fields.credentials[name])
          throw invalid(`body.credentials.${name}`, `required for ${type} integrations`);
      }
      // An LMS token travels in an HTTP header (`Authorization: Bearer …`) or a form field. One with a
      // line break (a paste gone wrong, or `\r\nX-Other: …`) cannot be sent at all: the HTTP client
      // refused the header on every fetch and passback, retried as a "network error" for a day. No
      // token has spaces or other characters beyond printable ASCII either: refused here, naming it.
      if (type !== "lti" && fields.credentials.token) {
        const problem = tokenProblem(fields.credentials.token);
        if (problem) throw invalid("body.credentials.token", problem);
      }
      // A key that cannot sign made every passback dead as "the registration is incomplete".
      const privateKey = fields.credentials.privateKey;
      if (type === "lti" && privateKey) {
        const problem = rsaPkcs8Problem(privateKey);
        if (problem) throw invalid("body.credentials.privateKey", problem);
      }
    }
  }

  /**
   * Stored credentials go only to the LMS they were given for: a patch that moves `lms.url` to another
   * origin (scheme, host, port), or maps an LTI assignment to a line item on a new origin, must give them
   * again. Otherwise an admin key could point the URL at a server of its own and be sent the sealed token
   * (which the API never returns), or a token made with it, on the next fetch or passback.
   */
  function checkCredentialsFollowLms(stored: StoredIntegration, patch: IntegrationPatch): void {
    if (!stored.hasCredentials || patch.credentials !== undefined) return;
    if (patch.lms && stored.lms && originOf(patch.lms.url) !== originOf(stored.lms.url)) {
      throw invalid(
        "body.credentials",
        "required when lms.url moves to another host: stored credentials are sent only to the LMS they were given for",
      );
    }
    // LTI scores go to each lineItemUrl with a bearer token the platform issued for the tool's key: a
    // line item on a host the integration never sent scores to would receive that token.
    const known = new Set(
      [stored.lms?.url, ...mappingsOf(stored).map(([, mapping]) => mapping.lineItemUrl)]
        .filter((url): url is string => url !== undefined)
        .map(originOf),
    );
    for (const [path, mapping] of mappingsOf(patch)) {
      if (mapping.lineItemUrl !== undefined && !known.has(originOf(mapping.lineItemUrl))) {
        throw invalid(
          "body.credentials",
          `required when ${path}.lineItemUrl is on a host this integration has not sent scores to: the platform's access token would go there`,
        );
      }
    }
  }

  function mappingsOf(input: {
    assignments?: Record<string, RubricMapping | null> | undefined;
    defaultRubric?: RubricMapping | null | undefined;
  }): [string, RubricMapping][] {
    const mappings: [string, RubricMapping][] = mappedAssignments(input.assignments);
    if (input.defaultRubric) mappings.push(["body.defaultRubric", input.defaultRubric]);
    return mappings;
  }

  /** Every mapped rubric (and pinned version) must exist and take grades. */
  async function checkMappings(
    scope: Scope,
    input: { assignments?: Record<string, RubricMapping | null>; defaultRubric?: RubricMapping | null },
  ) {
    const mappings = mappedAssignments(input.assignments);
    if (input.defaultRubric) mappings.push(["body.defaultRubric", input.defaultRubric]);
    for (const [path, mapping] of mappings) {
      if (mapping.lineItemUrl !== undefined) {
        const problem = dependencies.checkCallbackUrl(mapping.lineItemUrl);
        if (problem) throw invalid(`${path}.lineItemUrl`, problem);
      }
      try {
        await dependencies.grading.gradableRubric(
          scope,
          mapping.rubricId,
          mapping.rubricVersion ?? undefined,
        );
      } catch (error) {
        if (!AppError.isInstance(error)) throw error;
        throw new AppError(error.code, {
          message: `${path}: ${error.message}`,
          details: [{ path, message: error.message }],
        });
      }
    }
  }

  /** The secrets a message may be signed with now: the current one, and the previous ones in their grace period. */
  function secretsOf(stored: StoredIntegration): string[] {
    const now = clock.now().toISOString();
    return [
      box().open(stored.sealedSecret, secretContext(stored.id, "secret")),
      ...previousSecretsOf(stored)
        .filter((previous) => previous.expiresAt > now)
        .map((previous) => previous.secret),
    ];
  }

  /**
   * The previous secrets with their ends of grace, newest last. Sealed as one JSON list, so that a second
   * rotation within the first one's grace keeps the secret the LMS may still be on: with a single slot,
   * rotating twice (a lost answer, a double click) made the original secret fail at once. A row from
   * before the list holds one sealed secret, ending at `previousSecretExpiresAt`.
   */
  function previousSecretsOf(stored: StoredIntegration): PreviousSecret[] {
    if (!stored.sealedPreviousSecret || !stored.previousSecretExpiresAt) return [];
    const opened = box().open(stored.sealedPreviousSecret, secretContext(stored.id, "previous"));
    if (!opened.startsWith("[")) return [{ secret: opened, expiresAt: stored.previousSecretExpiresAt }];
    return JSON.parse(opened) as PreviousSecret[];
  }

  /** Which rubric grades an event: its own rubricId, its assignment's mapping, or the default. */
  function mappingFor(
    integration: StoredIntegration,
    data: {
      assignmentId?: string | undefined;
      /** Another id of the same assignment a mapping may be keyed by (Canvas: its id on its shard). */
      assignmentLocalId?: string | null | undefined;
      rubricId?: string | undefined;
      rubricVersion?: string | undefined;
    },
  ): RubricMapping {
    // Own keys only: an LMS assignment id such as "constructor" or "__proto__" must not find Object's.
    // Mappings are keyed by the canonical form of the id (`assignmentMappingsSchema`); the event's id is kept
    // as sent (the LMS is asked for it so), and looked up as sent, then in that form.
    const ownMapping = (id: string) =>
      Object.hasOwn(integration.assignments, id) ? integration.assignments[id] : undefined;
    const mappedAs = (id: string | null | undefined) =>
      id === undefined || id === null
        ? undefined
        : (ownMapping(id) ?? (canonicalClientId(id) !== id ? ownMapping(canonicalClientId(id)) : undefined));
    const mapped = mappedAs(data.assignmentId) ?? mappedAs(data.assignmentLocalId);
    if (data.rubricId) {
      // The event's rubric wins; where its score goes (an LTI line item) is still the assignment's.
      return {
        rubricId: data.rubricId,
        rubricVersion: data.rubricVersion ?? null,
        ...(mapped?.lineItemUrl !== undefined ? { lineItemUrl: mapped.lineItemUrl } : {}),
      };
    }
    const mapping = mapped ?? integration.defaultRubric;
    if (!mapping) {
      throw new AppError("assignment_not_mapped", {
        message:
          data.assignmentId === undefined
            ? "The event names neither a rubricId nor an assignmentId, and the integration has no default rubric."
            : `Assignment ${quoteShown(data.assignmentId)}${
                data.assignmentLocalId ? ` (${quoteShown(data.assignmentLocalId)} in Canvas's pages)` : ""
              } is not mapped to a rubric, and the integration has no default rubric.`,
      });
    }
    return mapping;
  }

  function credentialsOf(stored: StoredIntegration): LmsCredentials | undefined {
    if (!stored.sealedCredentials) return undefined;
    return JSON.parse(
      box().open(stored.sealedCredentials, secretContext(stored.id, "credentials")),
    ) as LmsCredentials;
  }

  /**
   * Refuses an event dated before the ids of events are forgotten (less the clock skew, so that an event
   * dated a little ahead of our clock is still remembered for as long as it is accepted), or dated
   * further ahead than the skew: either way, a replay of it could be taken for a new event.
   */
  function checkEventDate(datedAtSeconds: number): void {
    const retentionMs = dependencies.messageIdRetentionMs ?? defaultMessageIdRetentionMs;
    const now = clock.now().getTime();
    const datedAt = datedAtSeconds * 1000;
    if (datedAt < now - retentionMs + eventClockSkewMs) {
      const hours = Math.round(((retentionMs - eventClockSkewMs) / 3_600_000) * 100) / 100;
      throw new AppError("stale_event", {
        message: `The event is dated ${new Date(datedAt).toISOString()}, more than ${hours} hours ago: its id is no longer remembered, so it is refused as a possible replay (nothing was stored).`,
      });
    }
    if (datedAt > now + eventClockSkewMs) {
      throw new AppError("stale_event", {
        message: `The event is dated ${new Date(datedAt).toISOString()}, more than 5 minutes ahead of the service's clock: fix the LMS server's clock (nothing was stored).`,
      });
    }
  }

  /** The 401 of a Standard Webhooks message that does not check out, saying what is wrong with it. */
  function signatureRefused(verified: Exclude<WebhookVerification, { ok: true }>): AppError {
    return new AppError("invalid_signature", {
      message:
        verified.reason === "missing_headers"
          ? `Send webhook-id, webhook-timestamp (unix seconds) and webhook-signature (v1,<base64>): ${verified.missing.join(", ")} ${verified.missing.length === 1 ? "is" : "are"} missing.`
          : verified.reason === "bad_timestamp"
            ? "webhook-timestamp must be whole unix seconds (digits only, as Standard Webhooks writes it)."
            : verified.reason === "stale_timestamp"
              ? "webhook-timestamp is more than 5 minutes from the service's clock: a replay, or a clock to fix."
              : "No webhook-signature matches the integration's secret.",
    });
  }

  /**
   * What an event for an unknown integration (or one that cannot prove anything to a disabled one) is
   * answered: exactly what a Standard Webhooks integration answers a sender without its secret, checked
   * against a secret nobody holds, so neither the status, the message nor the work done tells the ids apart.
   */
  function refusedAsUnknown(event: InboundEvent): AppError {
    const verified = verifyWebhook({
      secrets: [generateWebhookSecret()],
      headers: event.headers,
      body: event.body,
      nowSeconds: Math.floor(clock.now().getTime() / 1000),
    });
    return signatureRefused(verified.ok ? { ok: false, reason: "bad_signature" } : verified);
  }

  /**
   * A Canvas feed proves itself with the token in its inbound URL (`?token=`, shown with the secret it is
   * derived from), or with signed JWTs (`lms.liveEvents`). A token given must be right, whatever the feed.
   * A plain feed without a token is taken (issue 9: Canvas sends plain Live Events to a bare URL, and
   * subscriptions made before the token existed have none) unless `lms.requireToken` is set: then it is
   * refused before anything is read, so that nobody who merely knows the inbound URL can post events, each
   * a submission and a call to Canvas with the school's token. A disabled integration answers an unproven
   * event as an unknown id.
   */
  function checkCanvasUrlToken(integration: StoredIntegration, event: InboundEvent): void {
    const signed = integration.lms?.liveEvents !== undefined;
    if (event.urlToken === undefined) {
      if (signed) return;
      if (!integration.enabled) throw refusedAsUnknown(event);
      if (integration.lms?.requireToken !== true) return;
    } else if (matchesUrlToken(event.urlToken, secretsOf(integration))) {
      return;
    }
    if (!integration.enabled && !signed) throw refusedAsUnknown(event);
    throw new AppError("invalid_signature", {
      message:
        event.urlToken === undefined
          ? "This Canvas integration takes Live Events only at its inbound URL with its token (`?token=…`: the `liveEventsUrl` shown when it was created or its secret rotated)."
          : "The inbound URL's token is not this integration's: use the `liveEventsUrl` shown when it was created or its secret last rotated.",
    });
  }

  /**
   * A Canvas Live Event or a Moodle `local_webhooks` post: checked and read by the LMS adapter, then
   * recorded as a submission whose text the runner fetches from the LMS (nothing is fetched here, so
   * ingest stays fast). Redeliveries of one event, and attempts already recorded, are duplicates.
   */
  async function receiveLmsEvent(
    integration: StoredIntegration,
    type: "canvas" | "moodle",
    body: Buffer,
  ): Promise<InboundResult> {
    const credentials = credentialsOf(integration);
    if (!credentials || !dependencies.readLmsEvent) {
      throw new AppError("integration_not_found", {
        message: `No integration with id ${quoteShown(integration.id)}.`,
      });
    }
    const event = await dependencies.readLmsEvent({ type, lms: integration.lms, credentials }, body);
    // Checked and read: the sender proved itself, so it may learn the integration is disabled.
    if (!integration.enabled) throw new AppError("integration_disabled");
    if (event.kind === "ignored") return { status: 200, outcome: "ignored", submissionId: null };
    if (event.datedAt !== null) checkEventDate(event.datedAt);
    const mapping = mappingFor(integration, {
      assignmentId: event.assignmentId,
      assignmentLocalId: event.assignmentLocalId,
    });
    let reference = event.reference;
    if (reference.kind === "canvas") {
      const courseId = event.courseId ?? mapping.courseId;
      if (courseId === undefined) {
        throw new AppError("assignment_not_mapped", {
          message: `Assignment ${quoteShown(event.assignmentId)} has no courseId in the integration's mapping, and the event names no course.`,
        });
      }
      reference = { ...reference, courseId };
    }
    const scope: Scope = { tenantId: integration.tenantId, role: "service", keyId: null, operator: false };
    const { rubric } = await dependencies.grading.gradableRubric(
      scope,
      mapping.rubricId,
      mapping.rubricVersion ?? undefined,
    );
    const recorded = await queue.recordEvent({
      tenantId: integration.tenantId,
      messageId: event.messageId,
      now: clock.now(),
      submission: {
        id: dependencies.newId("sbm"),
        integrationId: integration.id,
        externalId: event.externalId,
        attempt: event.attempt,
        studentId: event.studentId,
        assignmentId: event.assignmentId,
        rubricId: rubric.id,
        rubricVersion: rubric.version,
        answer: "",
        answerHash: "",
        fetchFrom: reference,
      },
    });
    if (recorded.outcome === "accepted") {
      dependencies.onSubmissionRecorded?.();
      return { status: 202, outcome: "accepted", submissionId: recorded.submission.id };
    }
    return { status: 200, outcome: "duplicate", submissionId: recorded.submission?.id ?? null };
  }

  /** A submission with its grade and every passback attempt. Throws `submission_not_found`. */
  async function getSubmission(scope: Scope, id: string): Promise<SubmissionView> {
    const found = await storeFor(scope.tenantId).findSubmission(id);
    if (!found)
      throw new AppError("submission_not_found", { message: `No submission with id ${quoteShown(id)}.` });
    const { submission, itemState, itemError, deliveries } = found;
    const grade = found.grade ? await dependencies.grading.getGrade(scope, found.grade.id) : null;
    const integration = await storeFor(scope.tenantId).find(submission.integrationId);
    const shown = scope.role === "admin" ? deliveries : deliveries.map(withoutCallbackSecrets);
    return view(submission, itemState, itemError, grade, shown, integration);
  }

  return {
    /** Creates an integration; its signing secret is in the answer and never again. Throws `integrations_not_configured`, `invalid_request`, `rubric_not_found`, `rubric_archived`. */
    async createIntegration(
      scope: Scope,
      input: IntegrationInput,
    ): Promise<{ integration: IntegrationView; secret: string }> {
      const sealer = box();
      checkLmsFields(input.type, input, true);
      checkCallback(input.callbackUrl);
      await checkMappings(scope, input);
      const id = dependencies.newId("int");
      const secret = generateWebhookSecret();
      const now = clock.now().toISOString();
      const stored: StoredIntegration = {
        id,
        tenantId: scope.tenantId,
        type: input.type,
        name: input.name,
        enabled: input.enabled,
        assignments: input.assignments,
        defaultRubric: input.defaultRubric,
        holdForReview: input.holdForReview,
        callbackUrl: input.callbackUrl,
        hasCredentials: input.credentials !== undefined,
        lms: input.lms,
        previousSecretExpiresAt: null,
        createdAt: now,
        updatedAt: now,
        sealedSecret: sealer.seal(secret, secretContext(id, "secret")),
        sealedPreviousSecret: null,
        sealedCredentials:
          input.credentials === undefined
            ? null
            : sealer.seal(JSON.stringify(input.credentials), secretContext(id, "credentials")),
      };
      await storeFor(scope.tenantId).create(stored);
      return { integration: { ...publicView(stored), deliveryCounts: noDeliveries() }, secret };
    },

    /** The tenant's integrations, each with its delivery counts. */
    async listIntegrations(scope: Scope): Promise<IntegrationView[]> {
      return withDeliveryCounts(scope, await storeFor(scope.tenantId).list());
    },

    /** One integration with its delivery counts. Throws `integration_not_found`. */
    async getIntegration(scope: Scope, id: string): Promise<IntegrationView> {
      return oneWithDeliveryCounts(scope, await requireIntegration(scope, id));
    },

    /** Changes what the patch names. Throws `integration_not_found`, `invalid_request`, `rubric_*`. */
    async updateIntegration(scope: Scope, id: string, patch: IntegrationPatch): Promise<IntegrationView> {
      checkLmsFields((await requireIntegration(scope, id)).type, patch, false);
      checkCallback(patch.callbackUrl);
      await checkMappings(scope, patch);
      const { credentials, assignments, ...rest } = patch;
      const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
      const updated = await changeIntegration(scope, id, (stored) => {
        checkCredentialsFollowLms(stored, patch);
        return {
          ...stored,
          ...defined,
          // Merged on the map as stored in this round: two PATCHes at once, each mapping another
          // assignment, both hold (replaced whole, the later one unmapped the other's).
          ...(assignments === undefined
            ? {}
            : { assignments: mergedAssignments(stored.assignments, assignments) }),
          ...(credentials === undefined
            ? {}
            : {
                hasCredentials: true,
                sealedCredentials: box().seal(JSON.stringify(credentials), secretContext(id, "credentials")),
              }),
          updatedAt: clock.now().toISOString(),
        };
      });
      dependencies.onIntegrationChanged?.();
      return oneWithDeliveryCounts(scope, updated);
    },

    async deleteIntegration(scope: Scope, id: string): Promise<void> {
      if (!(await storeFor(scope.tenantId).delete(id))) {
        throw new AppError("integration_not_found", { message: `No integration with id ${quoteShown(id)}.` });
      }
    },

    /**
     * A new signing secret, shown once; the current one stays valid (inbound, and as a second signature
     * on callbacks) for `graceSeconds` (default 24 h; 0 ends it now). Throws `integration_not_found`.
     */
    async rotateSecret(
      scope: Scope,
      id: string,
      graceSeconds = defaultGraceSeconds,
    ): Promise<{ integration: IntegrationView; secret: string }> {
      const sealer = box();
      const secret = generateWebhookSecret();
      const updated = await changeIntegration(scope, id, (stored) => {
        const current = sealer.open(stored.sealedSecret, secretContext(id, "secret"));
        const now = clock.now();
        // A grace of 0 ends every earlier secret too (a leak); otherwise those still in their grace stay.
        const previous =
          graceSeconds > 0
            ? [
                ...previousSecretsOf(stored).filter((kept) => kept.expiresAt > now.toISOString()),
                { secret: current, expiresAt: new Date(now.getTime() + graceSeconds * 1000).toISOString() },
              ].slice(-maxPreviousSecrets)
            : [];
        return {
          ...stored,
          sealedSecret: sealer.seal(secret, secretContext(id, "secret")),
          sealedPreviousSecret:
            previous.length > 0 ? sealer.seal(JSON.stringify(previous), secretContext(id, "previous")) : null,
          previousSecretExpiresAt:
            previous.length > 0
              ? previous
                  .map((kept) => kept.expiresAt)
                  .sort()
                  .at(-1)!
              : null,
          updatedAt: now.toISOString(),
        };
      });
      return { integration: await oneWithDeliveryCounts(scope, updated), secret };
    },

    /**
     * An inbound Standard Webhooks message. Verified on the raw bytes before anything is parsed or
     * stored; then recorded in one transaction. Throws `integration_not_found` (only for a check that
     * cannot run: integrations not configured), `invalid_signature` (also for an unknown id, for a
     * Canvas event without its URL token, and for a disabled Canvas feed's event without it, as a Standard
     * Webhooks integration answers a forgery), `integration_disabled` (only once the signature or token checked out), `invalid_request`,
     * `answer_too_long`, `assignment_not_mapped`, `rubric_not_found`, `rubric_archived`, `stale_event`
     * (a Moodle post dated before its id would be remembered).
     */
    async receiveEvent(integrationId: string, event: InboundEvent): Promise<InboundResult> {
      const integration = await queue.findIntegration(integrationId);
      if (!dependencies.secretBox) {
        throw new AppError("integration_not_found", {
          message: `No integration with id "${integrationId}".`,
        });
      }
      // An unknown id is refused as an integration whose secret the sender does not hold: a 404 here,
      // beside the 401 of a known id, told anyone which integration ids exist (ids made in the same
      // millisecond are consecutive, so one id leads to others).
      if (!integration) throw refusedAsUnknown(event);
      // A disabled integration says so (410) only to a caller that proved it is the integration's sender,
      // after the check an enabled one makes: before it, anyone could tell which ids exist and are
      // disabled. A sender that signs (or holds the Canvas URL token) gets the 410 and stops retrying.
      if (integration.type === "canvas" || integration.type === "moodle") {
        if (integration.type === "canvas") checkCanvasUrlToken(integration, event);
        return receiveLmsEvent(integration, integration.type, event.body);
      }
      const now = clock.now();
      const verified = verifyWebhook({
        secrets: secretsOf(integration),
        headers: event.headers,
        body: event.body,
        nowSeconds: Math.floor(now.getTime() / 1000),
      });
      if (!verified.ok) throw signatureRefused(verified);
      if (!integration.enabled) throw new AppError("integration_disabled");
      if (verified.messageId.length > 200) {
        throw new AppError("invalid_request", {
          message: "headers.webhook-id: must be at most 200 characters.",
          details: [{ path: "headers.webhook-id", message: "must be at most 200 characters" }],
        });
      }
      // Only now, the signature checked on the bytes as received, is the body read: under the rules of
      // every JSON body (strict UTF-8, no repeated key, no unpaired surrogate, no unknown field).
      const parsed = submissionCreatedSchema.safeParse(parseJsonBytes(event.body), { reportInput: true });
      if (!parsed.success) throw invalidBody(parsed.error);
      const { data } = parsed.data;
      checkAnswerText(data.answer, dependencies.maxAnswerChars, "body.data.answer");
      const scope: Scope = { tenantId: integration.tenantId, role: "service", keyId: null, operator: false };
      const mapping = mappingFor(integration, data);
      if (integration.type === "lti" && mapping.lineItemUrl === undefined) {
        throw new AppError("assignment_not_mapped", {
          message:
            data.assignmentId === undefined
              ? "An LTI event must name its assignmentId: the assignment's lineItemUrl in the integration's mapping says where its score goes."
              : `Assignment ${quoteShown(data.assignmentId)} has no lineItemUrl in the integration's mapping: its score would have nowhere to go.`,
        });
      }
      const { rubric } = await dependencies.grading.gradableRubric(
        scope,
        mapping.rubricId,
        mapping.rubricVersion ?? undefined,
      );
      const recorded = await queue.recordEvent({
        tenantId: integration.tenantId,
        messageId: verified.messageId,
        now,
        submission: {
          id: dependencies.newId("sbm"),
          integrationId: integration.id,
          externalId: data.submissionId,
          attempt: data.attempt ?? null,
          studentId: data.studentId,
          assignmentId: data.assignmentId ?? null,
          rubricId: rubric.id,
          rubricVersion: rubric.version,
          answer: data.answer,
          answerHash: sha256Hex(data.answer),
          ...(integration.type === "lti" && mapping.lineItemUrl !== undefined
            ? {
                reference: { kind: "lti" as const, lineItemUrl: mapping.lineItemUrl, userId: data.studentId },
              }
            : {}),
        },
      });
      if (recorded.outcome === "accepted") {
        dependencies.onSubmissionRecorded?.();
        return { status: 202, outcome: "accepted", submissionId: recorded.submission.id };
      }
      return {
        status: 200,
        outcome: recorded.outcome === "unchanged" ? "unchanged" : "duplicate",
        submissionId: recorded.submission?.id ?? null,
      };
    },

    /** The secrets callbacks are signed with now (current, and previous in its grace period). */
    async callbackSecrets(tenantId: string, integrationId: string): Promise<string[] | undefined> {
      const stored = await storeFor(tenantId).find(integrationId);
      return stored && secretsOf(stored);
    },

    /**
     * What the runner needs to reach a Canvas or Moodle integration's LMS (its URL and opened tokens);
     * undefined when the integration was deleted or has no LMS settings.
     */
    async lmsAccess(
      tenantId: string,
      integrationId: string,
    ): Promise<
      | { type: "canvas" | "moodle" | "lti"; url: string; lms: LmsSettings; credentials: LmsCredentials }
      | undefined
    > {
      const stored = await storeFor(tenantId).find(integrationId);
      if (!stored || stored.type === "webhook" || !stored.lms) return undefined;
      const credentials = credentialsOf(stored);
      return credentials && { type: stored.type, url: stored.lms.url, lms: stored.lms, credentials };
    },

    getSubmission,

    /**
     * Tries a failed submission again: a Canvas or Moodle one whose text could not be fetched is
     * fetched again (fresh attempts), one that could not be queued is queued in a new job.
     * Throws `submission_not_found`, `submission_fetch_not_failed`.
     */
    async retryFetch(scope: Scope, id: string): Promise<SubmissionView> {
      const store = storeFor(scope.tenantId);
      const found = await store.findSubmission(id);
      if (!found)
        throw new AppError("submission_not_found", { message: `No submission with id ${quoteShown(id)}.` });
      const retried = await store.retryFailedSubmission(id, clock.now());
      if (retried === null) {
        const { submission } = found;
        throw new AppError("submission_fetch_not_failed", {
          message:
            submission.state !== "failed" &&
            (submission.lmsReference === null || submission.lmsReference.kind === "lti")
              ? `Submission ${quoteShown(id)} brought its answer with its event and is ${submission.state}: only a failed submission is tried again.`
              : `Submission ${quoteShown(id)} is ${submission.state}${submission.state === "failed" ? " after its text was fetched (or its student's data was erased)" : ""}: only a submission whose fetch failed can be fetched again.`,
        });
      }
      dependencies.onSubmissionRecorded?.();
      return getSubmission(scope, id);
    },

    /** Submissions newest first, filtered; `more` says whether another page follows. */
    async listSubmissions(
      scope: Scope,
      filter: SubmissionListFilter,
    ): Promise<{ submissions: SubmissionSummary[]; more: boolean }> {
      const store = storeFor(scope.tenantId);
      const rows = await store.listSubmissions({ ...filter, limit: filter.limit + 1 });
      const integrations = new Map((await store.list()).map((integration) => [integration.id, integration]));
      const page = rows.slice(0, filter.limit);
      return {
        more: rows.length > filter.limit,
        submissions: page.map((row) => {
          const {
            grade: _grade,
            passback,
            ...rest
          } = view(
            row.submission,
            row.itemState,
            row.itemError,
            row.gradeStatus === null ? null : { status: row.gradeStatus },
            row.latestDeliveryStatus === null ? [] : [{ status: row.latestDeliveryStatus }],
            integrations.get(row.submission.integrationId),
          );
          return {
            ...rest,
            gradeId: row.gradeId,
            passback: { status: passback.status, releasedVersion: passback.releasedVersion },
          };
        }),
      };
    },

    /** Re-queues the submission's dead deliveries (fresh attempts). Throws `submission_not_found`. */
    async retryPassback(scope: Scope, id: string): Promise<{ requeued: number; submission: SubmissionView }> {
      const store = storeFor(scope.tenantId);
      if (!(await store.findSubmission(id))) {
        throw new AppError("submission_not_found", { message: `No submission with id ${quoteShown(id)}.` });
      }
      const requeued = await store.requeueDead(id, clock.now());
      if (requeued > 0) dependencies.onDeliveryQueued?.();
      return { requeued, submission: await getSubmission(scope, id) };
    },
  };
}

function view<G extends Pick<Grade, "status">, D extends Pick<Delivery, "status">>(
  submission: Submission,
  itemState: string | null,
  itemError: string | null,
  grade: G | null,
  deliveries: D[],
  integration: StoredIntegration | undefined,
): Omit<SubmissionView, "grade" | "passback"> & {
  grade: G | null;
  passback: { status: string; releasedVersion: number | null; deliveries: D[] };
} {
  const status =
    submission.state === "queued"
      ? itemState === "queued"
        ? "queued"
        : itemState === "running"
          ? "grading"
          : (itemState ?? "queued")
      : submission.state;
  const latest = deliveries.at(-1);
  // Canvas, Moodle and LTI grades go back to the LMS; a generic integration's only to a callback URL.
  const passesBack =
    integration !== undefined && (integration.type !== "webhook" || !!integration.callbackUrl);
  const passbackStatus = latest
    ? latest.status
    : !passesBack
      ? "none"
      : grade === null
        ? // Cancelled (its job was, or its student's data was erased): nothing will be sent.
          itemState === "cancelled"
          ? "none"
          : "waiting"
        : grade.status === "needs_review" && integration.holdForReview
          ? "held"
          : "waiting";
  return {
    id: submission.id,
    integrationId: submission.integrationId,
    submissionId: submission.externalId,
    attempt: submission.attempt,
    studentId: submission.studentId,
    assignmentId: submission.assignmentId,
    rubricId: submission.rubricId,
    rubricVersion: submission.rubricVersion,
    status,
    sameAs: submission.sameAs,
    jobId: submission.jobId,
    error: submission.error ?? itemError,
    grade,
    passback: { status: passbackStatus, releasedVersion: submission.releasedVersion, deliveries },
    receivedAt: submission.receivedAt,
    updatedAt: submission.updatedAt,
  };
}

/**
 * Why an LMS token cannot be sent as given, or undefined: it must be printable ASCII without spaces
 * (what bearer tokens and Moodle's web service tokens are), so that it goes into a header unchanged.
 */
function tokenProblem(token: string): string | undefined {
  const bad = /[^\x21-\x7e]/.exec(token);
  if (!bad) return undefined;
  const codePoint = `U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return `must be printable ASCII without spaces or control characters (${codePoint} at character ${bad.index + 1}): LMS tokens are, and it is sent to the LMS as it is`;
}

/** A URL's origin (`https://host:port`, lower case, default port left out); the URL itself when it does not parse. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * A delivery as a teacher sees it: a callback's URL only as its origin. Callback URLs often carry the
 * receiver's secret in their path or query (`…/hooks/T0/B0/XXXX`, `?code=…`), and integrations, where
 * the whole URL is, are for admins only.
 */
function withoutCallbackSecrets(delivery: Delivery): Delivery {
  if (delivery.target.kind !== "webhook") return delivery;
  return { ...delivery, target: { ...delivery.target, url: originOf(delivery.target.url) } };
}
