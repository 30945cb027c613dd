//! Reading inputs (bytes to decoded text, errors that name the file) and writing files and reports
//! atomically.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use dockwright::Encoding;

/// One decoded input.
pub struct Source {
    /// The name shown in output: the path as given, or `<stdin>` (or `--stdin-filename`).
    pub name: String,
    pub text: String,
    pub encoding: Encoding,
}

/// Reads and decodes `path`; `-` is standard input, reported as `stdin_name`.
pub fn read(path: &Path, stdin_name: &str) -> Result<Source, String> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("{stdin_name}: {e}"))?;
        (stdin_name.to_string(), buf)
    } else {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {}", describe_io(&e)))?;
        (name, bytes)
    };
    let decoded = dockwright::decode(&bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok(Source { text: decoded.text.into_owned(), encoding: decoded.encoding, name })
}

/// A short description for the errors users meet most, the full one otherwise.
pub fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => e.to_string(),
    }
}

/// A file being written next to its destination, renamed over it on [`AtomicFile::commit`] so an
/// interrupted run never leaves a half-written Dockerfile or report behind.
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    /// `None` once committed.
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<AtomicFile, String> {
        let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let file_name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(".{file_name}.dockwright-{}.tmp", std::process::id()));
        let file = File::create(&tmp).map_err(|e| format!("{}: {}", dest.display(), describe_io(&e)))?;
        Ok(AtomicFile { tmp, dest: dest.to_path_buf(), file: Some(BufWriter::new(file)) })
    }

    /// Flushes, keeps the permissions of the file it replaces, and renames it into place.
    pub fn commit(mut self) -> Result<(), String> {
        let file = self.file.take().ok_or_else(|| format!("{}: already written", self.dest.display()))?;
        let result = file.into_inner().map_err(|e| e.into_error()).and_then(|f| {
            if let Ok(meta) = std::fs::metadata(&self.dest) {
                f.set_permissions(meta.permissions())?;
            }
            drop(f);
            std::fs::rename(&self.tmp, &self.dest)
        });
        result.map_err(|e| {
            let _ = std::fs::remove_file(&self.tmp);
            format!("{}: writing failed: {e}", self.dest.display())
        })
    }

    fn writer(&mut self) -> std::io::Result<&mut BufWriter<File>> {
        self.file.as_mut().ok_or_else(|| std::io::Error::other("already committed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer()?.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Not committed (an error, or a panic): leave the destination as it was.
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|e| format!("{}: writing failed: {e}", path.display()))?;
    file.commit()
}
