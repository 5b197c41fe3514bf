//! The one argument parser of the command line: `lexopt` splits the words, this module turns them
//! into our flags, values and usage errors.

use std::ffi::OsString;
use std::str::FromStr;

use attrib::case::MAX_SAMPLES;
use attrib::{Error, Result};

/// One word of a subcommand's arguments.
pub enum Arg {
    /// An option as the reader typed it, with its dashes: `--json`, `-h`.
    Flag(String),
    /// A positional argument.
    Value(String),
}

/// The arguments after the subcommand's name.
pub struct Args {
    parser: lexopt::Parser,
}

impl Args {
    /// The parser over `words` (without the program and subcommand names).
    pub fn new(words: impl IntoIterator<Item = OsString>) -> Self {
        Args {
            parser: lexopt::Parser::from_args(words),
        }
    }

    /// The next word, or `None` at the end.
    pub fn next(&mut self) -> Result<Option<Arg>> {
        let arg = match self.parser.next().map_err(usage)? {
            None => return Ok(None),
            Some(lexopt::Arg::Long(name)) => Arg::Flag(format!("--{name}")),
            Some(lexopt::Arg::Short(c)) => Arg::Flag(format!("-{c}")),
            Some(lexopt::Arg::Value(v)) => Arg::Value(string(v)?),
        };
        Ok(Some(arg))
    }

    /// The value of the flag just read (the part after `=`, or the next word even when it starts
    /// with a dash), or `None` when the command line ends.
    pub fn value(&mut self) -> Result<Option<String>> {
        match self.parser.value() {
            Ok(v) => string(v).map(Some),
            Err(lexopt::Error::MissingValue { .. }) => Ok(None),
            Err(e) => Err(usage(e)),
        }
    }

    /// The value of `flag`, or "`flag` needs a value".
    pub fn required(&mut self, flag: &str) -> Result<String> {
        self.value()?
            .ok_or_else(|| Error::usage(format!("{flag} needs a value")))
    }

    /// The value of `flag` read as a number; `wrong` words the error about the text found.
    pub fn number<T: FromStr>(&mut self, flag: &str, wrong: impl Fn(&str) -> String) -> Result<T> {
        let v = self.required(flag)?;
        v.parse().map_err(|_| Error::usage(wrong(&v)))
    }
}

/// Is this flag a request for the usage text?
pub fn is_help(flag: &str) -> bool {
    flag == "--help" || flag == "-h"
}

fn string(v: OsString) -> Result<String> {
    v.into_string()
        .map_err(|v| Error::usage(format!("argument is not valid unicode: {v:?}")))
}

fn usage(e: lexopt::Error) -> Error {
    Error::usage(e.to_string())
}

/// The flags of the commands that read a case (`score`, `validate`, `export`, `render`).
#[derive(Default)]
pub struct CaseFlags {
    /// The case file(s) named.
    pub positional: Vec<String>,
    /// `--profiles PACK`.
    pub profiles: Option<String>,
    /// `--json`.
    pub json: bool,
    /// `--seed N`.
    pub seed: Option<u64>,
    /// `--samples N`.
    pub samples: Option<u32>,
    /// `--top N`.
    pub top: Option<usize>,
    /// `--stix`.
    pub stix: bool,
    /// `--navigator`.
    pub navigator: bool,
    /// `--comparison`.
    pub comparison: bool,
    /// `--hypothesis ID`.
    pub hypothesis: Option<String>,
    /// `--created RFC3339`.
    pub created: Option<String>,
    /// `--into PAGE`.
    pub into: Option<String>,
    /// `--check`.
    pub check: bool,
}

/// What a command line asks for: the work, or the command's usage text.
pub enum Parsed<T> {
    /// Run the command with these options.
    Run(T),
    /// `--help` or `-h`: print the usage.
    Help,
}

impl CaseFlags {
    /// Parse `words`, accepting only the `allowed` options (and `--help`).
    pub fn parse(
        words: impl IntoIterator<Item = OsString>,
        allowed: &[&str],
    ) -> Result<Parsed<CaseFlags>> {
        let mut f = CaseFlags::default();
        let mut args = Args::new(words);
        while let Some(arg) = args.next()? {
            let flag = match arg {
                Arg::Value(v) => {
                    f.positional.push(v);
                    continue;
                }
                Arg::Flag(flag) if is_help(&flag) => return Ok(Parsed::Help),
                Arg::Flag(flag) if allowed.contains(&flag.as_str()) => flag,
                Arg::Flag(flag) => return Err(Error::usage(format!("unknown option {flag}"))),
            };
            match flag.as_str() {
                "--profiles" => f.profiles = Some(args.required(&flag)?),
                "--json" => f.json = true,
                "--stix" => f.stix = true,
                "--navigator" => f.navigator = true,
                "--comparison" => f.comparison = true,
                "--hypothesis" => f.hypothesis = Some(args.required(&flag)?),
                "--created" => f.created = Some(args.required(&flag)?),
                "--into" => f.into = Some(args.required(&flag)?),
                "--check" => f.check = true,
                "--seed" => {
                    f.seed = Some(args.number(&flag, |v| {
                        format!(
                            "--seed: expected a whole number from 0 to {}, found {v:?}",
                            u64::MAX
                        )
                    })?)
                }
                "--samples" => {
                    let wrong = |v: &str| {
                        format!("--samples: expected a whole number from 0 to {MAX_SAMPLES}, found {v:?}")
                    };
                    let v = args.required(&flag)?;
                    f.samples = Some(
                        v.parse()
                            .ok()
                            .filter(|n| u64::from(*n) <= MAX_SAMPLES)
                            .ok_or_else(|| Error::usage(wrong(&v)))?,
                    )
                }
                "--top" => {
                    f.top = Some(args.number(&flag, |v| {
                        format!("--top: expected a whole number (0 for all), found {v:?}")
                    })?)
                }
                other => return Err(Error::usage(format!("unknown option {other}"))),
            }
        }
        Ok(Parsed::Run(f))
    }

    /// The one case file, or a usage error for `cmd`.
    pub fn one_case(&self, cmd: &str) -> Result<&str> {
        match self.positional.as_slice() {
            [p] => Ok(p),
            [] => Err(Error::usage(format!("{cmd}: missing the case file"))),
            _ => Err(Error::usage(format!(
                "{cmd}: expected one case file, found {}",
                self.positional.len()
            ))),
        }
    }
}
