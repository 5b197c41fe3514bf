//! Every file the command line reads or writes goes through here, and the one rule for finding
//! the profile pack.

use std::path::{Path, PathBuf};

use attrib::{Case, Error, Pack, Result};

// The library reads gzip natively only (see `read_maybe_gz`).
#[cfg(not(target_arch = "wasm32"))]
use attrib::packer::{gunzip, stix::MAX_BUNDLE_BYTES};

/// A file's bytes; a directory is refused in words.
pub fn read(path: impl AsRef<Path>) -> Result<Vec<u8>> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(&shown, e))?;
    if meta.is_dir() {
        return Err(Error::io(&shown, "is a directory, expected a file"));
    }
    std::fs::read(path).map_err(|e| Error::io(&shown, e))
}

/// A UTF-8 text file.
pub fn read_text(path: impl AsRef<Path>) -> Result<String> {
    let path = path.as_ref();
    utf8(read(path)?, path)
}

/// A file's bytes, gunzipped (up to the STIX bundle limit) when they start with the gzip magic
/// bytes.
pub fn read_maybe_gz(path: impl AsRef<Path>) -> Result<Vec<u8>> {
    let path = path.as_ref();
    let bytes = read(path)?;
    // The command line is native; this keeps the binary compiling for the wasm32 test target.
    #[cfg(not(target_arch = "wasm32"))]
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        gunzip(&bytes, &path.display().to_string(), MAX_BUNDLE_BYTES)?
    } else {
        bytes
    };
    Ok(bytes)
}

/// A UTF-8 text file, gunzipped when it is compressed.
pub fn read_text_maybe_gz(path: impl AsRef<Path>) -> Result<String> {
    let path = path.as_ref();
    utf8(read_maybe_gz(path)?, path)
}

/// Text that must be UTF-8, named by the file it came from.
pub fn utf8(bytes: Vec<u8>, path: &Path) -> Result<String> {
    String::from_utf8(bytes)
        .map_err(|_| Error::input(format!("{}: not utf-8 text", path.display())))
}

/// Write `text` (or bytes) to `path`, creating its folder.
pub fn write(path: impl AsRef<Path>, text: impl AsRef<[u8]>) -> Result<()> {
    let path = path.as_ref();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(&dir.display().to_string(), e))?;
    }
    std::fs::write(path, text.as_ref()).map_err(|e| Error::io(&path.display().to_string(), e))
}

/// A case file, parsed; its errors name the file.
pub fn load_case(path: &str) -> Result<Case> {
    Case::from_json(&read(path)?).map_err(|e| e.context(path))
}

/// The profile pack, JSON or binary: `--profiles`, then `$ATTRIB_PACK`, then `build/pack.json`
/// here or beside the binary.
pub fn load_pack(flag: Option<&str>) -> Result<(Pack, String)> {
    let path = pack_path(flag)?;
    let shown = path.display().to_string();
    let pack = Pack::from_bytes(&read(&path)?).map_err(|e| e.context(&shown))?;
    Ok((pack, shown))
}

fn pack_path(flag: Option<&str>) -> Result<PathBuf> {
    if let Some(p) = flag
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("ATTRIB_PACK").map(PathBuf::from))
    {
        return Ok(p);
    }
    let mut candidates = vec![PathBuf::from("build/pack.json")];
    if let Ok(exe) = std::env::current_exe() {
        // target/{debug,release}/attrib -> the repository
        if let Some(root) = exe.parent().and_then(Path::parent).and_then(Path::parent) {
            candidates.push(root.join("build/pack.json"));
        }
    }
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| {
        Error::input("no profile pack found: run `make pack` or pass --profiles FILE")
    })
}

/// `$ATTRIB_CACHE`, or `~/.cache/attrib`: where `scripts/setup.sh` puts the data wheels.
pub fn cache_dir() -> PathBuf {
    match std::env::var_os("ATTRIB_CACHE") {
        Some(c) if !c.is_empty() => PathBuf::from(c),
        _ => {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            home.join(".cache").join("attrib")
        }
    }
}

/// The last part of a path, as text.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
