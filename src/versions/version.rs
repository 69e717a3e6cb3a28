//! Openbravo module versions: `major1.major2.minor` with an optional fourth part.
//!
//! Versions compare part by part as integers; a missing fourth part counts as 0, so `1.2.3`
//! and `1.2.3.0` are equal. Parsing is strict: only ASCII digits and dots, three or four parts,
//! each part within `u32`, at most [`MAX_VERSION_LEN`] bytes. No input panics.

use core::cmp::Ordering;
use core::fmt;

use crate::base::text::quoted;

use crate::base::limits::MAX_VERSION_LEN;

/// A parsed module version, e.g. `3.0.20991` or `1.8.4503.2`.
#[derive(Clone, Copy, Debug)]
pub struct ModuleVersion {
    parts: [u32; 4],
    /// How many parts the text had (3 or 4); only affects how it is displayed.
    given: u8,
}

/// Why a text is not a module version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionError {
    /// The text is empty.
    Empty,
    /// The text is longer than [`MAX_VERSION_LEN`] bytes.
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// A character other than an ASCII digit or a dot (spaces, signs, other digits, ...).
    InvalidChar {
        /// The character found.
        ch: char,
        /// Its position in characters, counting from 1.
        position: usize,
    },
    /// Two dots in a row, or a dot at the start or end.
    EmptyPart {
        /// Which part, counting from 1.
        part: usize,
    },
    /// Fewer than three parts.
    TooFewParts {
        /// How many parts were found.
        found: usize,
    },
    /// More than four parts.
    TooManyParts {
        /// How many parts were found.
        found: usize,
    },
    /// A part larger than 4294967295.
    PartOutOfRange {
        /// Which part, counting from 1.
        part: usize,
    },
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const EXPECTED: &str = "; expected 3 or 4, like 3.0.20991";
        match self {
            Self::Empty => f.write_str("empty version"),
            Self::TooLong { len } => {
                write!(f, "version is {len} bytes long (limit {MAX_VERSION_LEN})")
            }
            Self::InvalidChar { ch, position } => write!(
                f,
                "invalid character {} at position {position}: a version has only ASCII digits and dots",
                quoted(ch.encode_utf8(&mut [0; 4]))
            ),
            Self::EmptyPart { part } => write!(f, "part {part} of the version is empty"),
            Self::TooFewParts { found } => write!(f, "version has {found} part(s){EXPECTED}"),
            Self::TooManyParts { found } => write!(f, "version has {found} parts{EXPECTED}"),
            Self::PartOutOfRange { part } => {
                write!(f, "part {part} of the version is above {}", u32::MAX)
            }
        }
    }
}

impl std::error::Error for VersionError {}

impl ModuleVersion {
    /// Builds a three-part version.
    pub const fn new(major1: u32, major2: u32, minor: u32) -> Self {
        Self { parts: [major1, major2, minor, 0], given: 3 }
    }

    /// Builds a four-part version.
    pub const fn new4(major1: u32, major2: u32, minor: u32, fourth: u32) -> Self {
        Self { parts: [major1, major2, minor, fourth], given: 4 }
    }

    /// Parses a version text strictly (see the module documentation).
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        if text.is_empty() {
            return Err(VersionError::Empty);
        }
        if text.len() > MAX_VERSION_LEN {
            return Err(VersionError::TooLong { len: text.len() });
        }
        if let Some((index, ch)) =
            text.chars().enumerate().find(|(_, c)| !c.is_ascii_digit() && *c != '.')
        {
            return Err(VersionError::InvalidChar { ch, position: index + 1 });
        }
        let found = text.split('.').count();
        if found > 4 {
            return Err(VersionError::TooManyParts { found });
        }
        let mut parts = [0u32; 4];
        for (index, piece) in text.split('.').enumerate() {
            if piece.is_empty() {
                return Err(VersionError::EmptyPart { part: index + 1 });
            }
            let mut value: u32 = 0;
            for digit in piece.bytes() {
                value = value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(u32::from(digit - b'0')))
                    .ok_or(VersionError::PartOutOfRange { part: index + 1 })?;
            }
            parts[index] = value;
        }
        if found < 3 {
            return Err(VersionError::TooFewParts { found });
        }
        Ok(Self { parts, given: found as u8 })
    }

    /// The four parts, the fourth 0 when the text had three.
    pub const fn parts(&self) -> [u32; 4] {
        self.parts
    }
}

impl core::str::FromStr for ModuleVersion {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl PartialEq for ModuleVersion {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for ModuleVersion {}

impl core::hash::Hash for ModuleVersion {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.parts.hash(state);
    }
}

impl PartialOrd for ModuleVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ModuleVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

/// Canonical form: the given number of parts, without leading zeros.
impl fmt::Display for ModuleVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, part) in self.parts[..usize::from(self.given)].iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}
