//! A failed request's words in the overview's languages, from the failure itself (never from
//! matching its English text). English is the failure's own `Display`; what a server or a
//! client wrote itself (a server's message, a browser's error, a quoted value) stays as it is.

use crate::base::text::quoted;
use crate::servers::failure::{Failure, Peer, Unaskable};
use crate::servers::wire::WireError;
use crate::texts::cashier::Language;

/// `failure` in `language`.
pub fn failure_text(failure: &Failure, language: Language) -> String {
    if language == Language::En {
        return failure.to_string();
    }
    const NET: &str = "error de red";
    match failure {
        Failure::TimedOut(ms) => format!("sin respuesta tras {ms} ms"),
        Failure::NoResponse(detail) => format!(
            "{NET}: el servidor no es accesible, rechazó la conexión o no admitió este origen (CORS) ({detail})"
        ),
        Failure::CouldNotConnect => format!("{NET}: no se pudo conectar"),
        Failure::Broken(None) => format!("{NET}: la conexión se cerró mientras se leía la respuesta"),
        Failure::Broken(Some(detail)) => {
            format!("{NET}: la conexión se cerró mientras se leía la respuesta ({detail})")
        }
        Failure::Network(detail) => format!("{NET}: {detail}"),
        Failure::LocalNetworkRefused(peer) => {
            let to = match peer {
                Peer::Central => "la central",
                Peer::Store => "el servidor de tienda",
            };
            format!("este navegador rechazó el acceso a la red local hacia {to}")
        }
        Failure::Redirect { status: Some(status), to } => format!(
            "HTTP {status}: redirección a {}, no seguida",
            to.as_deref().unwrap_or("?")
        ),
        Failure::Redirect { status: None, .. } => {
            "el servidor respondió con una redirección, que no se sigue".to_owned()
        }
        Failure::TooLarge { limit, declared: Some(len) } => {
            format!("respuesta demasiado grande: {len} bytes (límite {limit})")
        }
        Failure::TooLarge { limit, declared: None } => {
            format!("respuesta demasiado grande: más de {limit} bytes, lectura detenida")
        }
        Failure::Http { status, message: Some(message) } => format!("HTTP {status}: {message}"),
        Failure::Http { status, message: None } => format!("HTTP {status}"),
        Failure::NoAnswer => "no se recibió ninguna respuesta".to_owned(),
        Failure::Client(detail) => detail.clone(),
        Failure::NotAsked(why) => unaskable_text(why, language),
        Failure::Answer(error) => wire_error_text(error, language),
    }
}

/// Why a store is not asked, in `language`.
pub fn unaskable_text(why: &Unaskable, language: Language) -> String {
    match (language, why) {
        (Language::En, why) => why.to_string(),
        (Language::Es, Unaskable::DuplicateKey(key)) => format!(
            "la clave de tienda {} aparece dos veces en las definiciones de servidores de la central: solo se consulta la primera; dé a cada tienda su propia clave",
            quoted(key)
        ),
        (Language::Es, Unaskable::NotBaseUrl(url)) => format!(
            "la URL {} de las definiciones de servidores de la central no es la URL base de un servidor (http o https, un host, sin nombre de usuario, consulta ni fragmento); corríjala en la ventana Server Definitions",
            quoted(url)
        ),
    }
}

/// Why an answer cannot be used, in `language`.
pub fn wire_error_text(error: &WireError, language: Language) -> String {
    use crate::base::limits::MAX_BODY_BYTES;
    if language == Language::En {
        return error.to_string();
    }
    match error {
        WireError::TooLarge { len } => {
            format!("respuesta demasiado grande: {len} bytes o más (límite {MAX_BODY_BYTES})")
        }
        WireError::Empty => "respuesta vacía".to_owned(),
        WireError::Html => "el servidor respondió con una página HTML en lugar de JSON (¿una página de inicio de sesión o un error del proxy?)".to_owned(),
        WireError::NotJson(detail) => {
            format!("la respuesta no es un JSON válido con la forma esperada: {detail}")
        }
        WireError::Server { status, message } if message.is_empty() => {
            format!("error del servidor (estado {status}) sin mensaje")
        }
        WireError::Server { status, message } => {
            format!("error del servidor (estado {status}): {message}")
        }
        WireError::MissingData => "respuesta correcta sin datos".to_owned(),
        WireError::Invalid(detail) => format!("respuesta no válida: {detail}"),
        WireError::PendingUncounted(message) => {
            format!("la tienda no puede contar sus lotes pendientes: {message}")
        }
        WireError::PendingMissing => "la tienda no indicó su número de lotes pendientes".to_owned(),
    }
}
