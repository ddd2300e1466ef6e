//! Generated configuration files as a careless or hostile generator writes them: each
//! pathological class finishes, prints no more than its cap (saying how many more there
//! are), and counts every finding exactly. (How the time grows is measured by
//! bench/scaling.py, not here.)

use std::path::PathBuf;

use crate::support::*;
use serde_json::{Value, json};

fn connector(i: usize) -> Value {
    json!({"name": format!("C{i}"), "provider": "google", "client_id": format!("id-{i}"),
           "client_secret": {"env": "S"}, "scopes": ["openid"], "redirect_uris": []})
}

fn write(env: &TestEnv, config: &Value) -> PathBuf {
    let path = env.path("generated.json");
    std::fs::write(&path, serde_json::to_vec_pretty(config).unwrap()).unwrap();
    path
}

fn run(env: &TestEnv, file: &PathBuf, args: &[&str]) -> std::process::Output {
    env.cmd()
        .arg("validate")
        .arg(file)
        .args(args)
        .env("S", "x")
        .output()
        .unwrap()
}

fn json_report(env: &TestEnv, file: &PathBuf, args: &[&str]) -> Value {
    let out = run(env, file, &[&["--format", "json"][..], args].concat());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Counts the findings of each code in a report printed in full.
fn codes(report: &Value) -> std::collections::BTreeMap<String, usize> {
    let mut n = std::collections::BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        *n.entry(d["code"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    n
}

/// Checks the caps of every format on a file with `total` findings (more than any cap).
fn assert_capped(env: &TestEnv, file: &PathBuf, total: usize) {
    let report = json_report(env, file, &[]);
    let counted = report["errors"].as_u64().unwrap() + report["warnings"].as_u64().unwrap();
    assert_eq!(counted as usize, total, "the counts are exact");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1000);
    assert_eq!(report["omitted"], total - 1000);
    let human = run(env, file, &[]);
    let text = stdout(&human);
    let fixes = text
        .lines()
        .filter(|l| l.trim_start().starts_with("= fix: "))
        .count();
    assert_eq!(fixes, 200, "human prints 200");
    assert!(text.contains(&format!("{} more finding(s) not shown", total - 200)));
    let github = stdout(&run(env, file, &["--format", "github"]));
    assert_eq!(
        github
            .lines()
            .filter(|l| l.starts_with("::error") || l.starts_with("::warning"))
            .count(),
        200
    );
    assert!(
        github.contains("::notice "),
        "{}",
        &github[github.len() - 300..]
    );
    let sarif: Value =
        serde_json::from_slice(&run(env, file, &["--format", "sarif"]).stdout).unwrap();
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["results"].as_array().unwrap().len(), 1000);
    assert_eq!(run0["properties"]["omitted"], total - 1000);
    assert!(
        run0["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("more finding(s) not shown")
    );
    // The exit code is the same whatever is printed; --max-findings 0 prints everything.
    assert_eq!(
        run(env, file, &["--max-findings", "3"]).status.code(),
        human.status.code()
    );
    let all = json_report(env, file, &["--max-findings", "0"]);
    assert_eq!(all["diagnostics"].as_array().unwrap().len(), total);
    assert_eq!(all["omitted"], 0);
}

#[test]
fn unknown_scopes_and_fields_by_the_thousand_are_each_reported_once() {
    let env = TestEnv::empty();
    let mut c = connector(0);
    c["scopes"] = json!(
        (0..3000)
            .map(|i| format!("https://example.test/auth/s{i}"))
            .collect::<Vec<_>>()
    );
    for i in 0..1500 {
        c[format!("unknown_field_{i:05}_{}", "x".repeat(60))] = json!(i);
    }
    let file = write(&env, &json!({"apps": [], "connectors": [c]}));
    let all = json_report(&env, &file, &["--max-findings", "0"]);
    let n = codes(&all);
    assert_eq!(n["unknown_scope"], 3000);
    assert_eq!(n["unknown_field"], 1500);
    assert_capped(&env, &file, 4500);
}

#[test]
fn duplicates_and_unknown_apps_by_the_thousand_are_counted_exactly() {
    let env = TestEnv::empty();
    let mut connectors: Vec<Value> = (0..1500)
        .map(|i| {
            let mut c = connector(i);
            c["name"] = json!("Same");
            c
        })
        .collect();
    connectors.extend((0..1500).map(|i| {
        let mut c = connector(10_000 + i);
        c["apps"] = json!([format!("nosuchapp{i}")]);
        c
    }));
    let file = write(
        &env,
        &json!({"apps": [{"name": "crm"}], "connectors": connectors}),
    );
    let all = json_report(&env, &file, &["--max-findings", "0"]);
    let n = codes(&all);
    assert_eq!(n["duplicate_connector"], 1499);
    assert_eq!(n["unknown_app"], 1500);
    // The 1,500 same-named connectors serve every app: each misses crm's two URIs, and
    // with one app missing they are named one by one.
    assert_eq!(
        n["redirect_uri_mismatch"] + n["preview_redirect_missing"],
        3000
    );
    assert_capped(&env, &file, 1499 + 1500 + 3000);
}

#[test]
fn apps_times_connectors_missing_every_uri_is_one_finding_per_connector_and_topic() {
    let env = TestEnv::empty();
    let apps: Vec<Value> = (0..60)
        .map(|i| json!({"name": format!("app{i}")}))
        .collect();
    let connectors: Vec<Value> = (0..600).map(connector).collect();
    let file = write(&env, &json!({"apps": apps, "connectors": connectors}));
    let all = json_report(&env, &file, &["--max-findings", "0"]);
    let n = codes(&all);
    assert_eq!(n["redirect_uri_mismatch"], 600);
    assert_eq!(n["preview_redirect_missing"], 600);
    // Each grouped finding counts what it stands for: 60 apps' URIs of one kind.
    let occurrences: u64 = all["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["occurrences"].as_u64().unwrap_or(1))
        .sum();
    assert_eq!(occurrences, 600 * 60 * 2);
    let first = &all["diagnostics"][0];
    let message = first["message"].as_str().unwrap();
    assert!(
        message.contains("60 apps need 60 redirect URI(s) registered"),
        "{message}"
    );
    assert!(message.contains("and 55 more"), "{message}");
    assert_capped(&env, &file, 1200);
    // An app missing from a few connectors is still named finding by finding.
    let file = write(
        &env,
        &json!({"apps": [{"name": "crm"}], "connectors": [connector(1)]}),
    );
    let one = json_report(&env, &file, &[]);
    // Registrations not made yet: warnings (`--strict` fails on them).
    assert_eq!(
        (one["errors"].clone(), one["warnings"].clone()),
        (json!(0), json!(2))
    );
    assert!(one["diagnostics"][0].get("occurrences").is_none());
}
