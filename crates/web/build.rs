//! Embeds the interface text and the templates: lists every `locales/<locale>/<area>.ftl`
//! and every `templates/<area>/<name>.html` into `$OUT_DIR/embedded.rs`, so that a new
//! locale is a folder dropped into `locales/` and a new page a file dropped into its area's
//! folder, with no list to edit. Nothing here reads the files' contents: `include_str!`
//! does, so Cargo rebuilds when one changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, ext, out)?;
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn main() -> std::io::Result<()> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut code = String::new();
    for (konst, dir, ext) in [
        ("CATALOGUE_FILES", "locales", "ftl"),
        ("TEMPLATE_FILES", "templates", "html"),
    ] {
        let root = manifest.join(dir);
        println!("cargo:rerun-if-changed={}", root.display());
        let mut found = Vec::new();
        files(&root, ext, &mut found)?;
        found.sort();
        let _ = writeln!(code, "pub const {konst}: &[(&str, &str)] = &[");
        for path in &found {
            let _ = writeln!(
                code,
                "    ({:?}, include_str!({:?})),",
                relative(&root, path),
                path.display().to_string()
            );
        }
        code.push_str("];\n");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    std::fs::write(out, code)
}
