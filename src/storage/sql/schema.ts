import type { ColumnType, Generated } from "kysely";

/**
 * Table types shared by every SQL dialect. JSON documents are stored as text so the same schema works
 * on SQLite and PostgreSQL; columns that queries filter on are kept beside them.
 */
export interface Database {
  tenants: TenantTable;
  api_keys: ApiKeyTable;
  rubrics: RubricTable;
  rubric_versions: RubricVersionTable;
  grades: GradeTable;
  idempotency_keys: IdempotencyKeyTable;
  group_decisions: GroupDecisionTable;
  appeals: AppealTable;
  leases: LeaseTable;
  student_erasures: StudentErasureTable;
  grade_runs: GradeRunTable;
  jobs: JobTable;
  job_items: JobItemTable;
  request_gates: RequestGateTable;
  integrations: IntegrationTable;
  webhook_messages: WebhookMessageTable;
  integration_submissions: IntegrationSubmissionTable;
  outbox_deliveries: OutboxDeliveryTable;
}

export interface TenantTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeyTable {
  /** `key_…`: names the key in lists and audit records; the key itself is never stored. */
  id: string;
  tenant_id: string;
  role: string;
  name: string;
  /** Hex SHA-256 of the key. */
  key_hash: string;
  /** The first characters of the key, so a person can tell keys apart. */
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

export interface RubricTable {
  tenant_id: string;
  id: string;
  /** Set when archived: no new grades. */
  archived_at: string | null;
  current_version: string;
  title: string;
  language: string;
  criteria_count: number;
  max_points: number;
  created_at: string;
  updated_at: string;
}

export interface RubricVersionTable {
  tenant_id: string;
  rubric_id: string;
  version: string;
  /** The validated rubric document, JSON. */
  document: string;
  created_at: string;
}

export interface GradeTable {
  id: string;
  tenant_id: string;
  /** The API key that submitted the grade (null for the bootstrap keys and unauthenticated loopback use). */
  submitted_by: string | null;
  /** The client's id of the submission (an LMS's). */
  submission_id: string | null;
  /** The answer group (see grading/answer-groups.ts). */
  group_id: string | null;
  /** What the review queue groups by: `group_id`, or `id` when the grade stands alone. */
  review_group: string | null;
  rubric_id: string;
  rubric_version: string;
  student_id: string | null;
  status: string;
  graded_by: string;
  /** Set only on model grades that may be reused for an identical answer. */
  cache_key: string | null;
  created_at: string;
  updated_at: string;
  /** The grade, JSON. */
  grade: string;
  /** The audit record, JSON. */
  audit: string;
  /** The answer as submitted: personal data, never logged. */
  answer: string;
  /** 1 at creation, +1 on every change; updates compare and set it. Authoritative over `grade`'s copy. */
  version: Generated<number>;
  /**
   * When retention purged the answer (then `answer` is empty and the documents hold no quote of it);
   * null while it is kept. Never set at insert.
   */
  answer_purged_at: ColumnType<string | null, never, string | null>;
}

export interface IdempotencyKeyTable {
  key: string;
  request_hash: string;
  state: "in_progress" | "completed";
  grade_id: string | null;
  created_at: string;
  /** Who holds an `in_progress` claim: the runtime's owner id and a per-claim nonce. */
  holder: string | null;
  /** ISO time after which an `in_progress` claim may be taken over; null (claims made before leases) is expired. */
  lease_expires_at: string | null;
}

/** A named lease, such as the right to grade one cache key: whoever holds it until it expires. */
export interface LeaseTable {
  name: string;
  holder: string;
  /** ISO time; ISO strings of one format compare like the times they name, on every dialect. */
  expires_at: string;
}

export interface GroupDecisionTable {
  tenant_id: string;
  group_id: string;
  rubric_id: string;
  rubric_version: string;
  /** The decision, JSON (grading/answer-groups.ts). */
  decision: string;
  decided_at: string;
}

export interface AppealTable {
  tenant_id: string;
  id: string;
  grade_id: string;
  criterion_id: string;
  status: string;
  /** The appeal with its resolution, JSON. */
  appeal: string;
  created_at: string;
}

/** A tombstone of a student's erasure: when, by which key, how much; never who (no student id, no hash). */
/**
 * A grade of a student being made (GradeStore.startRun). An erasure of the student while it runs sets
 * `erased` and clears the student id, and the grade is then not stored. Deleted when the grade is
 * stored or fails; one left by a process that died lapses at `expires_at` and is pruned.
 */
export interface GradeRunTable {
  id: string;
  tenant_id: string;
  student_id: string | null;
  erased: number;
  expires_at: string;
}

export interface StudentErasureTable {
  /** `ers_…`, time-ordered. */
  id: string;
  tenant_id: string;
  erased_at: string;
  /** The stored API key that erased; null for the bootstrap keys and unauthenticated loopback use. */
  erased_by: string | null;
  grades: number;
  cached_copies_unlinked: number;
  idempotency_keys: number;
}

/** A batch job (grading/jobs.ts); the counters are kept in the transactions that settle its items. */
export interface JobTable {
  id: string;
  tenant_id: string;
  submitted_by: string | null;
  submitted_role: string;
  rubric_id: string;
  rubric_version: string;
  source: string;
  status: string;
  total: number;
  graded: number;
  needs_review: number;
  failed: number;
  cancelled: number;
  last_event_id: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** The client's Idempotency-Key (0009); null without one. */
  idempotency_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** Hash of the request that made the job, set when its upload was accepted. */
  request_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who released a job held for calibration (0012): a key id, null for a bootstrap key. */
  released_by: ColumnType<string | null, string | null | undefined, string | null>;
  released_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** The calibration whose passing released the job (0013); null for a teacher's release. */
  released_by_calibration: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface JobItemTable {
  job_id: string;
  seq: number;
  tenant_id: string;
  /** The answer as submitted: personal data, never logged. */
  answer: string;
  student_id: string | null;
  submission_id: string | null;
  state: string;
  /** ISO time: when a queued item may run, or when a running item's lease expires. */
  available_at: string;
  lease_holder: string | null;
  attempts: number;
  deferrals: number;
  grade_id: string | null;
  error_code: string | null;
  error_message: string | null;
  event_id: number | null;
  updated_at: string;
  /**
   * When retention or a student's erasure emptied the answer (0018); null while the item holds the text
   * it was sent with. An empty `answer` alone does not say so: a student may send a blank answer, and
   * a blank item that failed is retried (graded 0 by rule), while a purged one never is.
   */
  answer_purged_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One rate limit shared by every process: GCRA's theoretical arrival time of the next request. */
export interface RequestGateTable {
  name: string;
  /** Milliseconds since the epoch (int8: PostgreSQL returns it as a string). */
  next_at_ms: ColumnType<number | string, number, number>;
}

/** An LMS integration (grading/integrations.ts); secrets sealed with GRADER_SECRET_KEY (lib/secret-box.ts). */
export interface IntegrationTable {
  id: string;
  tenant_id: string;
  type: string;
  name: string;
  /** 1 or 0 (an integer on every dialect). */
  enabled: number;
  /** Assignment id → rubric mapping, JSON. */
  assignments: string;
  /** JSON, or null. */
  default_rubric: string | null;
  hold_for_review: number;
  callback_url: string | null;
  sealed_secret: string;
  sealed_previous_secret: string | null;
  previous_secret_expires_at: string | null;
  sealed_credentials: string | null;
  /** Canvas and Moodle: the LMS's URL and Live Events settings, JSON (0011); null for `webhook`. */
  lms_settings: string | null;
  created_at: string;
  updated_at: string;
}

/** A message id (`webhook-id`) an integration has delivered: a second delivery of it is a duplicate. */
export interface WebhookMessageTable {
  integration_id: string;
  message_id: string;
  /** The submission it recorded (null when it recorded none). */
  submission_id: string | null;
  received_at: string;
}

/** One attempt of one LMS submission, from its event to its job item and its releases. */
export interface IntegrationSubmissionTable {
  /** `sbm_…` */
  id: string;
  tenant_id: string;
  integration_id: string;
  external_id: string;
  attempt: number;
  student_id: string | null;
  assignment_id: string | null;
  rubric_id: string;
  rubric_version: string;
  /** The answer until the job item holds it (then empty): personal data, never logged. */
  answer: string;
  answer_hash: string;
  state: string;
  same_as: string | null;
  job_id: string | null;
  job_seq: number | null;
  /** Received: when the runner may take it (or take it over, when its lease expires). */
  available_at: string;
  lease_holder: string | null;
  released_version: number | null;
  error: string | null;
  received_at: string;
  updated_at: string;
  /** Canvas and Moodle: where the submission is in the LMS, JSON (0011). */
  lms_reference: string | null;
  /** Fetches of its text tried so far (state `fetching`). */
  fetch_attempts: number;
}

/** The outbox: one row per grade version per target, delivered with retries and leases. */
export interface OutboxDeliveryTable {
  id: string;
  tenant_id: string;
  integration_id: string;
  submission_id: string;
  grade_id: string;
  grade_version: number;
  message_id: string;
  target_kind: string;
  target_url: string;
  payload: string;
  status: string;
  attempts: number;
  /** Pending: when it may be tried; delivering: when its lease expires; null once final. */
  next_attempt_at: string | null;
  lease_holder: string | null;
  last_error: string | null;
  /** Every attempt, JSON array (grading/integrations.ts DeliveryAttempt). */
  history: string;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
  /** Delivered, but the LMS kept another score: grading/integrations.ts ScoreMismatch as JSON (0022). */
  score_mismatch: string | null;
}
