// DER GeneralizedTime forms (X.690 11.7), as Go's encoding/asn1 reads them, minus the offset.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDerGeneralizedTime } from './der-generalized-time.ts';

test('every DER form: 0 to 9 fractional digits, no trailing zero, Z', () => {
  for (const [text, iso] of [
    ['20261101120005Z', '2026-11-01T12:00:05.000Z'],
    ['20261101120005.1Z', '2026-11-01T12:00:05.100Z'],
    ['20261101120005.12Z', '2026-11-01T12:00:05.120Z'],
    ['20261101120005.123Z', '2026-11-01T12:00:05.123Z'],
    ['20261101120005.0001Z', '2026-11-01T12:00:05.000Z'], // beyond milliseconds: truncated
    ['20261101120005.123456789Z', '2026-11-01T12:00:05.123Z'],
    ['20240229235959.999Z', '2024-02-29T23:59:59.999Z'],
    ['00010101000000Z', '0001-01-01T00:00:00.000Z'],
  ] as const) {
    assert.equal(parseDerGeneralizedTime(text).toISOString(), iso, text);
  }
});

test('non-DER forms are refused, naming why', () => {
  for (const [text, why] of [
    ['20261101120005.120Z', /trailing zeros in the fraction/],
    ['20261101120005.0Z', /trailing zeros in the fraction/],
    ['20261101120005.Z', /an empty fraction/],
    ['20261101120005,12Z', /a comma as decimal separator/],
    ['20261101120005.12', /no terminating Z/],
    ['20261101120005', /no terminating Z/],
    ['20261101120005+0100', /a time-zone offset instead of Z/],
    ['20261101120005.12-0500', /a time-zone offset instead of Z/],
    ['20261101120005.1234567891Z', /more than 9 fractional digits/],
    ['20261101120005z', /no terminating Z/],
    ['202611011200Z', /not the form/],
    ['261101120005Z', /not the form/],
    [' 20261101120005Z', /not the form/],
  ] as const) {
    assert.throws(
      () => parseDerGeneralizedTime(text),
      (e: unknown) => {
        assert.match(
          (e as Error).message,
          new RegExp(`"${text.replace(/[.+]/g, '\\$&')}" is not DER: ${why.source}`),
          text,
        );
        return true;
      },
    );
  }
});

test('out-of-range fields are refused, not rolled over', () => {
  for (const text of [
    '20261301120005Z',
    '20260230120005Z',
    '20250229120005Z',
    '20261101240005Z',
    '20261101126005Z',
    '20261101120060Z',
    '20261100120005Z',
    '00000101000000Z',
  ]) {
    assert.throws(() => parseDerGeneralizedTime(text), /is not a valid date and time/, text);
  }
});
