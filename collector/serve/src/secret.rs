//! The files the agent's and the collector's command lines name for a secret (a database URL
//! with its password, central's credential, the metrics credential): read whole, trimmed, so
//! that a secret never has to stand on a command line, where every local user sees it.

use std::path::Path;

/// The text of the file `path` named by `flag`, trimmed; `None` when it is empty. An unreadable
/// file is said with the flag and the path.
pub fn secret_file(flag: &str, path: &Path) -> Result<Option<String>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("{flag} {}: {e}", path.display()))?;
    Ok(Some(text.trim().to_owned()).filter(|t| !t.is_empty()))
}

/// The same, where the secret is required: an empty file is refused, in words.
pub fn required_secret_file(flag: &str, path: &Path) -> Result<String, String> {
    secret_file(flag, path)?.ok_or_else(|| format!("{flag} {} is empty", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_trimmed_and_an_empty_or_missing_file_is_said() {
        let dir = std::env::temp_dir().join(format!("secret-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (full, empty) = (dir.join("full"), dir.join("empty"));
        std::fs::write(&full, " s3cret\n").unwrap();
        std::fs::write(&empty, "\n").unwrap();
        assert_eq!(required_secret_file("--token-file", &full).unwrap(), "s3cret");
        assert_eq!(secret_file("--token-file", &empty).unwrap(), None);
        let said = required_secret_file("--token-file", &empty).unwrap_err();
        assert_eq!(said, format!("--token-file {} is empty", empty.display()));
        let said = secret_file("--token-file", &dir.join("none")).unwrap_err();
        assert!(said.starts_with(&format!("--token-file {}: ", dir.join("none").display())));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
