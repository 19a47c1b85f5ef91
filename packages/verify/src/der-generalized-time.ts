// DER GeneralizedTime (X.690 11.7): YYYYMMDDHHMMSS, then optionally "." and 1-9 fractional digits
// with no trailing zero, then "Z". A TSA stamping milliseconds writes `…05.12Z` when the
// milliseconds are 120 and `…05Z` when they are 0. Go's encoding/asn1 (which cosign and
// sigstore-go read RFC 3161 tokens with) accepts exactly these forms, plus a ±hhmm offset
// that DER forbids and that we refuse.

const DER_GENERALIZED_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{0,8}[1-9]))?Z$/;

/** Why `text` is not DER, for the error message; undefined when it is only out of range. */
function notDerBecause(text: string): string {
  if (/,/.test(text)) return 'a comma as decimal separator';
  if (/\.\d*0Z$/.test(text)) return 'trailing zeros in the fraction';
  if (/\.Z$/.test(text)) return 'an empty fraction';
  if (/\.\d{10,}Z$/.test(text)) return 'more than 9 fractional digits';
  if (/[+-]\d{2,4}$/.test(text)) return 'a time-zone offset instead of Z';
  if (!text.endsWith('Z')) return 'no terminating Z';
  return 'not the form YYYYMMDDHHMMSS[.fff]Z';
}

/**
 * Parses a DER GeneralizedTime. Fractions beyond milliseconds are truncated (a JS Date holds
 * milliseconds). Throws an Error naming what is wrong for every non-DER or invalid value.
 */
export function parseDerGeneralizedTime(text: string): Date {
  const m = DER_GENERALIZED_TIME.exec(text);
  if (!m) throw new Error(`GeneralizedTime ${JSON.stringify(text)} is not DER: ${notDerBecause(text)}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  // Date.UTC rolls over (Feb 30 -> Mar 2, second 60 -> next minute); DER values must not.
  if (
    year < 1 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    throw new Error(`GeneralizedTime ${JSON.stringify(text)} is not a valid date and time`);
  }
  return date;
}
