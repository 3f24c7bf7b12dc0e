/** Checking an IANA time-zone name once, where it is configured, rather than at the first date it formats. */

/**
 * `zone`, when the runtime knows it as an IANA time zone.
 * @param what Names the setting in the message (`"createMeshAdapter: timeZone"`).
 * @throws RangeError naming `what` and the zone otherwise.
 */
export function checkedTimeZone(zone: string, what: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new RangeError(`${what} "${zone}" is not an IANA time zone.`);
  }
  return zone;
}
