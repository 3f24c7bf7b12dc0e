/**
 * Reading `ELJUR_VENDORS`, the schools of the primary Eljur tenant that parents choose from on the gateway's
 * sign-in form (see `GatewayConfig.eljur.vendors`).
 */

/** A school on an Eljur host: its vendor (subdomain) and the name parents know it by. */
export interface EljurVendorSetting {
  /** The vendor, `school123` of `school123.eljur.ru`. */
  readonly id: string;
  readonly name: { readonly ru: string; readonly en: string };
}

/** One hostname label, as Eljur vendors are (the same rule as a linked account's vendor). */
const VENDOR = /^[\w-]{1,63}$/;
const MAX_NAME = 200;
const MAX_VENDORS = 1000;

/**
 * `school1=Лицей №1;school2=Гимназия №2` → vendors, in the order given. Names are Russian; the English
 * name is the same text (a school's name is a proper name). Empty entries (a trailing `;`) are skipped.
 * @throws Error naming the entry by position (and its vendor, never anything else) when one is malformed.
 */
export function parseEljurVendors(spec: string): EljurVendorSetting[] {
  const vendors: EljurVendorSetting[] = [];
  const entries = spec.split(';');
  entries.forEach((entry, index) => {
    if (!entry.trim()) return;
    const separator = entry.indexOf('=');
    const id = (separator < 0 ? entry : entry.slice(0, separator)).trim();
    const name = separator < 0 ? '' : entry.slice(separator + 1).trim();
    if (!VENDOR.test(id))
      throw new Error(`entry ${index + 1} must start with a school subdomain (letters, digits, - and _), then =name`);
    if (!name || name.length > MAX_NAME)
      throw new Error(`entry ${index + 1} ("${id}") needs a name of 1–${MAX_NAME} characters after =`);
    if (vendors.some((known) => known.id === id)) throw new Error(`vendor "${id}" appears twice`);
    vendors.push({ id, name: { ru: name, en: name } });
  });
  if (vendors.length > MAX_VENDORS) throw new Error(`lists more than ${MAX_VENDORS} schools`);
  return vendors;
}
