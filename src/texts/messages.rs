//! The cashier's message, in English and Spanish, as templates with Openbravo-style `%0`, `%1`
//! placeholders so a host's own labels (`OB.I18N.getLabel(key, args)`) can replace any of them.

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

/// Every text of the message. A host overrides one by its [`Label::key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// The dialog's title.
    Title,
    /// This WebPOS (central) is newer: %0 central version, %1 store version, %2 batches.
    BodyCentralNewer,
    /// This WebPOS (central) is older: same arguments.
    BodyCentralOlder,
    /// Neither side is uniformly newer: same arguments.
    BodyDifferent,
    /// As the three above, when the pending count is unknown: %0 central, %1 store.
    BodyPendingUnknownNewer,
    /// Older, pending unknown.
    BodyPendingUnknownOlder,
    /// Mixed, pending unknown.
    BodyPendingUnknownDifferent,
    /// "You were logged out to protect that data…".
    LoggedOut,
    /// When the logout could not be confirmed.
    LogoutFailed,
    /// The primary action.
    OpenStoreMode,
    /// No valid store-mode URL.
    NoStoreMode,
    /// Heading of the differences table.
    DifferencesHeading,
    /// Column: module.
    ColumnModule,
    /// Column: central version.
    ColumnCentral,
    /// Column: store version.
    ColumnStore,
    /// "…and %0 more modules".
    MoreModules,
    /// "Opening store mode in %0 s".
    Countdown,
    /// Cancel the countdown.
    CancelCountdown,
    /// Close the message.
    Close,
    /// The startup notice's title (before login, when a login would be blocked).
    NoticeTitle,
    /// The startup notice's advice, after the body.
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
    pub const ALL: [Label; 24] = [
        Self::Title,
        Self::BodyCentralNewer,
        Self::BodyCentralOlder,
        Self::BodyDifferent,
        Self::BodyPendingUnknownNewer,
        Self::BodyPendingUnknownOlder,
        Self::BodyPendingUnknownDifferent,
        Self::LoggedOut,
        Self::LogoutFailed,
        Self::OpenStoreMode,
        Self::NoStoreMode,
        Self::DifferencesHeading,
        Self::ColumnModule,
        Self::ColumnCentral,
        Self::ColumnStore,
        Self::MoreModules,
        Self::Countdown,
        Self::CancelCountdown,
        Self::Close,
        Self::NoticeTitle,
        Self::NoticeAdvice,
        Self::CannotCheckTitle,
        Self::CannotCheckLocalNetwork,
        Self::CannotCheckAdvice,
    ];

    /// The label's key, as a host's label table names it (Openbravo style).
    pub fn key(self) -> &'static str {
        match self {
            Self::Title => "OBMOBC_VersionGuardTitle",
            Self::BodyCentralNewer => "OBMOBC_VersionGuardBodyNewer",
            Self::BodyCentralOlder => "OBMOBC_VersionGuardBodyOlder",
            Self::BodyDifferent => "OBMOBC_VersionGuardBodyDifferent",
            Self::BodyPendingUnknownNewer => "OBMOBC_VersionGuardBodyUnknownPendingNewer",
            Self::BodyPendingUnknownOlder => "OBMOBC_VersionGuardBodyUnknownPendingOlder",
            Self::BodyPendingUnknownDifferent => "OBMOBC_VersionGuardBodyUnknownPendingDifferent",
            Self::LoggedOut => "OBMOBC_VersionGuardLoggedOut",
            Self::LogoutFailed => "OBMOBC_VersionGuardLogoutFailed",
            Self::OpenStoreMode => "OBMOBC_VersionGuardOpenStoreMode",
            Self::NoStoreMode => "OBMOBC_VersionGuardNoStoreMode",
            Self::DifferencesHeading => "OBMOBC_VersionGuardDifferences",
            Self::ColumnModule => "OBMOBC_VersionGuardModule",
            Self::ColumnCentral => "OBMOBC_VersionGuardCentral",
            Self::ColumnStore => "OBMOBC_VersionGuardStore",
            Self::MoreModules => "OBMOBC_VersionGuardMoreModules",
            Self::Countdown => "OBMOBC_VersionGuardCountdown",
            Self::CancelCountdown => "OBMOBC_VersionGuardCancel",
            Self::Close => "OBMOBC_VersionGuardClose",
            Self::NoticeTitle => "OBMOBC_VersionGuardNoticeTitle",
            Self::NoticeAdvice => "OBMOBC_VersionGuardNoticeAdvice",
            Self::CannotCheckTitle => "OBMOBC_VersionGuardCannotCheckTitle",
            Self::CannotCheckLocalNetwork => "OBMOBC_VersionGuardLocalNetwork",
            Self::CannotCheckAdvice => "OBMOBC_VersionGuardCannotCheckAdvice",
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
            Self::Title => "This till cannot work from central right now",
            Self::BodyCentralNewer => "This WebPOS is on a newer version (%0) than the store server (%1), and the store server still has %2 batch(es) of data waiting to be sent to central.",
            Self::BodyCentralOlder => "This WebPOS is on an older version (%0) than the store server (%1), and the store server still has %2 batch(es) of data waiting to be sent to central.",
            Self::BodyDifferent => "This WebPOS is on a different version (%0) than the store server (%1), and the store server still has %2 batch(es) of data waiting to be sent to central.",
            Self::BodyPendingUnknownNewer => "This WebPOS is on a newer version (%0) than the store server (%1), and the store server could not say how much of its data is still waiting to be sent to central.",
            Self::BodyPendingUnknownOlder => "This WebPOS is on an older version (%0) than the store server (%1), and the store server could not say how much of its data is still waiting to be sent to central.",
            Self::BodyPendingUnknownDifferent => "This WebPOS is on a different version (%0) than the store server (%1), and the store server could not say how much of its data is still waiting to be sent to central.",
            Self::LoggedOut => "You have been logged out to protect that data. Tickets saved on this till are kept. Continue in store mode.",
            Self::LogoutFailed => "To protect that data, do not continue here. Tickets saved on this till are kept. Continue in store mode.",
            Self::OpenStoreMode => "Open store mode",
            Self::NoStoreMode => "The store-mode address is not available. Ask your IT administrator.",
            Self::DifferencesHeading => "Modules that differ",
            Self::ColumnModule => "Module",
            Self::ColumnCentral => "Central",
            Self::ColumnStore => "Store server",
            Self::MoreModules => "…and %0 more module(s).",
            Self::Countdown => "Opening store mode in %0 s.",
            Self::CancelCountdown => "Stay on this page",
            Self::Close => "Close",
            Self::NoticeTitle => "Use store mode on this till for now",
            Self::NoticeAdvice => "A login here would be refused to protect that data. Open store mode to work normally; tickets saved on this till are kept.",
            Self::CannotCheckTitle => "The version check cannot run on this till",
            Self::CannotCheckLocalNetwork => "This browser refused access to the store server on the shop's local network, so logins here are not checked against the store server's version. Allow local network access for this site in the browser, or have IT allow it by policy (LocalNetworkAccessAllowedForUrls).",
            Self::CannotCheckAdvice => "Logins still work. Tell your IT administrator what follows:",
        }
    }

    fn spanish(self) -> &'static str {
        match self {
            Self::Title => "Esta caja no puede trabajar desde central ahora",
            Self::BodyCentralNewer => "Este WebPOS tiene una versión más nueva (%0) que el servidor de tienda (%1), y el servidor de tienda aún tiene %2 lote(s) de datos pendientes de enviar a central.",
            Self::BodyCentralOlder => "Este WebPOS tiene una versión más antigua (%0) que el servidor de tienda (%1), y el servidor de tienda aún tiene %2 lote(s) de datos pendientes de enviar a central.",
            Self::BodyDifferent => "Este WebPOS tiene una versión distinta (%0) de la del servidor de tienda (%1), y el servidor de tienda aún tiene %2 lote(s) de datos pendientes de enviar a central.",
            Self::BodyPendingUnknownNewer => "Este WebPOS tiene una versión más nueva (%0) que el servidor de tienda (%1), y el servidor de tienda no ha podido indicar cuántos datos tiene pendientes de enviar a central.",
            Self::BodyPendingUnknownOlder => "Este WebPOS tiene una versión más antigua (%0) que el servidor de tienda (%1), y el servidor de tienda no ha podido indicar cuántos datos tiene pendientes de enviar a central.",
            Self::BodyPendingUnknownDifferent => "Este WebPOS tiene una versión distinta (%0) de la del servidor de tienda (%1), y el servidor de tienda no ha podido indicar cuántos datos tiene pendientes de enviar a central.",
            Self::LoggedOut => "Se ha cerrado su sesión para proteger esos datos. Los tickets guardados en esta caja se conservan. Continúe en modo tienda.",
            Self::LogoutFailed => "Para proteger esos datos, no continúe aquí. Los tickets guardados en esta caja se conservan. Continúe en modo tienda.",
            Self::OpenStoreMode => "Abrir modo tienda",
            Self::NoStoreMode => "La dirección del modo tienda no está disponible. Consulte a su administrador de sistemas.",
            Self::DifferencesHeading => "Módulos con versiones distintas",
            Self::ColumnModule => "Módulo",
            Self::ColumnCentral => "Central",
            Self::ColumnStore => "Servidor de tienda",
            Self::MoreModules => "…y %0 módulo(s) más.",
            Self::Countdown => "Abriendo el modo tienda en %0 s.",
            Self::CancelCountdown => "Quedarse en esta página",
            Self::Close => "Cerrar",
            Self::NoticeTitle => "Por ahora, use el modo tienda en esta caja",
            Self::NoticeAdvice => "Un inicio de sesión aquí se rechazaría para proteger esos datos. Abra el modo tienda para trabajar con normalidad; los tickets guardados en esta caja se conservan.",
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
        let mut keys: Vec<&str> = Label::ALL.iter().map(|l| l.key()).collect();
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
    fn bodies_take_the_versions_and_the_count() {
        for label in [Label::BodyCentralNewer, Label::BodyCentralOlder, Label::BodyDifferent] {
            for language in [Language::En, Language::Es] {
                let text = fill(label.template(language), &["C", "S", "3"]);
                assert!(
                    text.contains("(C)") && text.contains("(S)") && text.contains(" 3 "),
                    "{text}"
                );
            }
        }
    }
}
