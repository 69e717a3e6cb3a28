//! The cashier's message, in English and Spanish, as templates with Openbravo-style `%0`, `%1`
//! placeholders so a host's own labels (`OB.I18N.getLabel(key)`) can replace any of them. The
//! guard fills every placeholder itself ([`fill`]): Openbravo's `getLabel` replaces only the
//! first occurrence of each. A count is said by one of three labels (none, one, many), so
//! that no text reads "ticket(s)".

/// A language the guard ships labels for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// English.
    En,
    /// Spanish.
    Es,
}

impl Language {
    /// The language for a BCP 47 tag (`es`, `es-ES`, `ca-ES`…); English unless it is Spanish.
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        if primary == "es" {
            Self::Es
        } else {
            Self::En
        }
    }

    /// Its BCP 47 tag, for the dialog's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }
}

/// Every text of the message and the notices. A host overrides one by its [`Label::key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// The message's title: what to do.
    Title,
    /// What happened, in plain words: this till (central) was updated first.
    LeadNewer,
    /// The store's server was updated first.
    LeadOlder,
    /// Neither side is uniformly newer.
    LeadDifferent,
    /// As `LeadNewer`, when the pending count is unknown.
    LeadUnknownNewer,
    /// As `LeadOlder`, pending count unknown.
    LeadUnknownOlder,
    /// As `LeadDifferent`, pending count unknown.
    LeadUnknownDifferent,
    /// What to do.
    WhatToDo,
    /// Store mode, in one line.
    StoreModeExplained,
    /// That the cashier was logged out, and why.
    LoggedOut,
    /// When the logout could not be confirmed.
    LogoutFailed,
    /// Where the till's tickets are, and when they come back.
    TicketsKept,
    /// The host's ticket counts: %0 the unpaid ones, %1 the paid ones not yet sent (each one of
    /// the counted phrases below).
    TicketCounts,
    /// No unpaid ticket.
    TicketsUnpaidNone,
    /// One unpaid ticket.
    TicketsUnpaidOne,
    /// %0 unpaid tickets (two or more).
    TicketsUnpaidMany,
    /// No paid ticket waiting to be sent.
    TicketsPaidNone,
    /// One paid ticket not yet sent.
    TicketsPaidOne,
    /// %0 paid tickets not yet sent (two or more).
    TicketsPaidMany,
    /// The primary action.
    OpenStoreMode,
    /// No valid store-mode URL.
    NoStoreMode,
    /// The summary of the part that opens on demand.
    DetailsForIt,
    /// The server versions: %0 central's, %1 the store's.
    DetailsVersions,
    /// The store's batches pending sync: %0.
    DetailsPending,
    /// When the store gave no valid count.
    DetailsPendingUnknown,
    /// The rule that blocked: decision row 6.
    RuleWithPending,
    /// The rule that blocked: decision row 7.
    RulePendingUnknown,
    /// Heading of the differences table.
    DifferencesHeading,
    /// Column: module.
    ColumnModule,
    /// Column: central version.
    ColumnCentral,
    /// Column: store version.
    ColumnStore,
    /// "…and 1 more module".
    MoreModulesOne,
    /// "…and %0 more modules" (two or more).
    MoreModulesMany,
    /// "Opening store mode in %0 s".
    Countdown,
    /// Close the message (and stop the countdown): the one way to dismiss it.
    Close,
    /// The login-screen notice's title (before login, or after the message is closed).
    NoticeTitle,
    /// The notice's advice, after what happened.
    NoticeAdvice,
    /// The title of the notice that the check cannot run on this till.
    CannotCheckTitle,
    /// Why: the browser refused local network access to the store server, and what to do.
    CannotCheckLocalNetwork,
    /// Before the technical reason, for the admin.
    CannotCheckAdvice,
}

impl Label {
    /// Every label.
    pub const ALL: [Label; 40] = [
        Self::Title,
        Self::LeadNewer,
        Self::LeadOlder,
        Self::LeadDifferent,
        Self::LeadUnknownNewer,
        Self::LeadUnknownOlder,
        Self::LeadUnknownDifferent,
        Self::WhatToDo,
        Self::StoreModeExplained,
        Self::LoggedOut,
        Self::LogoutFailed,
        Self::TicketsKept,
        Self::TicketCounts,
        Self::TicketsUnpaidNone,
        Self::TicketsUnpaidOne,
        Self::TicketsUnpaidMany,
        Self::TicketsPaidNone,
        Self::TicketsPaidOne,
        Self::TicketsPaidMany,
        Self::OpenStoreMode,
        Self::NoStoreMode,
        Self::DetailsForIt,
        Self::DetailsVersions,
        Self::DetailsPending,
        Self::DetailsPendingUnknown,
        Self::RuleWithPending,
        Self::RulePendingUnknown,
        Self::DifferencesHeading,
        Self::ColumnModule,
        Self::ColumnCentral,
        Self::ColumnStore,
        Self::MoreModulesOne,
        Self::MoreModulesMany,
        Self::Countdown,
        Self::Close,
        Self::NoticeTitle,
        Self::NoticeAdvice,
        Self::CannotCheckTitle,
        Self::CannotCheckLocalNetwork,
        Self::CannotCheckAdvice,
    ];

