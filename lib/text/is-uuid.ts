const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-formed UUID: ids from URLs and payloads are checked before they reach a `::uuid` cast. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
