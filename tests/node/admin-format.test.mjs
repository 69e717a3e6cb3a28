// The overview page's hand-written number and time formats (www/admin/format.js) against
// `Intl`, which the page no longer calls (its first formatter costs a long task).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDateTime, formatNumber, formatTime } from '../../www/admin/format.js';

const locales = { en: 'en-US', es: 'es-ES' };

test('Node has the ICU data to compare with', () => {
  for (const locale of Object.values(locales)) {
    assert.equal(new Intl.NumberFormat(locale).resolvedOptions().locale, locale, `Node lacks ICU data for ${locale}`);
  }
});

test('numbers are formatted as Intl.NumberFormat formats them', () => {
  const values = [0, 1, 9, 10, 999, 1000, 1234, 2000, 9999, 10000, 12345, 99999, 100000, 123456, 999999,
    1000000, 1234567, 10000000, 2 ** 53 - 1, 0.5, 1.2, 12.5, 999.9, 1234.5, 12345.6, 1.234, 1.2345, -1, -1234, -12345.6, -0.0001, -0];
  for (let i = 0; i < 2000; i++) values.push(Math.floor(Math.random() * 10 ** (1 + (i % 12))));
  for (let i = 0; i < 200; i++) values.push(Math.round(Math.random() * 1e6) / 10);
  for (const [lang, locale] of Object.entries(locales)) {
    const intl = new Intl.NumberFormat(locale);
    for (const x of values) assert.equal(formatNumber(x, lang), intl.format(x), `${x} in ${locale}`);
  }
});

test('times are the 24-hour local clock, as Intl formats them', () => {
  const intl = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  for (let minutes = 0; minutes < 24 * 60; minutes += 7) {
    const date = new Date(2026, 11, 2, Math.floor(minutes / 60), minutes % 60, minutes % 60);
    assert.equal(formatTime(date), intl.format(date));
  }
});

test('a date and time names the day, the month in words, the year and the time', () => {
  assert.equal(formatDateTime(new Date(2026, 8, 2, 3, 4, 5), 'en'), '2 Sept 2026, 03:04:05');
  assert.equal(formatDateTime(new Date(2026, 11, 31, 23, 59, 59), 'es'), '31 dic 2026, 23:59:59');
  assert.equal(formatDateTime(new Date(2027, 0, 1, 0, 0, 0), 'es'), '1 ene 2027, 00:00:00');
});
