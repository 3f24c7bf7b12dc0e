/** Freezing tenant lists all the way down, so no caller can change a tenant another caller holds. */

/** `value`, frozen with everything it holds (plain data without cycles, as tenants are); returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
