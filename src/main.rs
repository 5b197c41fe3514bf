//! The `attrib` command line: a thin face over the library.
fn main() {}
