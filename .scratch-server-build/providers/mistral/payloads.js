/**
 * Mistral's own payloads (../shared/specs/mistral-libraries.openapi.yaml), only
 * the fields we read or send. Vendor field names live here and in map.ts and
 * go no further than src/providers/mistral.
 */
export {};
//# sourceMappingURL=payloads.js.map