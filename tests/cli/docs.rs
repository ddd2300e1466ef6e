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

/// The rows of README.md's tables between `start` and the next heading of its level, as
/// their cells.
fn readme_rows(readme: &str, start: &str) -> Vec<Vec<String>> {
    let from = readme
        .find(start)
        .unwrap_or_else(|| panic!("README.md has no `{start}`"));
    let level = start.split(' ').next().unwrap();
    let rest = &readme[from + start.len()..];
    let end = rest
        .lines()
        .scan(0usize, |at, line| {
            let here = *at;
            *at += line.len() + 1;
            Some((here, line))
        })
        .find(|(_, line)| {
            line.starts_with('#') && line.split(' ').next().unwrap().len() <= level.len()
        })
        .map(|(at, _)| at)
        .unwrap_or(rest.len());
    rest[..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("|---"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

fn backticked_code(cell: &str) -> Option<&str> {
    let code = cell.strip_prefix('`')?.split('`').next()?;
    code.chars()
        .all(|c| c.is_ascii_lowercase() || c == '_')
        .then_some(code)
}

#[test]
fn every_error_code_is_documented_and_every_documented_code_exists() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let registry = connectors::error::code::ALL;
    let table = readme_rows(&readme, "### Every error code");
    let mut documented = std::collections::BTreeMap::new();
    for row in table.iter().skip(1) {
        let code = backticked_code(&row[0]).unwrap_or_else(|| panic!("not a code: {row:?}"));
        documented.insert(code.to_string(), (row[1].clone(), row[2].clone()));
    }
    for c in registry {
        let Some((exit, means)) = documented.get(c.name) else {
            panic!("`{}` is not in README.md's table of error codes", c.name);
        };
        assert_eq!(
            exit,
            &c.kind.exit_code().to_string(),
            "README.md gives `{}` another exit code than the registry",
            c.name
        );
        assert_eq!(means, c.means, "README.md explains `{}` otherwise", c.name);
    }
    for code in documented.keys() {
        assert!(
            connectors::error::code::by_name(code).is_some(),
            "README.md documents `{code}`, which no error has"
        );
    }
    // The troubleshooting tables name only codes that exist.
    for row in readme_rows(&readme, "## Troubleshooting") {
        // The first cell's leading code, or codes joined by " / ".
        for word in row[0].split(" / ") {
            if let Some(code) = backticked_code(word) {
                assert!(
                    connectors::error::code::by_name(code).is_some(),
                    "README.md's troubleshooting names `{code}`, which no error has"
                );
            }
        }
    }
}
