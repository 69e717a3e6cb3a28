//! `guardStartup`: the part of the check that needs no session, run when the WebPOS starts,
//! on the login screen, before anyone types a password.
//!
//! - A block recorded for this terminal before a logout (the WebPOS's logout reloads the page)
//!   is shown again as the block message, with the store-mode offer rebuilt from central's
//!   definitions, and the countdown when one is asked for; a start that is no longer blocked
//!   clears the record.
//! - Otherwise, when a login on this till would be blocked, a calm, non-modal notice says so
//!   with "Open store mode", so that the cashier does not log in only to be logged out.
//!
//! The hot-fix preference needs a session: until a login reads it, the value last seen at a
//! login on this till counts (no false alarm during a hot fix). What this check learns about
//! the servers is reused by the login check, which then makes one phase of requests.

use wasm_bindgen::JsValue;

use super::block_ui;
use super::check;
use super::guard::{announce, container_of, message_on_screen, start_countdown};
use super::http::js_error_text;
use super::notice;
use super::options::Options;
use super::storage::{self, Lasts};
use crate::login::block_record::{block_record_key, BlockRecord};
use crate::login::report::{VerdictReport, When};
use crate::login::startup::{startup_view, StartupView};
use crate::texts::notices::BlockFacts;

/// What the start showed.
enum Shown {
    /// The recorded block's message again.
    Message,
    /// The notice that a login would be blocked.
    Notice,
    /// The notice that the check cannot run on this till.
    CannotCheck,
    /// Nothing.
    Nothing,
}

/// Runs the startup check and shows what it calls for; resolves to the verdict (never rejects).
pub(super) async fn guard_startup(options: &JsValue) -> JsValue {
    let options = Options::read(options);
    let mut report = check::run(&options, When::Startup).await;
    let key = block_record_key(&report.terminal);
    let record = storage::get(Lasts::Tab, &key).map(|text| {
        BlockRecord::read(&text, &report.terminal, js_sys::Date::now()).inspect_err(|why| {
            report.diagnostics.push(format!("A stored block record was ignored: {why}."));
            storage::remove(Lasts::Tab, &key);
        })
    });
    let record = record.and_then(Result::ok);
    let shown = match (startup_view(&report, record.is_some()), record) {
        (StartupView::MessageWithTodaysFacts, _) => {
            show_message(&options, &BlockFacts::of(&report), &mut report)
        }
        (StartupView::MessageAsRecorded, Some(record)) => {
            show_message(&options, &record.facts(), &mut report)
        }
        (StartupView::MessageAsRecordedDespitePreference, Some(record)) => {
            report.diagnostics.push("The login refused here is not overruled by the preference as told before login; the next login reads its records.".into());
            show_message(&options, &record.facts(), &mut report)
        }
        (StartupView::ClearRecord, _) => {
            storage::remove(Lasts::Tab, &key);
            report.diagnostics.push(
                "The block recorded before the last logout no longer holds; it was cleared.".into(),
            );
            Shown::Nothing
        }
        (StartupView::NoticeBlocked, _) => show_notice(&options, &mut report, Notice::Blocked),
        (StartupView::NoticeCannotCheck, _) => match report.cannot_check.clone() {
            Some(reason) => show_notice(&options, &mut report, Notice::CannotCheck(reason)),
            None => Shown::Nothing,
        },
        _ => Shown::Nothing,
    };
    if let Shown::Message = shown {
        start_countdown(&options, &mut report);
    }
    announce(&report)
}

fn show_message(options: &Options, facts: &BlockFacts, report: &mut VerdictReport) -> Shown {
    if message_on_screen() {
        return Shown::Message;
    }
    let facts = facts.clone().with_tickets(options.tickets);
    let shown = container_of(options).and_then(|container| {
        let url = report.store_mode_url.clone();
        // Closed: the message was read; the login screen keeps the notice instead, and the
        // next start shows the notice, not the message, while the till is still blocked.
        let key = block_record_key(&report.terminal);
        let dismissed = move || storage::remove(Lasts::Tab, &key);
        block_ui::show_facts(&facts, url, options.texts(), &container, dismissed)
            .map_err(|e| js_error_text(&e))
    });
    match shown {
        Ok(()) => {
            report.diagnostics.push("The block recorded before the logout is shown again.".into());
            Shown::Message
        }
        Err(why) => {
            report.diagnostics.push(format!("The message could not be shown: {why}"));
            Shown::Nothing
        }
    }
}

/// Which startup notice to show.
enum Notice {
    /// A login here would be blocked.
    Blocked,
    /// The check cannot run on this till, for this reason.
    CannotCheck(String),
}

fn show_notice(options: &Options, report: &mut VerdictReport, notice: Notice) -> Shown {
    let texts = options.texts();
    let shown = container_of(options).and_then(|container| {
        match &notice {
            Notice::Blocked => block_ui::show_notice(
                &BlockFacts::of(report).with_tickets(options.tickets),
                report.store_mode_url.as_deref(),
                texts,
                &container,
            ),
            Notice::CannotCheck(reason) => block_ui::show_cannot_check(reason, texts, &container),
        }
        .map_err(|e| js_error_text(&e))
    });
    let (kind, said) = match notice {
        Notice::Blocked => (Shown::Notice, "A login here would be blocked: the notice is shown."),
        Notice::CannotCheck(_) => {
            (Shown::CannotCheck, "The notice that the check cannot run here is shown.")
        }
    };
    match shown {
        Ok(()) => {
            report.diagnostics.push(said.into());
            kind
        }
        Err(why) => {
            report.diagnostics.push(format!("The notice could not be shown: {why}"));
            notice::remove();
            Shown::Nothing
        }
    }
}
