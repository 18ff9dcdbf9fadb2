//! Reading inputs: files, directories (walked in sorted order) and `-` for
//! standard input; decoding to text with every problem located.

use std::borrow::Cow;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};

/// Bytes looked at to tell a binary file.
const BINARY_PROBE: usize = 8192;
/// Invalid UTF-8 sequences reported one by one before a summary.
const MAX_UTF8_REPORTS: usize = 20;

/// Where an input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Source {
    /// The name used in output and messages (`-` for standard input).
    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => "-".to_owned(),
        }
    }
}

/// An input that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The file holds binary data, not text.
    #[error("{path}: binary file (NUL byte at byte offset {offset}); not parsed")]
    Binary {
        /// The path as given.
        path: String,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The file is empty.
    #[error("{path}: empty file (0 bytes); nothing to parse")]
    Empty {
        /// The path as given.
        path: String,
    },
    /// Not a regular file (a socket, a device, a dangling link).
    #[error("{path}: not a regular file; skipped")]
    NotAFile {
        /// The path as given.
        path: String,
    },
}

impl InputError {
    /// The path the error is about.
    pub fn path(&self) -> &str {
        match self {
            InputError::Io { path, .. }
            | InputError::Binary { path, .. }
            | InputError::Empty { path }
            | InputError::NotAFile { path } => path,
        }
    }
}

/// Expand the paths a user gave: directories are walked recursively (files
/// in sorted order, hidden entries skipped); `-` is standard input. Paths
/// that cannot be listed come back as errors, in order with the rest.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<Source, InputError>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Source::Stdin));
        } else if path.is_dir() {
            walk(path, &mut out);
        } else {
            out.push(Ok(Source::File(path.clone())));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<Source, InputError>>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            out.push(Err(InputError::Io {
                path: dir.display().to_string(),
                source,
            }));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    paths.sort();
    for path in paths {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, out),
            Ok(meta) if meta.is_file() => out.push(Ok(Source::File(path))),
            Ok(_) => match fs::metadata(&path) {
                Ok(target) if target.is_file() => out.push(Ok(Source::File(path))),
                Ok(target) if target.is_dir() => {} // links to directories are not followed
                Ok(_) => out.push(Err(InputError::NotAFile {
                    path: path.display().to_string(),
                })),
                Err(source) => out.push(Err(InputError::Io {
                    path: path.display().to_string(),
                    source,
                })),
            },
            Err(source) => out.push(Err(InputError::Io {
                path: path.display().to_string(),
                source,
            })),
        }
    }
}

/// Read the bytes of a source, refusing empty and binary inputs.
pub fn read(source: &Source) -> Result<Vec<u8>, InputError> {
    let name = source.name();
    let bytes = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| InputError::Io {
                    path: name.clone(),
                    source: e,
                })?;
            buf
        }
        Source::File(path) => {
            let meta = fs::metadata(path).map_err(|e| InputError::Io {
                path: name.clone(),
                source: e,
            })?;
            if !meta.is_file() {
                return Err(InputError::NotAFile { path: name });
            }
            fs::read(path).map_err(|e| InputError::Io {
                path: name.clone(),
                source: e,
            })?
        }
    };
    check_text(&name, &bytes)?;
    Ok(bytes)
}

/// Refuse empty input and binary data (a NUL byte near the start, unless
/// the input is UTF-16 with a byte-order mark).
pub fn check_text(name: &str, bytes: &[u8]) -> Result<(), InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty {
            path: name.to_owned(),
        });
    }
    if utf16_order(bytes).is_none() {
        let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
        if let Some(offset) = memchr::memchr(0, probe) {
            return Err(InputError::Binary {
                path: name.to_owned(),
                offset,
            });
        }
    }
    Ok(())
}

/// `Some(true)` for UTF-16 little-endian with BOM, `Some(false)` for big-endian.
fn utf16_order(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// Decode bytes to text. Valid UTF-8 is borrowed as is; UTF-16 with a BOM is
/// converted; invalid UTF-8 is replaced by U+FFFD and each bad sequence is
/// reported with its byte offset in the original bytes.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Vec<Diagnostic>) {
    if let Some(little) = utf16_order(bytes) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if little {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        let text = String::from_utf16_lossy(&units);
        let note = Diagnostic {
            severity: Severity::Info,
            code: "utf16".into(),
            message: "UTF-16 input converted to UTF-8; spans are offsets into the converted text"
                .into(),
            offset: 0,
            line: 1,
            column: 1,
        };
        return (Cow::Owned(text), vec![note]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), Vec::new()),
        Err(_) => decode_lossy(bytes),
    }
}

/// Decode owned bytes to owned text; valid UTF-8 is taken over without a
/// copy. Otherwise as [`decode`].
pub fn decode_owned(bytes: Vec<u8>) -> (String, Vec<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(error) => {
            let (text, diagnostics) = decode(error.as_bytes());
            (text.into_owned(), diagnostics)
        }
    }
}

fn decode_lossy(bytes: &[u8]) -> (Cow<'_, str>, Vec<Diagnostic>) {
    let mut text = String::with_capacity(bytes.len());
    let mut bad = Vec::new();
    let mut rest = bytes;
    let mut consumed = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                text.push_str(valid);
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                text.push_str(std::str::from_utf8(valid).expect("checked valid"));
                let skip = e.error_len().unwrap_or(after.len());
                bad.push((consumed + valid.len(), text.len()));
                text.push('\u{FFFD}');
                consumed += valid.len() + skip;
                rest = &after[skip..];
            }
        }
    }
    let mut diagnostics: Vec<Diagnostic> = bad
        .iter()
        .take(MAX_UTF8_REPORTS)
        .map(|&(byte, at)| {
            let mut d = Diagnostic::at(
                &text,
                at,
                Severity::Warning,
                "invalid-utf8",
                format!("invalid UTF-8 at byte offset {byte}; replaced by U+FFFD"),
            );
            d.offset = byte;
            d
        })
        .collect();
    if bad.len() > MAX_UTF8_REPORTS {
        diagnostics.push(Diagnostic::at(
            &text,
            bad[MAX_UTF8_REPORTS].1,
            Severity::Warning,
            "invalid-utf8",
            format!(
                "{} more invalid UTF-8 sequences replaced by U+FFFD",
                bad.len() - MAX_UTF8_REPORTS
            ),
        ));
    }
    (Cow::Owned(text), diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_borrowed() {
        let (text, diags) = decode("héllo".as_bytes());
        assert!(matches!(text, Cow::Borrowed(_)));
        assert!(diags.is_empty());
    }

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"ab\ncd\xFFef\n\xC3";
        let (text, diags) = decode(bytes);
        assert_eq!(text, "ab\ncd\u{FFFD}ef\n\u{FFFD}");
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].offset, 5);
        assert_eq!((diags[0].line, diags[0].column), (2, 3));
        assert_eq!(diags[1].offset, 9);
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert!(matches!(
            check_text("e", b""),
            Err(InputError::Empty { .. })
        ));
        assert!(matches!(
            check_text("b", b"PK\x03\x04\x00\x00"),
            Err(InputError::Binary { offset: 4, .. })
        ));
        assert!(check_text("u", b"\xFF\xFEa\x00").is_ok());
    }

    #[test]
    fn utf16_is_converted() {
        let bytes = [0xFF, 0xFE, b'h', 0, b'i', 0];
        let (text, _) = decode(&bytes);
        assert_eq!(text, "hi");
    }
}
