//! Attachments' rules (issue 13, the portal's attachments on cases): which types are accepted,
//! told by the bytes and not only by the name; a file name made safe to store and to send back
//! in a header; sizes as people write them. Pure functions: the app layer stores the bytes.

/// A type of file Lifeline accepts as an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
    Docx,
    Xlsx,
}

impl FileType {
    pub const ALL: [FileType; 5] = [
        FileType::Pdf,
        FileType::Jpeg,
        FileType::Png,
        FileType::Docx,
        FileType::Xlsx,
    ];

    /// The name used in configuration and stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpeg",
            FileType::Png => "png",
            FileType::Docx => "docx",
            FileType::Xlsx => "xlsx",
        }
    }

    /// Reads a configured type: `pdf`, `jpg` or `jpeg`, `png`, `docx`, `xlsx`.
    pub fn parse(s: &str) -> Option<FileType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Some(FileType::Pdf),
            "jpg" | "jpeg" => Some(FileType::Jpeg),
            "png" => Some(FileType::Png),
            "docx" => Some(FileType::Docx),
            "xlsx" => Some(FileType::Xlsx),
            _ => None,
        }
    }

    /// The media type a download is sent with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Png => &["png"],
            FileType::Docx => &["docx"],
            FileType::Xlsx => &["xlsx"],
        }
    }
}

/// Why a file is refused; `code()` is stable and an i18n key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {0}")]
    TooLarge(String),
    #[error("files of this type are not accepted; send {0}")]
    TypeNotAllowed(String),
    #[error("the file's content is not what its name says ({0})")]
    ContentMismatch(String),
}

impl FileError {
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Empty => "file_empty",
            FileError::TooLarge(_) => "file_too_large",
            FileError::TypeNotAllowed(_) => "file_type_not_allowed",
            FileError::ContentMismatch(_) => "file_content_mismatch",
        }
    }
}

const ZIP: &[u8] = b"PK\x03\x04";

/// What the bytes are, by their magic number. A ZIP is a docx or xlsx only by its name.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF") {
        Some("pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpeg")
    } else if bytes.starts_with(&[0x89, 0x50, 0x4E, 0x47]) {
        Some("png")
    } else if bytes.starts_with(ZIP) {
        Some("zip")
    } else {
        None
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The type of an upload named `name` with content `bytes`, if it is one of `allowed`: the
/// name's extension picks the type and the bytes must carry its magic number (a `.pdf` that
/// is a PNG is refused).
pub fn classify(name: &str, bytes: &[u8], allowed: &[FileType]) -> Result<FileType, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    let ext = extension(name);
    let list = || {
        allowed
            .iter()
            .flat_map(|t| t.extensions().iter().copied())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(t) = allowed
        .iter()
        .copied()
        .find(|t| t.extensions().contains(&ext.as_str()))
    else {
        return Err(FileError::TypeNotAllowed(list()));
    };
    let expected = match t {
        FileType::Docx | FileType::Xlsx => "zip",
        other => other.as_str(),
    };
    match sniff(bytes) {
        Some(s) if s == expected => Ok(t),
        Some(s) => Err(FileError::ContentMismatch(format!(
            "named .{ext}, but its content is {s}"
        ))),
        None => Err(FileError::ContentMismatch(format!(
            "named .{ext}, but its content is not"
        ))),
    }
}

/// A file name safe to store and to send back: no folders, no control characters, none of
/// `\ / : * ? " < > |`, no leading dots, at most 120 characters (keeping the extension).
pub fn sanitise_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_control() || "\\/:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    let cleaned = if cleaned.is_empty() {
        "file".to_owned()
    } else {
        cleaned
    };
    if cleaned.chars().count() <= 120 {
        return cleaned;
    }
    let ext = extension(&cleaned);
    let keep = 120 - ext.chars().count() - 1;
    let stem: String = cleaned.chars().take(keep).collect();
    format!("{stem}.{ext}")
}

/// A size as people write it: `512 B`, `12.3 KB`, `4.5 MB` (1 KB = 1024 bytes).
pub fn human_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    // Tenths, rounded: integer arithmetic, so 10 MB shows as "10 MB" exactly.
    let tenths = |unit: u64| (bytes * 10 + unit / 2) / unit;
    let show = |t: u64, u: &str| {
        if t.is_multiple_of(10) {
            format!("{} {u}", t / 10)
        } else {
            format!("{}.{} {u}", t / 10, t % 10)
        }
    };
    if bytes < KB {
        format!("{bytes} B")
    } else if bytes < MB {
        show(tenths(KB), "KB")
    } else {
        show(tenths(MB), "MB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    #[test]
    fn the_name_picks_the_type_and_the_bytes_must_agree() {
        let all = FileType::ALL;
        assert_eq!(classify("a.pdf", b"%PDF-1.7", &all), Ok(FileType::Pdf));
        assert_eq!(classify("A.PNG", PNG, &all), Ok(FileType::Png));
        assert_eq!(
            classify("x.jpg", &[0xFF, 0xD8, 0xFF, 0xE0], &all),
            Ok(FileType::Jpeg)
        );
        assert_eq!(
            classify("t.xlsx", b"PK\x03\x04..", &all),
            Ok(FileType::Xlsx)
        );
        assert_eq!(
            classify("t.docx", b"PK\x03\x04..", &all),
            Ok(FileType::Docx)
        );
        assert_eq!(
            classify("a.pdf", PNG, &all).map_err(|e| e.code()),
            Err("file_content_mismatch")
        );
        assert_eq!(
            classify("a.exe", b"MZ", &all).map_err(|e| e.code()),
            Err("file_type_not_allowed")
        );
        assert_eq!(
            classify("a.zip", b"PK\x03\x04", &all).map_err(|e| e.code()),
            Err("file_type_not_allowed")
        );
        assert_eq!(
            classify("a.pdf", b"", &all).map_err(|e| e.code()),
            Err("file_empty")
        );
        assert_eq!(
            classify("a.png", PNG, &[FileType::Pdf]).map_err(|e| e.code()),
            Err("file_type_not_allowed")
        );
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(sanitise_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitise_name("C:\\Users\\a\\报告.pdf"), "报告.pdf");
        assert_eq!(sanitise_name("a\"b\r\n.pdf"), "a_b__.pdf");
        assert_eq!(sanitise_name(".hidden.pdf"), "hidden.pdf");
        assert_eq!(sanitise_name("  "), "file");
        let long = format!("{}.pdf", "x".repeat(300));
        let s = sanitise_name(&long);
        assert_eq!(s.chars().count(), 120);
        assert!(s.ends_with(".pdf"));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1 KB");
        assert_eq!(human_size(12_595), "12.3 KB");
        assert_eq!(human_size(10 * 1024 * 1024), "10 MB");
        assert_eq!(human_size(4_718_592), "4.5 MB");
    }
}
