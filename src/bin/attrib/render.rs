//! `attrib render`: the prerendered verdict of a case (the flagship, for `make www`) as the static
//! HTML block the page shows readers without JavaScript, on stdout or written into a page between
//! its markers.

use std::ffi::OsString;

use attrib::prerender;
use attrib::{Error, Result};

use crate::args::{CaseFlags, Parsed};
use crate::files::{load_case, read_text, write};

const USAGE: &str = "usage: attrib render CASE.json [--profiles PACK] [--into PAGE.html [--check]]

Scores the case as the report page first does (its options, the case's seed and samples) and
writes the verdict as a static HTML <noscript> block: on stdout, or with --into between the
page's markers, replacing what is there (the page is rewritten only if the block changed).
With --check nothing is written: exit 1 if the page's block is not the one the engine gives.
`make www` runs: attrib render data/cases/kr-exchanges-2017.json --into www/index.html";

/// `attrib render CASE [--profiles PACK] [--into PAGE [--check]]`.
pub fn run(words: Vec<OsString>) -> Result<String> {
    let f = match CaseFlags::parse(words, &["--profiles", "--into", "--check"])? {
        Parsed::Run(f) => f,
        Parsed::Help => return Ok(crate::score::usage(USAGE)),
    };
    let path = f.one_case("render")?;
    if f.check && f.into.is_none() {
        return Err(Error::usage("render: --check goes with --into"));
    }
    let case = load_case(path)?;
    let index = crate::score::index(&f)?;
    let block = prerender::render(&case, &index).map_err(|e| e.context(path))?;
    let Some(page_path) = f.into.as_deref() else {
        return Ok(block);
    };
    let page = read_text(page_path)?;
    let updated = prerender::splice(&page, &block).map_err(|e| e.context(page_path))?;
    if updated == page {
        return Ok(format!("{page_path}: the prerendered verdict is current\n"));
    }
    if f.check {
        return Err(Error::input(format!(
            "{page_path}: the prerendered verdict is out of date: run `make www`"
        )));
    }
    write(page_path, &updated)?;
    Ok(format!(
        "{page_path}: wrote the prerendered verdict of {path}\n"
    ))
}
