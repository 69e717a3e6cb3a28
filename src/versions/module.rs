//! Installed modules and the validated set of them that one server reports.

use core::fmt;

use crate::base::limits::{
    MAX_JAVA_PACKAGE_LEN, MAX_MODULES, MAX_MODULE_ID_LEN, MAX_MODULE_NAME_LEN,
};
use crate::base::text::check_len;
use crate::versions::version::{ModuleVersion, VersionError};

/// One installed module: its Openbravo id, name, java package and version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// The module's id (`AD_Module_ID`), the key modules are matched by.
    pub id: String,
    /// Its human name, e.g. `Web POS`.
    pub name: String,
    /// Its java package, e.g. `org.openbravo.retail.posterminal`.
    pub java_package: String,
    /// Its version.
    pub version: ModuleVersion,
}

/// Why a module list is not a valid set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleSetError {
    /// More than [`MAX_MODULES`] modules.
    TooMany {
        /// How many were listed.
        count: usize,
    },
    /// A module without an id.
    EmptyId {
        /// Its position in the list, counting from 1.
        position: usize,
    },
    /// A field longer than its limit.
    FieldTooLong {
        /// Its position in the list, counting from 1.
        position: usize,
        /// Which field.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The version text does not parse.
    BadVersion {
        /// The module's id (already length-checked).
        id: String,
        /// Why.
        error: VersionError,
    },
    /// Two modules share an id.
    DuplicateId {
        /// The repeated id.
        id: String,
    },
}

impl fmt::Display for ModuleSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooMany { count } => write!(f, "{count} modules listed (limit {MAX_MODULES})"),
            Self::EmptyId { position } => write!(f, "module #{position} has an empty id"),
            Self::FieldTooLong { position, field, len, limit } => {
                write!(f, "module #{position}: {field} is {len} bytes long (limit {limit})")
            }
            Self::BadVersion { id, error } => write!(f, "module {id}: {error}"),
            Self::DuplicateId { id } => write!(f, "module id {id} is listed twice"),
        }
    }
}

impl std::error::Error for ModuleSetError {}

/// A module as a server sends it, before validation: the version is still text.
#[derive(Clone, Copy, Debug)]
pub struct RawModule<'a> {
    /// The module's id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its java package.
    pub java_package: &'a str,
    /// Its version text.
    pub version: &'a str,
}

/// The validated modules of one server: unique ids, sorted by id, every version parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleSet {
    modules: Vec<Module>,
}

impl ModuleSet {
    /// Validates a list of raw modules against the limits and builds the set.
    pub fn parse<'a, I>(raw: I) -> Result<Self, ModuleSetError>
    where
        I: IntoIterator<Item = RawModule<'a>>,
        I::IntoIter: ExactSizeIterator,
    {
        let raw = raw.into_iter();
        if raw.len() > MAX_MODULES {
            return Err(ModuleSetError::TooMany { count: raw.len() });
        }
        let mut modules = Vec::with_capacity(raw.len());
        for (index, m) in raw.enumerate() {
            let position = index + 1;
            let too_long =
                |field, len, limit| ModuleSetError::FieldTooLong { position, field, len, limit };
            check_len(m.id, MAX_MODULE_ID_LEN)
                .map_err(|len| too_long("id", len, MAX_MODULE_ID_LEN))?;
            check_len(m.name, MAX_MODULE_NAME_LEN)
                .map_err(|len| too_long("name", len, MAX_MODULE_NAME_LEN))?;
            check_len(m.java_package, MAX_JAVA_PACKAGE_LEN)
                .map_err(|len| too_long("javaPackage", len, MAX_JAVA_PACKAGE_LEN))?;
            if m.id.is_empty() {
                return Err(ModuleSetError::EmptyId { position });
            }
            let version = ModuleVersion::parse(m.version)
                .map_err(|error| ModuleSetError::BadVersion { id: m.id.to_owned(), error })?;
            modules.push(Module {
                id: m.id.to_owned(),
                name: m.name.to_owned(),
                java_package: m.java_package.to_owned(),
                version,
            });
        }
        Self::from_modules(modules)
    }

    /// Builds the set from already-typed modules, checking count and unique ids.
    pub fn from_modules(modules: Vec<Module>) -> Result<Self, ModuleSetError> {
        if modules.len() > MAX_MODULES {
            return Err(ModuleSetError::TooMany { count: modules.len() });
        }
        let modules = crate::base::sort::sorted_by(modules, &|a, b| a.id.cmp(&b.id));
        if let Some(pair) = modules.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(ModuleSetError::DuplicateId { id: pair[0].id.clone() });
        }
        Ok(Self { modules })
    }

    /// The modules, sorted by id.
    pub fn modules(&self) -> &[Module] {
        &self.modules
    }

    /// The module with this id, if installed.
    pub fn get(&self, id: &str) -> Option<&Module> {
        self.modules
            .binary_search_by(|m| m.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.modules[index])
    }

    /// How many modules are installed.
    pub fn len(&self) -> usize {
        self.modules.len()
    }

    /// Whether no module is installed.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }
}
