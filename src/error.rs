//! The one error type of the crate.
//!
//! Every fallible operation in Attrib returns [`Error`]. Messages are lowercase, name *where* the
//! problem is (a JSON path such as `$.observations[3].kind`, an observation index, a STIX object ID or
//! a file) and *what was expected*, and fit on one line. Tests compare them by exact text, so a change
//! of wording is a visible change of behaviour.

use std::fmt;

/// What went wrong, in broad classes that decide exit codes and JS error names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The input (case file, profile pack, STIX bundle, setting) is malformed or out of range.
    Input,
    /// The command line was used wrongly.
    Usage,
    /// Reading or writing a file failed.
    Io,
}

/// An error with a one-line, lowercase, human-readable message.
///
/// ```
/// use attrib::Error;
/// let err = Error::input("$.attrib: expected the number 1, found 2");
/// assert_eq!(err.to_string(), "$.attrib: expected the number 1, found 2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// An error in the input data.
    ///
    /// ```
    /// let e = attrib::Error::input("bad");
    /// assert_eq!(e.kind(), attrib::ErrorKind::Input);
    /// ```
    pub fn input(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Input,
            message: one_line(message.into()),
        }
    }

    /// A command-line usage error.
    ///
    /// ```
    /// assert_eq!(attrib::Error::usage("no command").kind(), attrib::ErrorKind::Usage);
    /// ```
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Usage,
            message: one_line(message.into()),
        }
    }

    /// A file-system error, with the path it concerns.
    ///
    /// ```
    /// let e = attrib::Error::io("case.json", "no such file or directory");
    /// assert_eq!(e.to_string(), "case.json: no such file or directory");
    /// ```
    pub fn io(path: &str, detail: impl fmt::Display) -> Self {
        let detail = detail.to_string();
        // std's messages look like "No such file or directory (os error 2)": keep them lowercase
        // and drop the errno suffix, which helps nobody.
        let detail = detail
            .split(" (os error")
            .next()
            .unwrap_or("")
            .to_lowercase();
        Error {
            kind: ErrorKind::Io,
            message: one_line(format!("{path}: {detail}")),
        }
    }

    /// The class of the error.
    ///
    /// ```
    /// assert_eq!(attrib::Error::input("x").kind(), attrib::ErrorKind::Input);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without any prefix.
    ///
    /// ```
    /// assert_eq!(attrib::Error::input("x").message(), "x");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error with `context: ` put in front of its message.
    ///
    /// ```
    /// let e = attrib::Error::input("bad value").context("pack.json");
    /// assert_eq!(e.to_string(), "pack.json: bad value");
    /// ```
    pub fn context(self, context: impl fmt::Display) -> Self {
        Error {
            kind: self.kind,
            message: format!("{context}: {}", self.message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Collapse any line breaks so that every message is exactly one line.
fn one_line(s: String) -> String {
    if s.contains(['\n', '\r']) {
        s.split(['\n', '\r'])
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        s
    }
}

/// Shorthand for `Result<T, attrib::Error>`.
pub type Result<T> = std::result::Result<T, Error>;
