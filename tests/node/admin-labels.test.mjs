// The overview page's own words (www/admin/labels.js): both languages have the same words, and
// every word is used by the page (a word nobody reads is a word nobody keeps right).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { labelsFor, sharedWords } from '../../www/admin/labels.js';

const page = ['admin.js', 'cells.js', 'charts.js', 'index.html'].map((f) => readFileSync(new URL(`../../www/admin/${f}`, import.meta.url), 'utf8')).join('\n');
// What labelsFor adds to the words (formats, the language), not words themselves.
const FORMATS = new Set(['lang', 'n', 'time', 'dateTime']);

const shape = (value) => (typeof value === 'object' && value !== null ? Object.keys(value).sort() : typeof value);

test('English and Spanish have the same words, of the same kind', () => {
  const en = labelsFor('en');
  const es = labelsFor('es');
  assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) assert.deepEqual(shape(es[key]), shape(en[key]), key);
});

test('every word is used by the page', () => {
  const unused = Object.keys(labelsFor('en')).filter((key) => !FORMATS.has(key)
    && !new RegExp(`words\\.${key}\\b|data-label(-placeholder)?="${key}"`).test(page));
  assert.deepEqual(unused, [], `labels.js words the page never reads: ${unused.join(', ')}`);
});

test('the words shared with the rows and the CSV are not copied into labels.js', () => {
  // texts.js (written by the crate) is their one source: labels.js's own English and Spanish
  // words (the two-space keys of its `en` and `es` objects) must not define them again.
  const source = readFileSync(new URL('../../www/admin/labels.js', import.meta.url), 'utf8');
  const own = (name) => {
    const start = source.indexOf(`const ${name} = {`);
    const body = source.slice(start, source.indexOf('\n};\n', start));
    return [...body.matchAll(/^ {2}(\w+):/gm)].map((m) => m[1]);
  };
  for (const lang of ['en', 'es']) {
    const copied = own(lang).filter((key) => key in sharedWords(lang));
    assert.deepEqual(copied, [], `labels.js copies the crate's words: ${copied.join(', ')}`);
    assert.ok(own(lang).length > 50, `${lang}: labels.js's own words are found`);
  }
});
