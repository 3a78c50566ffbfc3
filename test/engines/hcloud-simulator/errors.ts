/**
 * Hetzner Cloud API errors, in the API's own format:
 * `{"error": {"code": "...", "message": "...", "details": {...}}}`.
 *
 * Status codes follow the error table of the Hetzner Cloud API reference (generic codes) and the
 * "operation specific errors" tables of each endpoint. Codes are the ones hcloud-go knows
 * (hcloud/error.go) unless the API reference documents a newer one.
 *
 * {@link NotModeledError} is the simulator's own refusal: HTTP 501, code `not_implemented`. It marks a
 * request (or a part of one) that the simulator does not model, so that a test fails loudly instead of
 * running against a made-up answer. Those refusals are listed by `HcloudSimulator.unsupported()`.
 */

/** An error answered in Hetzner's error format. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The response body. */
  body(): { error: { code: string; message: string; details: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** A request the simulator refuses because it does not model it (HTTP 501). */
export class NotModeledError extends ApiError {
  constructor(what: string) {
    super(501, "not_implemented", `hcloud simulator: ${what} is not modeled`);
  }
}

/** `invalid_input` (422) about one field, with the `details.fields` Hetzner sends. */
export function invalidInput(field: string, message: string): ApiError {
  return new ApiError(422, "invalid_input", `invalid input in field '${field}': ${message}`, {
    fields: [{ name: field, messages: [message] }],
  });
}

/** `uniqueness_error` (409) about one field. */
export function uniquenessError(field: string, message: string): ApiError {
  return new ApiError(409, "uniqueness_error", message, { fields: [{ name: field }] });
}

/** `not_found` (404). */
export function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `${what} not found`);
}

/** `protected` (423): the resource's protection forbids the operation. */
export function protectedError(message: string): ApiError {
  return new ApiError(423, "protected", message);
}

/** An operation specific error; Hetzner answers most of them with 422. */
export function operationError(code: string, message: string, status = 422): ApiError {
  return new ApiError(status, code, message);
}

/** `resource_limit_exceeded` (403). */
export function limitExceeded(message: string, limit: string): ApiError {
  return new ApiError(403, "resource_limit_exceeded", message, { limits: [{ name: limit }] });
}
