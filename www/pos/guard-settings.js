// The version guard's settings, as an integrator's module script sets them before the adapter
// runs (docs/INTEGRATION.md): `OB.VersionGuard`. The demo takes them from its URL:
// - `redirect`: seconds before the automatic redirect to store mode (default 10; 0 off);
// - `timeout`: milliseconds per request (default 5000);
// - `packageUrl`: where the guard's package is served (default
//   `<context>/web/<module>/js/pkg/`), to try a module whose files are missing;
// - `hookWait`: milliseconds the adapter waits for a hook manager after the page has loaded
//   (default 20000).
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var OB = (window.OB = window.OB || {});
  var settings = (OB.VersionGuard = OB.VersionGuard || {});
  if (params.has('redirect')) settings.redirectAfterSeconds = Number(params.get('redirect'));
  if (params.has('timeout')) settings.timeoutMs = Number(params.get('timeout'));
  if (params.has('packageUrl')) settings.packageUrl = params.get('packageUrl');
  if (params.has('hookWait')) settings.hookManagerWaitMs = Number(params.get('hookWait'));
})();
