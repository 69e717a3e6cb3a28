// Well-known XSS and spoofing payloads, used as module names, module ids, java packages,
// versions, store names and server error messages (hostile.spec.mjs). Every one that could run
// sets window.__xss.

/** A text's length in UTF-8 bytes, the unit of the guard's limits. */
export const utf8Length = (text) => new TextEncoder().encode(text).length;

/** The longest module name the guard accepts (limits.rs MAX_MODULE_NAME_LEN), with no break. */
export const LONGEST_NAME = 'W'.repeat(256);

export const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=1"><circle r="9"/></svg>',
  '<svg><script>window.__xss=1</script></svg>',
  'javascript:window.__xss=1',
  '"><script>window.__xss=1</script>',
  "' onmouseover='window.__xss=1' x='",
  '" autofocus onfocus="window.__xss=1" x="',
  '</td></tr></table><h1>broken out</h1>',
  '</div></div><b>outside the dialog</b>',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '<a href="javascript:window.__xss=1">click me</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '<style>*{display:none!important}</style>',
  '<body onload=window.__xss=1>',
  '<object data="data:text/html,<script>parent.__xss=1</script>">',
  '<details open ontoggle=window.__xss=1>',
  '{{constructor.constructor("window.__xss=1")()}}',
  '${window.__xss=1}',
  '&lt;script&gt;window.__xss=1&lt;/script&gt;',
  '%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E',
  'invoice\u202Efdp.exe', // right-to-left override: reads "invoiceexe.pdf"
  'Web\u2066POS\u2069 \u2067isolated\u2069 \u200Fmark',
  'zero\u200Bwidth\u200C\u200Djoiner\uFEFFbom',
  'tab\there, new\nline, return\r!',
  '   leading and trailing spaces   ',
  'ＳＣＲＩＰＴ ＜full-width＞',
  '😀 emoji, e\u0301 combining, 中文',
  LONGEST_NAME,
];

/** A server error message far over the 1 KiB the guard keeps (limits.rs MAX_ERROR_MESSAGE_LEN). */
export const LONG_ERROR = `<img src=x onerror="window.__xss=1">${'E'.repeat(5000)}`;

/** What the guard keeps of a server error message: at most 1,024 UTF-8 bytes, cut on a
 *  character boundary and ended with "…" (text.rs truncate_with_ellipsis). */
export function truncatedError(text, limit = 1024) {
  if (utf8Length(text) <= limit) return text;
  let out = '';
  for (const ch of text) {
    if (utf8Length(out + ch) > limit - utf8Length('…')) break;
    out += ch;
  }
  return `${out}…`;
}

/** A module id for payload `i`: the payload itself when it fits the 64-byte id limit. */
export function moduleId(payload, i) {
  return utf8Length(payload) <= 64 ? payload : `hostile-id-${i}`;
}
