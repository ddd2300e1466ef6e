//! The committed completions/ and man/ must be exactly what the clap definitions generate.

use std::path::Path;

#[test]
fn generated_files_are_in_sync() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    let mut expected = std::collections::BTreeSet::new();
    for (rel, contents) in connectors::cli::docs::render() {
        expected.insert(rel.clone());
        if std::fs::read(root.join(&rel)).ok().as_deref() != Some(contents.as_slice()) {
            stale.push(rel.display().to_string());
        }
    }
    for dir in ["completions", "man"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("generated directory exists") {
            let rel = Path::new(dir).join(entry.unwrap().file_name());
            if !expected.contains(&rel) {
                stale.push(format!("{} (no longer generated)", rel.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "out of date: {stale:?}; run `cargo run -- generate-docs` and commit"
    );
}

#[test]
fn the_man_page_documents_exit_codes() {
    let pages = connectors::cli::docs::render();
    let (_, top) = pages
        .iter()
        .find(|(p, _)| p.ends_with("connectors.1"))
        .expect("top man page");
    let text = String::from_utf8_lossy(top);
    assert!(text.contains("Exit codes"));
    assert!(text.contains("vault or key problem"));
}
