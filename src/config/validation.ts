/**
 * @deprecated since 0.6.0: import from `lib/validation` (`src/validation/`), validation's own module. This
 * path stays for code written against 0.5.
 * @module
 */
export * from "../validation";
