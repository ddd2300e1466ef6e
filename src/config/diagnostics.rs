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
    /// How many occurrences of the problem this finding stands for (more than one when
    /// it groups them, such as one connector missing the redirect URIs of many apps).
    #[serde(skip_serializing_if = "is_one")]
    pub occurrences: usize,
    /// The byte offset in the file (for excerpts).
    #[serde(skip)]
    pub offset: usize,
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// Byte offsets to 1-based line and column (in characters), in time independent of the
/// line's length: a minified file is one line, and counting its characters from the line's
/// start for each finding would make many findings quadratic.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// For a text that is not all ASCII: (byte offset, characters before it), every
    /// [`MARK_EVERY`] bytes or so, each at a character boundary.
    marks: Vec<(usize, usize)>,
}

const MARK_EVERY: usize = 4096;

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let mut starts = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
        starts.push(0);
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut marks = Vec::new();
        if !text.is_ascii() {
            let (mut at, mut chars) = (0, 0);
            marks.push((0, 0));
            while at + MARK_EVERY < text.len() {
                let mut next = at + MARK_EVERY;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[at..next].chars().count();
                marks.push((next, chars));
                at = next;
            }
        }
        Lines {
            text,
            starts,
            marks,
        }
    }

    /// Characters before byte `offset` (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        if self.marks.is_empty() {
            return offset;
        }
        let i = self.marks.partition_point(|m| m.0 <= offset) - 1;
        let (at, chars) = self.marks[i];
        chars
            + self
                .text
                .get(at..offset)
                .map(|s| s.chars().count())
                .unwrap_or(0)
    }

    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self.chars_before(offset) - self.chars_before(start);
        (line + 1, col + 1)
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
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

/// A long line cut to a window around byte `at` of it (minified JSON has one huge line),
/// in time independent of the line's length; returns the text to show and the 1-based
/// column of `at` within it.
fn window(line: &str, at: usize) -> (String, usize) {
    const BEFORE: usize = 50;
    const WIDTH: usize = 110;
    let mut at = at.min(line.len());
    while !line.is_char_boundary(at) {
        at -= 1;
    }
    // A line that fits is shown whole (counting its characters costs little when it is short).
    if line.len() <= 4 * WIDTH && line.chars().count() <= WIDTH {
        return (line.to_string(), line[..at].chars().count() + 1);
    }
    let before: Vec<(usize, char)> = line[..at].char_indices().rev().take(BEFORE + 1).collect();
    let (start, cut_before) = match before.get(BEFORE) {
        // More than BEFORE characters precede: start at the BEFORE-th one back.
        Some(_) => (before[BEFORE - 1].0, true),
        None => (0, false),
    };
    let after_budget = WIDTH - before.len().min(BEFORE);
    let mut end = at;
    let mut rest = line[at..].char_indices();
    let mut cut_after = false;
    for n in 0..=after_budget {
        match rest.next() {
            Some((i, _)) if n == after_budget => {
                end = at + i;
                cut_after = true;
            }
            Some((i, c)) => end = at + i + c.len_utf8(),
            None => break,
        }
    }
    if !cut_before && !cut_after {
        return (line.to_string(), before.len() + 1);
    }
    let mut text = String::with_capacity(end - start + 6);
    let mut col = before.len().min(BEFORE) + 1;
    if cut_before {
        text.push('…');
        col += 1;
    }
    text.push_str(&line[start..end]);
    if cut_after {
        text.push('…');
    }
    (text, col)
}

pub struct Report<'a> {
    pub file: &'a str,
    pub diagnostics: &'a [Diagnostic],
    pub lines: &'a Lines<'a>,
    /// At most this many findings are printed (`None`: all); the counts stay exact.
    pub limit: Option<usize>,
}

/// How many findings each format prints unless told otherwise (`--max-findings`).
pub fn default_limit(machine_read: bool) -> usize {
    if machine_read { 1000 } else { 200 }
}

impl Report<'_> {
    /// The findings printed.
    fn shown(&self) -> &[Diagnostic] {
        match self.limit {
            Some(n) if n < self.diagnostics.len() => &self.diagnostics[..n],
            _ => self.diagnostics,
        }
    }

    /// How many findings are not printed.
    pub fn omitted(&self) -> usize {
        self.diagnostics.len() - self.shown().len()
    }

    fn omitted_note(&self) -> String {
        format!(
            "{} more finding(s) not shown (pass --max-findings 0 to show them all)",
            self.omitted()
        )
    }

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
        for d in self.shown() {
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!(
                "{}:{}:{}: {sev}[{}]: {}\n",
                self.file, d.line, d.column, d.code, d.message
            ));
            let line_start = self.lines.line_start(d.line);
            let (text, column) = window(
                self.lines.line_text(d.line),
                d.offset.saturating_sub(line_start),
            );
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
        if self.omitted() > 0 {
            out.push_str(&format!("… {}\n\n", self.omitted_note()));
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
            "diagnostics": self.shown(),
            "omitted": self.omitted(),
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
        for d in self.shown() {
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
        if self.omitted() > 0 {
            out.push_str(&format!(
                "::notice file={},title={}::{}\n",
                prop(self.file),
                prop("connectors"),
                data(&self.omitted_note())
            ));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// SARIF 2.1.0, for code-scanning uploads.
    pub fn sarif(&self) -> serde_json::Value {
        let mut rules: Vec<&'static str> = self.shown().iter().map(|d| d.code).collect();
        rules.sort();
        rules.dedup();
        let notifications: Vec<serde_json::Value> = if self.omitted() > 0 {
            vec![serde_json::json!({"level": "note", "message": {"text": self.omitted_note()}})]
        } else {
            vec![]
        };
        let results: Vec<_> = self
            .shown()
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
                "results": results,
                "invocations": [{
                    "executionSuccessful": true,
                    "toolExecutionNotifications": notifications
                }],
                "properties": {"errors": self.errors(), "warnings": self.warnings(), "omitted": self.omitted()}
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
        let (text, col) = window(&line, 500);
        assert!(text.chars().count() <= 112);
        assert_eq!(text.chars().nth(col - 1), Some('X'));
        assert_eq!(window("short", 2), ("short".to_string(), 3));
        // Near either end, and with multibyte characters.
        let line = format!("éX{}", "é".repeat(300));
        let (text, col) = window(&line, 2);
        assert_eq!(text.chars().nth(col - 1), Some('X'));
        assert!(text.ends_with('…') && !text.starts_with('…'));
        let line = format!("{}X", "é".repeat(300));
        let (text, col) = window(&line, 600);
        assert_eq!(text.chars().nth(col - 1), Some('X'));
        assert!(text.starts_with('…') && !text.ends_with('…'));
    }

    #[test]
    fn columns_count_characters_on_long_lines_too() {
        // One long line (minified JSON) with multibyte characters across many marks.
        let text: String = (0..5000)
            .map(|i| if i % 7 == 0 { 'é' } else { 'a' })
            .collect();
        let l = Lines::new(&text);
        assert!(l.marks.len() > 1);
        for (i, (byte, _)) in text.char_indices().enumerate().step_by(331) {
            assert_eq!(l.position(byte), (1, i + 1));
        }
        assert_eq!(l.position(text.len()), (1, text.chars().count() + 1));
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