    /// The label's key with the module's label prefix `prefix` (default
    /// [`LABEL_PREFIX`](crate::servers::protocol::LABEL_PREFIX)), as a host's label table names it.
    pub fn key(self, prefix: &str) -> String {
        [prefix, self.name()].concat()
    }

    /// The label's name, what follows the prefix in its key.
    pub fn name(self) -> &'static str {
        match self {
            Self::Title => "VersionGuardTitle",
            Self::LeadNewer => "VersionGuardLeadNewer",
            Self::LeadOlder => "VersionGuardLeadOlder",
            Self::LeadDifferent => "VersionGuardLeadDifferent",
            Self::LeadUnknownNewer => "VersionGuardLeadUnknownNewer",
            Self::LeadUnknownOlder => "VersionGuardLeadUnknownOlder",
            Self::LeadUnknownDifferent => "VersionGuardLeadUnknownDifferent",
            Self::WhatToDo => "VersionGuardWhatToDo",
            Self::StoreModeExplained => "VersionGuardStoreModeExplained",
            Self::LoggedOut => "VersionGuardLoggedOut",
            Self::LogoutFailed => "VersionGuardLogoutFailed",
            Self::TicketsKept => "VersionGuardTicketsKept",
            Self::TicketCounts => "VersionGuardTicketCounts",
            Self::TicketsUnpaidNone => "VersionGuardTicketsUnpaidNone",
            Self::TicketsUnpaidOne => "VersionGuardTicketsUnpaidOne",
            Self::TicketsUnpaidMany => "VersionGuardTicketsUnpaidMany",
            Self::TicketsPaidNone => "VersionGuardTicketsPaidNone",
            Self::TicketsPaidOne => "VersionGuardTicketsPaidOne",
            Self::TicketsPaidMany => "VersionGuardTicketsPaidMany",
            Self::OpenStoreMode => "VersionGuardOpenStoreMode",
            Self::NoStoreMode => "VersionGuardNoStoreMode",
            Self::DetailsForIt => "VersionGuardDetailsForIT",
            Self::DetailsVersions => "VersionGuardDetailsVersions",
            Self::DetailsPending => "VersionGuardDetailsPending",
            Self::DetailsPendingUnknown => "VersionGuardDetailsPendingUnknown",
            Self::RuleWithPending => "VersionGuardRuleWithPending",
            Self::RulePendingUnknown => "VersionGuardRulePendingUnknown",
            Self::DifferencesHeading => "VersionGuardDifferences",
            Self::ColumnModule => "VersionGuardModule",
            Self::ColumnCentral => "VersionGuardCentral",
            Self::ColumnStore => "VersionGuardStore",
            Self::MoreModulesOne => "VersionGuardMoreModulesOne",
            Self::MoreModulesMany => "VersionGuardMoreModulesMany",
            Self::Countdown => "VersionGuardCountdown",
            Self::Close => "VersionGuardClose",
            Self::NoticeTitle => "VersionGuardNoticeTitle",
            Self::NoticeAdvice => "VersionGuardNoticeAdvice",
            Self::CannotCheckTitle => "VersionGuardCannotCheckTitle",
            Self::CannotCheckLocalNetwork => "VersionGuardLocalNetwork",
            Self::CannotCheckAdvice => "VersionGuardCannotCheckAdvice",
        }
    }

    /// The shipped template in `language`.
    pub fn template(self, language: Language) -> &'static str {
        match language {
            Language::En => self.english(),
            Language::Es => self.spanish(),
        }
    }

    fn english(self) -> &'static str {
        match self {
            Self::Title => "Work in store mode for now",
            Self::LeadNewer => "This till was updated before the shop's server, and the shop's server still has sales to send to head office.",
            Self::LeadOlder => "The shop's server was updated before this till, and it still has sales to send to head office.",
            Self::LeadDifferent => "This till and the shop's server are on different updates, and the shop's server still has sales to send to head office.",
            Self::LeadUnknownNewer => "This till was updated before the shop's server, and the shop's server could not say whether it still has sales to send to head office.",
            Self::LeadUnknownOlder => "The shop's server was updated before this till, and it could not say whether it still has sales to send to head office.",
            Self::LeadUnknownDifferent => "This till and the shop's server are on different updates, and the shop's server could not say whether it still has sales to send to head office.",
            Self::WhatToDo => "Work in store mode until the update ends.",
            Self::StoreModeExplained => "Store mode runs this till straight from the shop's own server, so you can keep selling while the update finishes.",
            Self::LoggedOut => "You were logged out here to keep those sales safe.",
            Self::LogoutFailed => "Do not keep working here: those sales must be kept safe.",
            Self::TicketsKept => "Tickets started on this till are not lost: they stay in the WebPOS opened from head office, and come back when you open it from head office again.",
            Self::TicketCounts => "On this till now: %0 and %1.",
            Self::TicketsUnpaidNone => "no unpaid tickets",
            Self::TicketsUnpaidOne => "1 unpaid ticket",
            Self::TicketsUnpaidMany => "%0 unpaid tickets",
            Self::TicketsPaidNone => "no paid tickets waiting to be sent",
            Self::TicketsPaidOne => "1 paid ticket not yet sent",
            Self::TicketsPaidMany => "%0 paid tickets not yet sent",
            Self::OpenStoreMode => "Open store mode",
            Self::NoStoreMode => "The store-mode address is not available. Ask your IT administrator.",
            Self::DetailsForIt => "Details for IT",
            Self::DetailsVersions => "Server version of central (this WebPOS): %0. Server version of the store server: %1.",
            Self::DetailsPending => "Batches pending sync on the store server: %0.",
            Self::DetailsPendingUnknown => "Batches pending sync on the store server: unknown (the store server did not give a valid count).",
            Self::RuleWithPending => "Version check, rule 6: the store server is Different from Central and has data pending sync, so logins from central are refused.",
            Self::RulePendingUnknown => "Version check, rule 7: the store server is Different from Central and its pending count is unknown, so logins from central are refused.",
            Self::DifferencesHeading => "Modules that differ",
            Self::ColumnModule => "Module",
            Self::ColumnCentral => "Central",
            Self::ColumnStore => "Store server",
            Self::MoreModulesOne => "…and 1 more module.",
            Self::MoreModulesMany => "…and %0 more modules.",
            Self::Countdown => "Opening store mode in %0 s.",
            Self::Close => "Close",
            Self::NoticeTitle => "Use store mode on this till for now",
            Self::NoticeAdvice => "A login here would be refused to keep those sales safe: open store mode instead.",
            Self::CannotCheckTitle => "The version check cannot run on this till",
            Self::CannotCheckLocalNetwork => "This browser refused access to the store server on the shop's local network, so logins here are not checked against the store server's version. Allow local network access for this site in the browser, or have IT allow it by policy (LocalNetworkAccessAllowedForUrls).",
            Self::CannotCheckAdvice => "Logins still work. Tell your IT administrator what follows:",
        }
    }

    fn spanish(self) -> &'static str {
        match self {
            Self::Title => "Por ahora, trabaje en modo tienda",
            Self::LeadNewer => "Esta caja se actualizó antes que el servidor de la tienda, y el servidor de la tienda aún tiene ventas por enviar a la central.",
            Self::LeadOlder => "El servidor de la tienda se actualizó antes que esta caja, y aún tiene ventas por enviar a la central.",
            Self::LeadDifferent => "Esta caja y el servidor de la tienda tienen actualizaciones distintas, y el servidor de la tienda aún tiene ventas por enviar a la central.",
            Self::LeadUnknownNewer => "Esta caja se actualizó antes que el servidor de la tienda, y el servidor de la tienda no ha podido indicar si aún tiene ventas por enviar a la central.",
            Self::LeadUnknownOlder => "El servidor de la tienda se actualizó antes que esta caja, y no ha podido indicar si aún tiene ventas por enviar a la central.",
            Self::LeadUnknownDifferent => "Esta caja y el servidor de la tienda tienen actualizaciones distintas, y el servidor de la tienda no ha podido indicar si aún tiene ventas por enviar a la central.",
            Self::WhatToDo => "Trabaje en modo tienda hasta que termine la actualización.",
            Self::StoreModeExplained => "El modo tienda abre esta caja directamente desde el servidor de la tienda, para que pueda seguir vendiendo mientras termina la actualización.",
            Self::LoggedOut => "Se ha cerrado su sesión aquí para proteger esas ventas.",
            Self::LogoutFailed => "No siga trabajando aquí: hay que proteger esas ventas.",
            Self::TicketsKept => "Los tickets empezados en esta caja no se pierden: se quedan en el WebPOS abierto desde la central y vuelven cuando lo abra de nuevo desde la central.",
            Self::TicketCounts => "En esta caja ahora: %0 y %1.",
            Self::TicketsUnpaidNone => "ningún ticket sin pagar",
            Self::TicketsUnpaidOne => "1 ticket sin pagar",
            Self::TicketsUnpaidMany => "%0 tickets sin pagar",
            Self::TicketsPaidNone => "ningún ticket pagado pendiente de enviar",
            Self::TicketsPaidOne => "1 ticket pagado aún sin enviar",
            Self::TicketsPaidMany => "%0 tickets pagados aún sin enviar",
            Self::OpenStoreMode => "Abrir modo tienda",
            Self::NoStoreMode => "La dirección del modo tienda no está disponible. Consulte a su administrador de sistemas.",
            Self::DetailsForIt => "Detalles para sistemas",
            Self::DetailsVersions => "Versión de servidor de la central (este WebPOS): %0. Versión del servidor de tienda: %1.",
            Self::DetailsPending => "Lotes pendientes de sincronizar en el servidor de tienda: %0.",
            Self::DetailsPendingUnknown => "Lotes pendientes de sincronizar en el servidor de tienda: desconocido (el servidor de tienda no ha dado un número válido).",
            Self::RuleWithPending => "Comprobación de versiones, regla 6: el servidor de tienda es Distinto de la central y tiene datos pendientes de sincronizar, así que se rechazan los inicios de sesión desde la central.",
            Self::RulePendingUnknown => "Comprobación de versiones, regla 7: el servidor de tienda es Distinto de la central y se desconoce cuántos datos tiene pendientes, así que se rechazan los inicios de sesión desde la central.",
            Self::DifferencesHeading => "Módulos con versiones distintas",
            Self::ColumnModule => "Módulo",
            Self::ColumnCentral => "Central",
            Self::ColumnStore => "Servidor de tienda",
            Self::MoreModulesOne => "…y 1 módulo más.",
            Self::MoreModulesMany => "…y %0 módulos más.",
            Self::Countdown => "Abriendo el modo tienda en %0 s.",
            Self::Close => "Cerrar",
            Self::NoticeTitle => "Por ahora, use el modo tienda en esta caja",
            Self::NoticeAdvice => "Un inicio de sesión aquí se rechazaría para proteger esas ventas: abra el modo tienda.",
            Self::CannotCheckTitle => "La comprobación de versiones no puede ejecutarse en esta caja",
            Self::CannotCheckLocalNetwork => "Este navegador ha denegado el acceso al servidor de tienda en la red local de la tienda, así que los inicios de sesión aquí no se comprueban con la versión del servidor de tienda. Permita el acceso a la red local para este sitio en el navegador, o pida a sistemas que lo permita por directiva (LocalNetworkAccessAllowedForUrls).",
            Self::CannotCheckAdvice => "Se puede iniciar sesión igualmente. Comunique a su administrador de sistemas lo siguiente:",
        }
    }
}

