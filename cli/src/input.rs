//! Reading input files: bytes to decoded text, with errors that name the file.

use std::io::Read;
use std::path::Path;

use dockwright::Encoding;

/// One decoded input.
pub struct Source {
    /// The name shown in output: the path as given, or `<stdin>`.
    pub name: String,
    pub text: String,
    pub encoding: Encoding,
}

/// Reads and decodes `path` (`-` is standard input).
pub fn read(path: &Path) -> Result<Source, String> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("<stdin>: {e}"))?;
        ("<stdin>".to_string(), buf)
    } else {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {}", describe_io(&e)))?;
        (name, bytes)
    };
    let decoded = dockwright::decode(&bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok(Source { text: decoded.text.into_owned(), encoding: decoded.encoding, name })
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => e.to_string(),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, renamed over
/// the original, so an interrupted write never leaves a half-written Dockerfile. Keeps the
/// original's permissions.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.dockwright-{}.tmp", std::process::id()));
    let result = (|| {
        std::fs::write(&tmp, bytes)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: writing the fixed file failed: {e}", path.display())
    })
}
