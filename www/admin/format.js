// Numbers and times as the overview shows them, written out by hand instead of with `Intl`: a
// page's first `Intl` formatter loads ICU's locale data on the main thread, 25 to 100 ms in one
// task on these machines, which alone breaks the page's ≤ 50 ms budget per task at its start
// (docs/BENCHMARKS.md). The formats are CLDR's for en-US numbers, es-ES numbers and the 24-hour
// clock; tests/node/admin-format.test.mjs checks them against `Intl`.

const MONTHS = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'],
  es: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'],
};

/** `x` with its language's digit grouping and decimal sign, at most three decimals (as
 * `Intl.NumberFormat`'s default): English `12,345.6`; Spanish `12.345,6`, and no grouping of a
 * four-digit number (`2000`, CLDR's minimum grouping digits for Spanish). */
export function formatNumber(x, lang) {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return String(x);
  const [group, decimal, fewest] = lang === 'es' ? ['.', ',', 5] : [',', '.', 4];
  const rounded = Math.round(Math.abs(x) * 1000) / 1000;
  const [whole, fraction] = String(rounded).split('.');
  let grouped = whole;
  if (whole.length >= fewest) {
    grouped = '';
    for (let end = whole.length; end > 0; end -= 3) {
      const part = whole.slice(Math.max(0, end - 3), end);
      grouped = grouped ? `${part}${group}${grouped}` : part;
    }
  }
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  return `${sign}${grouped}${fraction ? decimal + fraction : ''}`;
}

const two = (n) => String(n).padStart(2, '0');

/** The browser's local time of `date`, `HH:MM:SS` on the 24-hour clock (both languages). */
export function formatTime(date) {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** The local date and time: `2 Dec 2026, 14:03:07`, `2 dic 2026, 14:03:07`. */
export function formatDateTime(date, lang) {
  const months = MONTHS[lang] ?? MONTHS.en;
  return `${date.getDate()} ${months[date.getMonth()]} ${date.getFullYear()}, ${formatTime(date)}`;
}
