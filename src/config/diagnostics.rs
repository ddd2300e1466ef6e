//! Problems found in a configuration file, and their renderings: human (with the offending
//! line), JSON, GitHub Actions annotations and SARIF 2.1.0.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub fix: String,
}

/// Byte offsets to 1-based line and column (in characters).
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, col + 1)
    }

    pub fn line_text(&self, line: usize) -> &'t str {
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let end = self
            .starts
            .get(line)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches('\r')
    }
}

/// A long line cut to a window around `column` (minified JSON has one huge line); returns
/// the text to show and the column within it.
fn window(line: &str, column: usize) -> (String, usize) {
    const BEFORE: usize = 50;
    const WIDTH: usize = 110;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(1).saturating_sub(BEFORE);
    let end = (start + WIDTH).min(chars.len());
    let mut text: String = chars[start..end].iter().collect();
    let mut col = column - start;
    if start > 0 {
        text.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        text.push('…');
    }
    (text, col)
}

pub struct Report<'a> {
    pub file: &'a str,
    pub diagnostics: &'a [Diagnostic],
    pub lines: &'a Lines<'a>,
}

impl Report<'_> {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    fn summary(&self) -> String {
        let (e, w) = (self.errors(), self.warnings());
        let plural = |n: usize, s: &str| {
            if n == 1 {
                format!("{n} {s}")
            } else {
                format!("{n} {s}s")
            }
        };
        if e == 0 && w == 0 {
            format!("{}: valid", self.file)
        } else {
            format!(
                "{}: {}, {}",
                self.file,
                plural(e, "error"),
                plural(w, "warning")
            )
        }
    }

    pub fn human(&self) -> String {
        let mut out = String::new();
        for d in self.diagnostics {
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!(
                "{}:{}:{}: {sev}[{}]: {}\n",
                self.file, d.line, d.column, d.code, d.message
            ));
            let (text, column) = window(self.lines.line_text(d.line), d.column);
            let gutter = d.line.to_string().len();
            out.push_str(&format!("{:gutter$} |\n", ""));
            out.push_str(&format!("{} | {}\n", d.line, text));
            let caret_pad: String = text
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("{:gutter$} | {caret_pad}^ {}\n", "", d.pointer));
            out.push_str(&format!("{:gutter$} = fix: {}\n\n", "", d.fix));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "valid": self.errors() == 0,
            "errors": self.errors(),
            "warnings": self.warnings(),
            "diagnostics": self.diagnostics,
        })
    }

    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).
    pub fn github(&self) -> String {
        fn data(s: &str) -> String {
            s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        }
        fn prop(s: &str) -> String {
            data(s).replace(':', "%3A").replace(',', "%2C")
        }
        let mut out = String::new();
        for d in self.diagnostics {
            let cmd = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!(
                "::{cmd} file={},line={},col={},title={}::{}\n",
                prop(self.file),
                d.line,
                d.column,
                prop(&format!("connectors {}", d.code)),
                data(&format!("{} (at {}). Fix: {}", d.message, d.pointer, d.fix))
            ));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// SARIF 2.1.0, for code-scanning uploads.
    pub fn sarif(&self) -> serde_json::Value {
        let mut rules: Vec<&'static str> = self.diagnostics.iter().map(|d| d.code).collect();
        rules.sort();
        rules.dedup();
        let results: Vec<_> = self
            .diagnostics
            .iter()
            .map(|d| {
                serde_json::json!({
                    "ruleId": d.code,
                    "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                    "message": {"text": format!("{} Fix: {}", d.message, d.fix)},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {"uri": self.file},
                            "region": {"startLine": d.line, "startColumn": d.column}
                        },
                        "logicalLocations": [{"fullyQualifiedName": d.pointer}]
                    }]
                })
            })
            .collect();
        serde_json::json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "connectors",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|r| serde_json::json!({"id": r, "shortDescription": {"text": crate::config::validate::rule_description(r)}})).collect::<Vec<_>>()
                }},
                "results": results
            }]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let (text, col) = window(&line, 501);
        assert!(text.chars().count() <= 112);
        assert_eq!(text.chars().nth(col - 1), Some('X'));
        assert_eq!(window("short", 3), ("short".to_string(), 3));
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let l = Lines::new("{\n  \"a\": 1,\n  \"é\": 2\n}");
        assert_eq!(l.position(0), (1, 1));
        assert_eq!(l.position(4), (2, 3));
        assert_eq!(l.position(l.text.find("2").unwrap()), (3, 8));
        assert_eq!(l.line_text(2), "  \"a\": 1,");
    }
}
