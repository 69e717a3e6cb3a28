//! Canned HTML bodies for the faults that answer with a page instead of JSON.

/// The login page a server (or a proxy in front of it) answers with status 200.
pub const LOGIN_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Openbravo</title></head>
<body>
<form method="post" action="../secureApp/LoginHandler.html">
  <h1>Openbravo</h1>
  <label>User <input name="user"></label>
  <label>Password <input name="password" type="password"></label>
  <button type="submit">Log In</button>
</form>
</body>
</html>
"#;

/// A servlet container's internal error page (status 500).
pub const ERROR_500_PAGE: &str = r#"<!doctype html><html lang="en"><head><title>HTTP Status 500 – Internal Server Error</title></head><body><h1>HTTP Status 500 – Internal Server Error</h1><hr class="line" /><p><b>Type</b> Exception Report</p><p><b>Message</b> java.lang.NullPointerException</p><p><b>Description</b> The server encountered an unexpected condition that prevented it from fulfilling the request.</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>
"#;

/// What a proxy sends while the server is starting or overloaded (status 503).
pub const UNAVAILABLE_503_TEXT: &str = "Service Unavailable\n";
