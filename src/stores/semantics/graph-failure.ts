/**
 * Graph's answers to a refused assignLicense call: HTTP status, error code and message.
 * Texts follow what Graph has been observed to return; where no source showed the exact
 * text, the factory says UNCONFIRMED so callers match on status and code, not on wording.
 */

/** A refused Graph call: what goes into `{ "error": { "code", "message" } }` with `status`. */
export interface GraphFailure {
  status: number;
  code: string;
  message: string;
}

const BAD_REQUEST = 'Request_BadRequest';

function badRequest(message: string): GraphFailure {
  return { status: 400, code: BAD_REQUEST, message };
}

/** Factories for every assignLicense refusal the semantics module produces. */
export const graphFailures = {
  /** Observed for a body without `addLicenses` or `removeLicenses`; the join of two names is UNCONFIRMED. */
  missingParameters(names: readonly string[]): GraphFailure {
    return badRequest(
      `One or more parameters of the operation 'assignLicense' are missing from the request payload. The missing parameters are: ${names.join(', ')}.`,
    );
  },
  /** A parameter that is present but not a collection. Text UNCONFIRMED. */
  invalidParameter(name: string): GraphFailure {
    return badRequest(`Invalid value for parameter '${name}' of the operation 'assignLicense': a collection is expected.`);
  },
  /** Body that is not a JSON object at all. */
  emptyPayload(): GraphFailure {
    return badRequest('Empty Payload. JSON content expected.');
  },
  /** A skuId or servicePlanId that is not a GUID. */
  notAGuid(): GraphFailure {
    return badRequest("Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details.");
  },
  principalNotFound(key: string): GraphFailure {
    return {
      status: 404,
      code: 'Request_ResourceNotFound',
      message: `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
    };
  },
  unknownSku(skuId: string): GraphFailure {
    return badRequest(`License ${skuId} does not correspond to a valid company License.`);
  },
  /** Observed for users; the group wording is UNCONFIRMED. */
  notAssignable(skuId: string, kind: 'user' | 'group'): GraphFailure {
    return badRequest(`License ${skuId} cannot be assigned to a ${kind}.`);
  },
  /** Graph refuses it, exact text UNCONFIRMED (reported as "service plan does not belong to the subscription"). */
  planNotInSku(servicePlanId: string, skuId: string): GraphFailure {
    return badRequest(`Service plan ${servicePlanId} does not belong to the subscription of license ${skuId}.`);
  },
  invalidUsageLocation(): GraphFailure {
    return badRequest('License assignment cannot be done for user with invalid usage location.');
  },
  /** Observed for users; for groups the subject is adapted (UNCONFIRMED). */
  noCorrespondingLicense(kind: 'user' | 'group'): GraphFailure {
    return badRequest(`${kind === 'user' ? 'User' : 'Group'} does not have a corresponding license.`);
  },
  inheritedOnly(): GraphFailure {
    return badRequest('User license is inherited from a group membership and it cannot be removed directly from the user.');
  },
  /** The observed phrase is "does not have any available licenses"; the full sentence is UNCONFIRMED. */
  noAvailableLicenses(skuId: string): GraphFailure {
    return badRequest(`Subscription with SKU ${skuId} does not have any available licenses.`);
  },
  /** Adding and removing one SKU in one call: Graph's behaviour is UNCONFIRMED, so it is refused. */
  addAndRemove(skuId: string): GraphFailure {
    return badRequest(`License ${skuId} cannot be both added and removed in the same request.`);
  },
  /** The same SKU twice in addLicenses or removeLicenses. UNCONFIRMED; refused so the outcome is never ambiguous. */
  duplicateSku(skuId: string): GraphFailure {
    return badRequest(`License ${skuId} appears more than once in the request.`);
  },
} as const;
