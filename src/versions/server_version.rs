//! The server version: one number computed from the versions of all installed modules.
//!
//! # Formula
//! For the installed modules `m` with version parts `(a, b, c, d)` (`d` = 0 when absent):
//!
//! ```text
//! number      = (Σ a) . (Σ b) . (Σ c) [. (Σ d)]        compared part by part, like a version
//! fingerprint = FNV-1a-64 over "id \0 a.b.c.d \n" for every module, sorted by id
//! shown as      "<number> #<first 8 hex digits of the fingerprint>", e.g. "7.11.47935 #3f09a1c2"
//! ```
//!
//! The fourth sum is shown only when it is not 0.
//!
//! # Why it never goes down
//! Comparing part sums lexicographically is an ordered group on integer vectors. Upgrading a
//! module adds the difference `new - old` to the sums, and that difference is lexicographically
//! positive (the first differing part went up), so the number goes up, even when later parts
//! reset (`1.9.0` → `2.0.0` is `+1, -9, 0`). Installing a module adds non-negative parts, so
//! the number never goes down. Each sum is at most 10 000 × (2^32 − 1) < 2^46, so `u64` never
//! overflows within [`MAX_MODULES`](crate::base::limits::MAX_MODULES).
//!
//! # Why two different servers show different values
//! The number alone can collide (`A 1.0.1 + B 1.0.0` and `A 1.0.0 + B 1.0.1` sum alike), so the
//! value also carries a 64-bit fingerprint of the exact (module id, version) list. Two servers
//! are equal only when number, module count and fingerprint are all equal; for module lists that
//! differ, a fingerprint collision has probability about 2^-64 per pair (a short 8-hex-digit form
//! is shown to people; the full 64 bits are what is compared). The fingerprint is a stable,
//! specified function, so a server and the guard compute the same value.

use core::fmt;

use crate::versions::module::{Module, ModuleSet};

/// The ordered part of a server version: the sums of each version part over all modules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionNumber(pub [u64; 4]);

impl VersionNumber {
    /// The sums over `modules`.
    pub fn of<'a>(modules: impl IntoIterator<Item = &'a Module>) -> Self {
        let mut sums = [0u64; 4];
        for module in modules {
            for (sum, part) in sums.iter_mut().zip(module.version.parts()) {
                // Cannot overflow within the module-count limit; saturate rather than panic
                // should a caller ever pass more.
                *sum = sum.saturating_add(u64::from(part));
            }
        }
        Self(sums)
    }
}

/// `a.b.c`, or `a.b.c.d` when the fourth sum is not zero.
impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = if self.0[3] == 0 { &self.0[..3] } else { &self.0[..] };
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

/// A server's version: the ordered number plus a fingerprint of its exact module list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ServerVersion {
    /// The ordered part: a higher number means a newer server.
    pub number: VersionNumber,
    /// How many modules are installed.
    pub module_count: u32,
    /// FNV-1a-64 of the sorted (module id, version) list.
    pub fingerprint: u64,
}

impl ServerVersion {
    /// Computes the server version of a validated module set.
    pub fn of(modules: &ModuleSet) -> Self {
        let mut hash = Fnv1a64::new();
        for module in modules.modules() {
            hash.write(module.id.as_bytes());
            hash.write(&[0]);
            for (index, part) in module.version.parts().iter().enumerate() {
                if index > 0 {
                    hash.write(b".");
                }
                hash.write(part.to_string().as_bytes());
            }
            hash.write(b"\n");
        }
        Self {
            number: VersionNumber::of(modules.modules()),
            module_count: u32::try_from(modules.len()).unwrap_or(u32::MAX),
            fingerprint: hash.finish(),
        }
    }

    /// The short fingerprint shown to people: its first 8 hexadecimal digits.
    pub fn short_fingerprint(&self) -> String {
        format!("{:08x}", self.fingerprint >> 32)
    }
}

/// The number and the short fingerprint, e.g. `3.0.20991 #1a2b3c4d`.
impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} #{}", self.number, self.short_fingerprint())
    }
}

/// The 64-bit FNV-1a hash (public domain, fixed constants), stable across platforms and builds.
struct Fnv1a64(u64);

impl Fnv1a64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Self(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
