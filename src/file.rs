//! Reading a whole regular file in as few system calls as its size allows. The loader and the
//! page rules know a file's size from the `lstat` that found it, so a community file or a
//! README is one `open`, one `read` and one `close` (a check reads 10,000 of each).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The bytes of the regular file at `path`, `size` bytes as far as its `lstat` knew; at most
/// `limit + 1` of them, so that the caller can tell a file that is too large.
///
/// A regular file reads short only at its end (cop installs no signal handler that could
/// interrupt a read part-way), so a read that leaves the buffer's last byte unfilled ends it;
/// a file that grew since its `lstat` fills the buffer, which then grows.
pub fn read(path: &Path, size: u64, limit: u64) -> io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    let cap = usize::try_from(limit).unwrap_or(usize::MAX - 1) + 1;
    let mut bytes = vec![0; usize::try_from(size).map_or(cap, |s| s.saturating_add(1).min(cap))];
    let mut filled = 0;
    loop {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
        if filled < bytes.len() || bytes.len() == cap {
            break;
        }
        let grown = bytes.len().saturating_mul(2).min(cap);
        bytes.resize(grown, 0);
    }
    bytes.truncate(filled);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_whole_file_whatever_size_it_was_said_to_have() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let text: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        for size in [0, 1, 4999, 5000, 5001, 1 << 20] {
            assert_eq!(read(&path, size, 1 << 20).unwrap(), text, "{size}");
        }
        // At most one byte beyond the limit, for the caller to refuse.
        assert_eq!(read(&path, 5000, 100).unwrap(), text[..101]);
        assert_eq!(read(&path, 10, 4999).unwrap(), text[..5000]);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(read(&path, 0, 10).unwrap(), b"");
        assert!(read(&dir.path().join("missing"), 0, 10).is_err());
    }
}
