//! How the agent, the collector and the simulator log: `tracing` events, one line each on
//! standard error, at `info` and above unless `RUST_LOG` says otherwise (`RUST_LOG=debug`,
//! `RUST_LOG=openbravo_version_agent=warn`: a level, or targets with theirs, without the
//! regular expressions of `tracing-subscriber`'s `EnvFilter`). Under systemd (which sets `JOURNAL_STREAM`) a line
//! starts with the syslog priority the journal reads (`<4>` for a warning) and carries no time
//! (the journal stamps it); elsewhere it starts with the time in UTC. Standard output stays for
//! what a command prints (`routes`, a conformance report, the address a server listens on, the
//! simulator's URLs).

use std::fmt;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;

/// Installs the one-line logger for the process (once; a second call changes nothing).
pub fn init() {
    let journal = std::env::var_os("JOURNAL_STREAM").is_some();
    let (filter, unreadable) = filter(std::env::var("RUST_LOG").ok().as_deref());
    let lines = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .event_format(Line { journal });
    let _ = tracing_subscriber::registry().with(lines).with(filter).try_init();
    if let Some(why) = unreadable {
        tracing::warn!("{why}");
    }
}

/// The levels `RUST_LOG` asks for: `info`, `debug`, `openbravo_version_agent=debug,warn`
/// (a level, or targets with theirs); `info` when it is unset, and when it cannot be read
/// (then also why, to be logged).
fn filter(rust_log: Option<&str>) -> (Targets, Option<String>) {
    let info = || Targets::new().with_default(Level::INFO);
    match rust_log.map(str::trim).filter(|s| !s.is_empty()) {
        None => (info(), None),
        Some(text) => match text.parse::<Targets>() {
            Ok(targets) => (targets, None),
            Err(e) => {
                (info(), Some(format!("RUST_LOG {text:?} is not read ({e}); logging at info")))
            }
        },
    }
}

/// One event on one line: the journal's priority or the time, the level, the message and its
/// fields.
struct Line {
    journal: bool,
}

impl<S, N> FormatEvent<S, N> for Line
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let level = *event.metadata().level();
        if self.journal {
            write!(writer, "<{}>", priority(level))?;
        } else {
            SystemTime.format_time(&mut writer)?;
            write!(writer, " ")?;
        }
        write!(writer, "{level:>5} ")?;
        let mut fields = String::new();
        ctx.field_format().format_fields(Writer::new(&mut fields), event)?;
        // One event, one line: a line break inside a message (a database's error text) is
        // written as `\n`, so that no continuation reads as an event of its own.
        writeln!(writer, "{}", fields.replace('\r', "\\r").replace('\n', "\\n"))
    }
}

/// The syslog priority of a level (sd-daemon(3)): error 3, warning 4, info 6, debug and trace 7.
fn priority(level: Level) -> u8 {
    match level {
        Level::ERROR => 3,
        Level::WARN => 4,
        Level::INFO => 6,
        _ => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_log_sets_the_levels() {
        let (targets, why) = filter(None);
        assert!(targets.would_enable("openbravo_version_agent", &Level::INFO) && why.is_none());
        assert!(!targets.would_enable("openbravo_version_agent", &Level::DEBUG));
        let (targets, _) = filter(Some("openbravo_version_agent=debug,warn"));
        assert!(targets.would_enable("openbravo_version_agent::service", &Level::DEBUG));
        assert!(!targets.would_enable("hyper", &Level::INFO));
        let (targets, why) = filter(Some("=x=y"));
        assert!(targets.would_enable("any", &Level::INFO));
        assert!(why.unwrap().contains("is not read"));
    }

    #[test]
    fn priorities_as_the_journal_reads_them() {
        assert_eq!(
            [Level::ERROR, Level::WARN, Level::INFO, Level::DEBUG, Level::TRACE].map(priority),
            [3, 4, 6, 7, 7]
        );
    }

    /// What `init` writes, into a buffer.
    fn logged(journal: bool, log: impl FnOnce()) -> String {
        use std::sync::{Arc, Mutex};
        let buffer = Arc::new(Mutex::new(Vec::<u8>::new()));
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || Sink(sink.clone()))
            .event_format(Line { journal })
            .finish();
        tracing::subscriber::with_default(subscriber, log);
        let bytes = buffer.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn one_event_one_line_with_the_journal_priority() {
        let said = logged(true, || {
            tracing::warn!("the database said:\nno such table");
            tracing::error!(server = "store1", "cannot listen");
        });
        assert_eq!(
            said,
            "<4> WARN the database said:\\nno such table\n<3>ERROR cannot listen server=\"store1\"\n"
        );
        let said = logged(false, || tracing::info!("listening"));
        let (time, rest) = said.split_once(' ').unwrap();
        assert!(time.ends_with('Z') && time.contains('T'), "{said}");
        assert_eq!(rest, " INFO listening\n");
    }
}
