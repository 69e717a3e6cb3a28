// The version guard's settings, as an integrator's module script sets them before the adapter
// runs (docs/INTEGRATION.md): `OB.VersionGuard`. The demo takes them from its URL:
// - `redirect`: seconds before the automatic redirect to store mode (default 10; 0 off);
// - `timeout`: milliseconds per request to central (default 5000);
// - `storeTimeout`: milliseconds for the request to the store server (default 2000);
// - `packageUrl`: where the guard's package is served (default
//   `<context>/web/<module>/js/pkg/`), to try a module whose files are missing;
// - `hookWait`: milliseconds the adapter waits for a hook manager after the page has loaded
//   (default 20000).
// It also wires `ticketCounts` to the demo host's tickets, as an integrator wires it to the
// WebPOS's own (docs/INTEGRATION.md): unpaid tickets, and paid ones not yet sent.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var OB = (window.OB = window.OB || {});
  var settings = (OB.VersionGuard = OB.VersionGuard || {});
  if (params.has('redirect')) settings.redirectAfterSeconds = Number(params.get('redirect'));
  if (params.has('timeout')) settings.timeoutMs = Number(params.get('timeout'));
  if (params.has('packageUrl')) settings.packageUrl = params.get('packageUrl');
  if (params.has('hookWait')) settings.hookManagerWaitMs = Number(params.get('hookWait'));
  if (params.has('storeTimeout')) settings.storeTimeoutMs = Number(params.get('storeTimeout'));
  settings.ticketCounts = function () {
    var tickets = window.DemoTickets;
    return Promise.all([tickets.openTickets(), tickets.pendingTickets()]).then(function (lists) {
      return { unpaid: lists[0].length, paidNotSent: lists[1].length };
    });
  };
})();
