import { describe, expect, it } from "vitest";
import { movedDeliveryTargets, type Integration } from "../../../src/grading/integrations.js";

/** Which targets an integration's update moves, so that only those deliveries are retargeted. */

const rubricId = "photosynthesis-basics";
const lti: Pick<Integration, "type" | "callbackUrl" | "assignments"> = {
  type: "lti",
  callbackUrl: null,
  assignments: {
    "hw-1": { rubricId, rubricVersion: null, lineItemUrl: "https://lms.example.edu/lineitems/1" },
    "hw-2": { rubricId, rubricVersion: null, lineItemUrl: "https://lms.example.edu/lineitems/2" },
  },
};

describe("movedDeliveryTargets", () => {
  it("moves nothing when neither the callback URL nor a line item changed", () => {
    const remapped = {
      ...lti,
      assignments: { ...lti.assignments, "hw-1": { ...lti.assignments["hw-1"]!, rubricVersion: "v2" } },
    };
    expect(movedDeliveryTargets(lti, remapped)).toEqual({ callbackUrl: null, lineItems: new Map() });
  });

  it("names each LTI assignment whose line item changed or is new, with its new URL", () => {
    const after = {
      ...lti,
      assignments: {
        "hw-1": { rubricId, rubricVersion: null, lineItemUrl: "https://lms.example.edu/lineitems/9" },
        "hw-2": lti.assignments["hw-2"]!,
        "hw-3": { rubricId, rubricVersion: null, lineItemUrl: "https://lms.example.edu/lineitems/3" },
        constructor: { rubricId, rubricVersion: null, lineItemUrl: "https://lms.example.edu/lineitems/4" },
      },
    };
    expect(movedDeliveryTargets(lti, after).lineItems).toEqual(
      new Map([
        ["hw-1", "https://lms.example.edu/lineitems/9"],
        ["hw-3", "https://lms.example.edu/lineitems/3"],
        ["constructor", "https://lms.example.edu/lineitems/4"],
      ]),
    );
  });

  it("names an assignment keyed in composed form in its decomposed form too, as a submission may hold it", () => {
    // Mapping keys are stored composed (NFC); an event that sent "Ren\u0065\u0301e" keeps that form in its
    // submission, which a line item moved under the composed key alone left pointing at the old URL.
    const after = {
      ...lti,
      assignments: {
        ...lti.assignments,
        "hw-Ren\u00e9e": {
          rubricId,
          rubricVersion: null,
          lineItemUrl: "https://lms.example.edu/lineitems/5",
        },
      },
    };
    expect(movedDeliveryTargets(lti, after).lineItems).toEqual(
      new Map([
        ["hw-Ren\u00e9e", "https://lms.example.edu/lineitems/5"],
        ["hw-Rene\u0301e", "https://lms.example.edu/lineitems/5"],
      ]),
    );
  });

  it("moves callbacks to a new callback URL, and leaves them when it is removed", () => {
    const webhook = {
      type: "webhook" as const,
      callbackUrl: "https://portal.example.edu/old",
      assignments: {},
    };
    expect(
      movedDeliveryTargets(webhook, { ...webhook, callbackUrl: "https://portal.example.edu/new" }),
    ).toEqual({
      callbackUrl: "https://portal.example.edu/new",
      lineItems: new Map(),
    });
    expect(movedDeliveryTargets(webhook, { ...webhook, callbackUrl: null }).callbackUrl).toBeNull();
  });
});
