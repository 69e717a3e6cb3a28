//! Central against a store: the version status over the modules both have.

use core::cmp::Ordering;

use crate::versions::module::{Module, ModuleSet};
use crate::versions::server_version::VersionNumber;
use crate::versions::version::ModuleVersion;

/// Which server, central or store (`central`, `store` in the verdict).
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Side {
    /// The central server (where a WebPOS loaded from the central URL comes from).
    Central,
    /// The store server.
    Store,
}

impl Side {
    /// `central` or `store`, as the verdict spells it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Central => "central",
            Self::Store => "store",
        }
    }

    /// The side a [`Side::code`] names.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "central" => Some(Self::Central),
            "store" => Some(Self::Store),
            _ => None,
        }
    }
}

/// The version status of a store against central, as the admin overview shows it (its words,
/// `label` and `Display`, are in `texts::overview`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionStatus {
    /// The modules both servers have are on the same versions.
    SameAsCentral,
    /// At least one module both servers have differs in version.
    DifferentFromCentral,
    /// The status could not be determined; the error says why.
    Unknown {
        /// What went wrong, for the Differences field.
        error: String,
    },
}

impl VersionStatus {
    /// The status without its error, as the overview's code says it.
    pub fn code(&self) -> VersionStatusCode {
        match self {
            Self::SameAsCentral => VersionStatusCode::Same,
            Self::DifferentFromCentral => VersionStatusCode::Different,
            Self::Unknown { .. } => VersionStatusCode::Unknown,
        }
    }
}

/// A [`VersionStatus`] as a code: `same`, `different` or `unknown` on the wire (the overview's
/// rows, its metrics' labels, the page's filter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VersionStatusCode {
    /// Same as Central.
    Same,
    /// Different from Central.
    Different,
    /// Unknown.
    Unknown,
}

impl VersionStatusCode {
    /// Every code, in the order the overview counts them.
    pub const ALL: [Self; 3] = [Self::Same, Self::Different, Self::Unknown];

    /// The code as the wire spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Same => "same",
            Self::Different => "different",
            Self::Unknown => "unknown",
        }
    }
}

/// A module both servers have, on different versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleDifference {
    /// The module's id.
    pub id: String,
    /// Its name as central knows it.
    pub name: String,
    /// Central's version.
    pub central: ModuleVersion,
    /// The store's version.
    pub store: ModuleVersion,
    /// Which side has the newer version.
    pub newer: Side,
}

/// A module installed on one server only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoneModule {
    /// The module's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its version.
    pub version: ModuleVersion,
}

impl From<&Module> for LoneModule {
    fn from(m: &Module) -> Self {
        Self { id: m.id.clone(), name: m.name.clone(), version: m.version }
    }
}

/// The outcome of comparing central and a store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// Same as Central or Different from Central (never Unknown: both sides were known).
    pub status: VersionStatus,
    /// The common modules whose versions differ, sorted by name then id.
    pub differences: Vec<ModuleDifference>,
    /// Modules only central has (they do not change the status).
    pub only_central: Vec<LoneModule>,
    /// Modules only the store has (they do not change the status).
    pub only_store: Vec<LoneModule>,
    /// Which server is newer over the common modules: the side whose common-module version
    /// number is higher. `None` when they are the same, or when mixed differences cancel out.
    pub newer: Option<Side>,
}

/// Compares central's modules with a store's, matching modules by id.
pub fn compare(central: &ModuleSet, store: &ModuleSet) -> Comparison {
    let (c, s) = (central.modules(), store.modules());
    let (mut i, mut j) = (0, 0);
    let mut differences = Vec::new();
    let mut only_central = Vec::new();
    let mut only_store = Vec::new();
    let mut common_central = Vec::new();
    let mut common_store = Vec::new();
    // Both sets are sorted by id: one merge pass.
    while i < c.len() || j < s.len() {
        let order = match (c.get(i), s.get(j)) {
            (Some(a), Some(b)) => a.id.cmp(&b.id),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                only_central.push(LoneModule::from(&c[i]));
                i += 1;
            }
            Ordering::Greater => {
                only_store.push(LoneModule::from(&s[j]));
                j += 1;
            }
            Ordering::Equal => {
                let (a, b) = (&c[i], &s[j]);
                common_central.push(a);
                common_store.push(b);
                if a.version != b.version {
                    differences.push(ModuleDifference {
                        id: a.id.clone(),
                        name: a.name.clone(),
                        central: a.version,
                        store: b.version,
                        newer: if a.version > b.version { Side::Central } else { Side::Store },
                    });
                }
                i += 1;
                j += 1;
            }
        }
    }
    // Ids are unique, so (name, id) is a total order.
    let differences = crate::base::sort::sorted_by(differences, &|a, b| {
        a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id))
    });
    let newer = match VersionNumber::of(common_central).cmp(&VersionNumber::of(common_store)) {
        Ordering::Greater => Some(Side::Central),
        Ordering::Less => Some(Side::Store),
        Ordering::Equal => None,
    };
    let status = if differences.is_empty() {
        VersionStatus::SameAsCentral
    } else {
        VersionStatus::DifferentFromCentral
    };
    Comparison { status, differences, only_central, only_store, newer }
}