/// Replaces `%0`, `%1`, … in `template` with `args` (a placeholder without an argument stays).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after[..digits].parse::<usize>().ok();
        match index.and_then(|i| args.get(i)) {
            Some(arg) => {
                out.push_str(arg);
                rest = &after[digits..];
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_numbered_placeholders() {
        assert_eq!(fill("a %0 b %1 c %0", &["x", "y"]), "a x b y c x");
        assert_eq!(fill("100% sure, %2 left", &["x"]), "100% sure, %2 left");
        assert_eq!(fill("%10", &["a"; 11]), "a");
        assert_eq!(fill("", &[]), "");
        assert_eq!(fill("%", &[]), "%");
    }

    #[test]
    fn arguments_are_not_re_expanded() {
        assert_eq!(fill("%0 %1", &["%1", "b"]), "%1 b");
    }

    #[test]
    fn languages_from_tags() {
        assert_eq!(Language::from_tag("es-ES"), Language::Es);
        assert_eq!(Language::from_tag("ES"), Language::Es);
        assert_eq!(Language::from_tag("es_MX"), Language::Es);
        assert_eq!(Language::from_tag("en-GB"), Language::En);
        assert_eq!(Language::from_tag("ca"), Language::En);
        assert_eq!(Language::from_tag(""), Language::En);
    }

    #[test]
    fn every_label_has_both_languages_and_a_unique_key() {
        let mut keys: Vec<&str> = Label::ALL.iter().map(|l| l.name()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Label::ALL.len());
        for label in Label::ALL {
            assert!(!label.template(Language::En).is_empty());
            if label != Label::ColumnCentral {
                assert_ne!(label.template(Language::En), label.template(Language::Es), "{label:?}");
            }
        }
    }

    #[test]
    fn details_take_the_versions_and_the_count() {
        for language in [Language::En, Language::Es] {
            let text = fill(Label::DetailsVersions.template(language), &["C", "S"]);
            assert!(text.contains(": C.") && text.contains(": S."), "{text}");
            let text = fill(Label::DetailsPending.template(language), &["3"]);
            assert!(text.ends_with(": 3."), "{text}");
        }
    }
}
