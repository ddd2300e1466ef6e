//! `connectors mcp` through a real MCP client (PyPI `mcp`, tests/mcp/client.py): the tools
//! and their annotations, the CLI's errors as tool errors, a connector added with its secret
//! typed on a single-use page, a person's consent started by `connect` and finished at the
//! provider, and no secret in anything the client receives; and, in process, a property
//! test over tool arguments (no panic, no hang).

use std::io::{BufRead, BufReader, Write as _};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::sandbox::setup;
use crate::support::*;
use serde_json::{Value, json};

/// A session of the MCP client against `connectors mcp ARGS` for `env`'s vault: the plan's
/// calls made in order; its output read line by line.
struct Session {
    child: Child,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl Session {
    fn start(env: &TestEnv, args: &[&str], calls: Value) -> Option<Session> {
        Session::start_plan(env, args, json!({ "calls": calls }))
    }

    /// A session whose plan holds `plan`'s fields too (`era`, `elicit`).
    fn start_plan(env: &TestEnv, args: &[&str], plan: Value) -> Option<Session> {
        let Some(python) = std::env::var_os("CONNECTORS_TEST_MCP_PYTHON") else {
            eprintln!("skipped: the MCP client is not installed (run `bash scripts/test.sh`)");
            return None;
        };
        let client = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/client.py");
        let mut vars = serde_json::Map::new();
        for (k, v) in env.std_cmd().get_envs() {
            if let Some(v) = v {
                vars.insert(k.to_string_lossy().into(), json!(v.to_string_lossy()));
            }
        }
        let server_args = [&["mcp"][..], args].concat();
        let mut plan = plan;
        let bin = assert_cmd::cargo::cargo_bin("connectors");
        match plan.get("tap").cloned() {
            // The server under tests/mcp/tap.py, which records the traffic into the dir.
            Some(dir) => {
                let tap = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/tap.py");
                plan["command"] = json!(python.to_string_lossy());
                plan["args"] = json!(
                    [json!(tap), dir, json!(bin)]
                        .into_iter()
                        .chain(server_args.iter().map(|a| json!(a)))
                        .collect::<Vec<_>>()
                );
            }
            None => {
                plan["command"] = json!(bin);
                plan["args"] = json!(server_args);
            }
        }
        plan["env"] = json!(vars);
        let mut child = Command::new(python)
            .arg(client)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(plan.to_string().as_bytes())
            .unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Some(Session { child, lines })
    }

    fn next(&mut self) -> Value {
        let line = self.lines.next().expect("the client said more").unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
    }
}

impl Session {
    /// Waits for the client to end (it ends after its last call).
    fn finish(mut self) {
        let until = Instant::now() + Duration::from_secs(30);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < until, "the client did not end");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Types `secret` into the secret page at `page` and sends it, as the admin does; the page
/// says it was saved.
fn type_secret(page: &str, secret: &str) {
    let saved = ureq::post(page)
        .send_form(&[("secret", secret)])
        .unwrap()
        .into_string()
        .unwrap();
    assert!(saved.contains("Saved"), "{saved}");
}

/// Follows a consent's start address as the person's browser does, to the provider's
/// consent page, and consents there as `user`. Returns the authorization URL.
fn consent_through(env: &TestEnv, start: &str, user: &str) -> String {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let to = agent.get(start).call().unwrap();
    assert_eq!(to.status(), 303);
    let authorize = to.header("location").unwrap().to_string();
    assert!(authorize.contains("/authorize?"), "{authorize}");
    env.cmd()
        .args(["sandbox", "answer", "--user", user, &authorize])
        .assert()
        .success();
    authorize
}

/// Whether `text` holds a token the sandbox issued (`at-` or `rt-` and 32 hex digits).
fn holds_sandbox_token(text: &str) -> bool {
    ["at-", "rt-"].iter().any(|p| {
        text.match_indices(p).any(|(i, _)| {
            let rest = &text.as_bytes()[i + p.len()..];
            rest.len() >= 32 && rest[..32].iter().all(u8::is_ascii_hexdigit)
        })
    })
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_tools_are_listed_with_annotations_and_read_only_serves_only_reads() {
    let (env, _sb) = setup(&[]);
    let calls = json!([
        {"tool": "list_connectors"},
        {"tool": "show_connector", "arguments": {"connector": "Sandbox"}},
        {"tool": "show_connector", "arguments": {"connector": "Nope"}},
        {"tool": "show_connector", "arguments": {"connectr": "Sandbox"}},
        {"tool": "delete_connector", "arguments": {"connector": "Sandbox", "confirm": "sandbox please"}},
        {"tool": "redirect_uris", "arguments": {"app": "demo", "connector": "Sandbox"}},
        {"tool": "doctor", "arguments": {"offline": true}},
        {"tool": "validate_config", "arguments": {"file": env.path("bad.json")}}
    ]);
    std::fs::write(
        env.path("bad.json"),
        r#"{"connectors": [{"name": "x", "provider": "gogle"}]}"#,
    )
    .unwrap();
    let Some(mut s) = Session::start(&env, &[], calls) else {
        return;
    };
    let listed = s.next();
    assert_eq!(listed["server"], "connectors");
    let tools = listed["tools"].as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    for want in [
        "list_providers",
        "show_provider",
        "list_apps",
        "list_connectors",
        "show_connector",
        "redirect_uris",
        "list_connections",
        "connection_status",
        "validate_config",
        "plan_config",
        "doctor",
        "audit",
        "add_connector",
        "edit_connector",
        "delete_connector",
        "disconnect",
        "connect",
        "call_api",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    let tool = |n: &str| tools.iter().find(|t| t["name"] == n).unwrap().clone();
    assert_eq!(tool("list_connectors")["readOnlyHint"], true);
    assert_eq!(tool("delete_connector")["destructiveHint"], true);
    assert_eq!(tool("disconnect")["destructiveHint"], true);
    assert_eq!(tool("add_connector")["readOnlyHint"], false);
    // No tool takes a secret.
    let schema = tool("add_connector")["inputSchema"].to_string();
    assert!(!schema.contains("\"client_secret\""), "{schema}");
    let ok = s.next();
    assert_eq!(ok["isError"], false, "{ok}");
    assert_eq!(ok["structured"]["connectors"][0]["name"], "Sandbox");
    let shown = s.next();
    assert_eq!(shown["structured"]["client_secret"]["set"], true, "{shown}");
    // The CLI's errors, codes and hints, as tool errors.
    let unknown = s.next();
    assert_eq!(unknown["isError"], true);
    assert_eq!(
        unknown["structured"]["error"]["code"], "unknown_connector",
        "{unknown}"
    );
    let bad = s.next();
    assert_eq!(
        bad["structured"]["error"]["code"], "invalid_arguments",
        "{bad}"
    );
    assert!(
        bad["structured"]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("connectr"),
        "{bad}"
    );
    let refused = s.next();
    assert_eq!(
        refused["structured"]["error"]["code"], "confirmation_required",
        "{refused}"
    );
    let uris = s.next();
    assert_eq!(uris["isError"], false, "{uris}");
    let doctor = s.next();
    assert_eq!(doctor["isError"], false, "{doctor}");
    assert_eq!(doctor["structured"]["ok"], true, "{doctor}");
    // A report is the tool's answer even when it finds problems: the report, with the
    // command's exit code.
    let invalid = s.next();
    assert_eq!(invalid["isError"], false, "{invalid}");
    assert_eq!(invalid["structured"]["exit_code"], 1, "{invalid}");
    assert!(
        invalid["structured"]["diagnostics"]
            .to_string()
            .contains("missing_field"),
        "{invalid}"
    );
    drop(s);
    let (v, _) = env.json(&["list"]);
    assert_eq!(
        v["connectors"].as_array().unwrap().len(),
        1,
        "nothing was deleted"
    );
    // Read-only: the tools that change nothing, and a write refused.
    let Some(mut s) = Session::start(
        &env,
        &["--read-only"],
        json!([{"tool": "disconnect", "arguments": {"connector": "Sandbox", "app": "demo", "confirm": "Sandbox"}}]),
    ) else {
        return;
    };
    let listed = s.next();
    assert!(
        listed["tools"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["readOnlyHint"] == true),
        "{listed}"
    );
    let refused = s.next();
    assert_eq!(refused["isError"], true, "{refused}");
}

#[test]
fn a_secret_and_a_consent_go_through_pages_for_the_person_never_through_the_client() {
    let (env, sb) = setup(&[]);
    const SECRET: &str = "mcp-typed-secret-4711";
    let go = env.path("go");
    let calls = json!([
        {"tool": "add_connector", "arguments": {"provider": "sandbox", "name": "Cal", "client_id": "sandbox-generic-client",
                                                 "scopes": ["openid", "email"]}},
        {"wait_for": go.join("secret")},
        {"tool": "show_connector", "arguments": {"connector": "Cal"}},
        {"tool": "connect", "arguments": {"connector": "Sandbox", "app": "demo", "user": "ada"}},
        {"wait_for": go.join("consent")},
        {"tool": "connection_status", "arguments": {"connector": "Sandbox", "app": "demo", "user": "ada"}},
        {"tool": "list_connections", "arguments": {}},
        {"tool": "call_api", "arguments": {"connector": "Sandbox", "app": "demo", "user": "ada"}},
        {"tool": "disconnect", "arguments": {"connector": "Sandbox", "app": "demo", "user": "ada", "confirm": "Sandbox"}},
        {"tool": "audit", "arguments": {"limit": 50}}
    ]);
    std::fs::create_dir_all(&go).unwrap();
    let tap = env.path("traffic");
    let Some(mut s) = Session::start_plan(&env, &[], json!({"calls": calls, "tap": tap})) else {
        return;
    };
    let mut seen = vec![s.next()];
    // add_connector without a secret source: a single-use page for the admin.
    let waiting = s.next();
    assert_eq!(
        waiting["structured"]["status"], "waiting_for_secret",
        "{waiting}"
    );
    let page = waiting["structured"]["secret_url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(page.starts_with("http://127.0.0.1:"), "{page}");
    let form = ureq::get(&page).call().unwrap().into_string().unwrap();
    assert!(form.contains("type=\"password\""), "{form}");
    // The admin types the secret; the page works once.
    type_secret(&page, SECRET);
    let again = ureq::post(&page).send_form(&[("secret", "other")]);
    assert!(
        matches!(again, Err(ureq::Error::Status(410, _))),
        "used once"
    );
    std::fs::write(go.join("secret"), "").unwrap();
    seen.push(waiting);
    let shown = s.next();
    assert_eq!(shown["structured"]["client_secret"]["set"], true, "{shown}");
    seen.push(shown);
    // connect: a start address for the person, which leads the browser to the provider.
    let started = s.next();
    assert_eq!(
        started["structured"]["status"], "waiting_for_consent",
        "{started}"
    );
    let start = started["structured"]["start_url"]
        .as_str()
        .unwrap()
        .to_string();
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    // The person consents at the provider; the server's listener finishes the flow.
    let authorize = consent_through(&env, &start, "ada@example.test");
    let state = url::Url::parse(&authorize)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .unwrap()
        .1
        .into_owned();
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        let (v, _) = env.json(&["connections", "Sandbox", "--user", "ada"]);
        if v["connections"].as_array().is_some_and(|l| !l.is_empty()) {
            break;
        }
        assert!(Instant::now() < until, "the consent never finished");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        matches!(agent.get(&start).call(), Err(ureq::Error::Status(410, _))),
        "used once"
    );
    std::fs::write(go.join("consent"), "").unwrap();
    seen.push(started);
    let status = s.next();
    assert_eq!(status["structured"]["connected"], true, "{status}");
    assert_eq!(
        status["structured"]["connection"]["connection"]["account"], "ada@example.test",
        "{status}"
    );
    let listed = s.next();
    let api = s.next();
    assert_eq!(api["isError"], false, "{api}");
    assert_eq!(
        api["structured"]["pages"][0]["body"]["sub"], "ada@example.test",
        "{api}"
    );
    let gone = s.next();
    assert_eq!(gone["isError"], false, "{gone}");
    let audit = s.next();
    // Every change came in `via: mcp`, and no secret reached the client.
    let entries = audit["structured"]["entries"].as_array().unwrap().clone();
    for action in [
        "connector.add",
        "connection.connect",
        "connection.disconnect",
    ] {
        let e = entries
            .iter()
            .find(|e| e["action"] == action)
            .unwrap_or_else(|| panic!("{action}: {audit}"));
        assert_eq!(e["via"], "mcp", "{e}");
    }
    seen.extend([status, listed, api, gone, audit]);
    let token_seen = crate::sandbox::configure(&env, &sb, "{}");
    let everything = serde_json::to_string(&seen).unwrap();
    assert!(
        !everything.contains(SECRET),
        "the client secret reached the client"
    );
    for t in ["access_token", "refresh_token", "id_token", "code_verifier"] {
        assert!(!everything.contains(&format!("\"{t}\":\"ey")), "{t}");
    }
    assert!(token_seen["counters"]["api_calls"].as_u64().unwrap() >= 1);
    // The secret typed on the page is the connector's.
    let (v, _) = env.json(&["show", "Cal", "--reveal-secret", "--yes"]);
    assert_eq!(v["client_secret"]["value"], SECRET, "{v}");
    // The canary sweep over the whole MCP traffic, both directions, and the server's
    // stderr: no client secret, no token the provider issued, no state.
    s.finish();
    let (v, _) = env.json(&["show", "Sandbox", "--reveal-secret", "--yes"]);
    let sandbox_secret = v["client_secret"]["value"].as_str().unwrap().to_string();
    let read = |f: &str| {
        String::from_utf8_lossy(&std::fs::read(tap.join(f)).unwrap_or_default()).into_owned()
    };
    let (sent, answered, stderr) = (read("to_server"), read("from_server"), read("stderr"));
    assert!(sent.contains("\"call_api\""), "the tap saw the requests");
    assert!(
        answered.contains("ada@example.test"),
        "the tap saw the answers"
    );
    for (name, text) in [
        ("to the server", &sent),
        ("from the server", &answered),
        ("stderr", &stderr),
    ] {
        for canary in [SECRET, sandbox_secret.as_str(), state.as_str()] {
            assert!(!text.contains(canary), "a secret in the traffic {name}");
        }
        assert!(!holds_sandbox_token(text), "a token in the traffic {name}");
    }
}

/// A client that can show URLs (URL-mode elicitation) gets each page for its person that
/// way, in the protocol `era`: the tool's result holds the outcome (the connector added,
/// the account connected), never the address; a declined page stops working.
fn pages_are_elicited_from_the_person(era: &str) {
    let (env, _sb) = setup(&[]);
    const SECRET: &str = "mcp-elicited-secret-8191";
    let calls = json!([
        {"tool": "add_connector", "arguments": {"provider": "sandbox", "name": "Cal", "client_id": "sandbox-generic-client",
                                                 "scopes": ["openid", "email"]}},
        {"tool": "connect", "arguments": {"connector": "Sandbox", "app": "demo", "user": "ada"}},
        {"tool": "connect", "arguments": {"connector": "Sandbox", "app": "demo", "user": "bob"}},
        {"tool": "connection_status", "arguments": {"connector": "Sandbox", "app": "demo", "user": "bob"}}
    ]);
    let plan = json!({"calls": calls, "era": era, "elicit": ["accept", "accept", "decline"]});
    let Some(mut s) = Session::start_plan(&env, &[], plan) else {
        return;
    };
    let mut seen = vec![s.next()];
    // The secret page goes to the person, who types the secret there.
    let asked = s.next();
    let e = &asked["elicitation"];
    assert_eq!(e["mode"], "url", "{asked}");
    let page = e["url"].as_str().unwrap().to_string();
    assert!(page.starts_with("http://127.0.0.1:"), "{page}");
    assert!(page.contains("/secret/"), "{page}");
    assert!(
        e["message"].as_str().unwrap().contains("\"Cal\""),
        "{asked}"
    );
    type_secret(&page, SECRET);
    let added = s.next();
    assert_eq!(added["isError"], false, "{added}");
    assert_eq!(added["structured"]["status"], "added", "{added}");
    if era == "legacy" {
        assert_eq!(
            added["completed"],
            json!([e["elicitationId"]]),
            "the server said the page is done: {added}"
        );
    }
    seen.push(added);
    // The consent's start address goes to the person, who consents at the provider.
    let asked = s.next();
    let start = asked["elicitation"]["url"].as_str().unwrap().to_string();
    assert!(start.contains("/start/"), "{asked}");
    consent_through(&env, &start, "ada@example.test");
    let connected = s.next();
    assert_eq!(connected["isError"], false, "{connected}");
    assert_eq!(
        connected["structured"]["status"], "connected",
        "{connected}"
    );
    assert_eq!(
        connected["structured"]["account"], "ada@example.test",
        "{connected}"
    );
    seen.push(connected);
    // Declined: a tool error, and the address no longer works.
    let asked = s.next();
    let declined_url = asked["elicitation"]["url"].as_str().unwrap().to_string();
    let declined = s.next();
    assert_eq!(declined["isError"], true, "{declined}");
    assert_eq!(
        declined["structured"]["error"]["code"], "declined",
        "{declined}"
    );
    assert!(
        matches!(
            ureq::get(&declined_url).call(),
            Err(ureq::Error::Status(410, _))
        ),
        "a declined page stops working"
    );
    let status = s.next();
    assert_eq!(status["structured"]["connected"], false, "{status}");
    assert_eq!(
        status["structured"]["consent"]["state"], "declined",
        "{status}"
    );
    seen.extend([declined, status]);
    // The model saw none of the addresses, nor the secret.
    let everything = serde_json::to_string(&seen).unwrap();
    for secret in [SECRET, &page, &start, &declined_url] {
        assert!(!everything.contains(secret), "{secret} reached the model");
    }
    let (v, _) = env.json(&["show", "Cal", "--reveal-secret", "--yes"]);
    assert_eq!(v["client_secret"]["value"], SECRET, "{v}");
}

#[test]
fn a_client_that_shows_urls_is_asked_by_elicitation_request() {
    pages_are_elicited_from_the_person("legacy");
}

#[test]
fn a_stateless_client_that_shows_urls_is_asked_by_input_required_result() {
    pages_are_elicited_from_the_person("modern");
}

#[test]
fn any_tool_arguments_get_an_answer_never_a_panic_or_a_hang() {
    use proptest::prelude::*;
    let env = TestEnv::with_connector();
    let cfg = connectors::cli::mcp::Config {
        vault: Some(env.vault.clone()),
        workspace: "default".into(),
        key_file: Some(env.key_file.clone()),
        providers: None,
        read_only: false,
    };
    let pages = connectors::cli::mcp::pages::Pages::default();
    let names: Vec<&str> = connectors::cli::mcp::tools::TOOLS
        .iter()
        .map(|t| t.name)
        .collect();
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::from),
        Just(Value::from("Calendar")),
        Just(Value::from("crm")),
    ];
    let value = leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    let keys = prop_oneof![
        Just("connector".to_string()),
        Just("app".to_string()),
        Just("user".to_string()),
        Just("confirm".to_string()),
        Just("scopes".to_string()),
        Just("path".to_string()),
        Just("fields".to_string()),
        "[a-z_]{1,10}",
    ];
    let args = prop::collection::btree_map(keys, value, 0..5);
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 48,
        failure_persistence: None,
        ..Default::default()
    });
    runner
        .run(&(0..names.len(), args), |(i, args)| {
            let args: serde_json::Map<String, Value> = args.into_iter().collect();
            let started = Instant::now();
            let out = connectors::cli::mcp::call_tool(&cfg, &pages, names[i], &args);
            prop_assert!(
                started.elapsed() < Duration::from_secs(20),
                "{} took {:?}",
                names[i],
                started.elapsed()
            );
            if let Err(e) = &out {
                prop_assert!(!e.code.is_empty() && !e.message.is_empty(), "{e:?}");
                prop_assert!(e.code != "internal", "{}: {e:?}", names[i]);
            }
            Ok(())
        })
        .unwrap();
    // The vault is whole after all that.
    let (v, out) = env.json(&["vault", "verify"]);
    assert!(out.status.success(), "{v}");
}

#[test]
fn the_mcp_inspector_lists_and_calls_the_tools() {
    let (env, _sb) = setup(&[]);
    let inspector = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oidc/node_modules/.bin/mcp-inspector");
    assert!(
        inspector.exists(),
        "the MCP Inspector is not installed: run `bash scripts/test.sh` (npm ci --prefix tests/oidc)"
    );
    let run = |args: &[&str]| -> Value {
        let mut cmd = Command::new(&inspector);
        for (k, v) in env.std_cmd().get_envs() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let out = cmd
            .arg("--cli")
            .arg(assert_cmd::cargo::cargo_bin("connectors"))
            .arg("mcp")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
    };
    let listed = run(&["--method", "tools/list"]);
    let tools = listed["tools"].as_array().unwrap();
    assert_eq!(tools.len(), 18, "{listed}");
    let delete = tools
        .iter()
        .find(|t| t["name"] == "delete_connector")
        .unwrap();
    assert_eq!(delete["annotations"]["destructiveHint"], true, "{delete}");
    assert_eq!(
        delete["inputSchema"]["required"],
        json!(["connector", "confirm"]),
        "{delete}"
    );
    let shown = run(&[
        "--method",
        "tools/call",
        "--tool-name",
        "show_connector",
        "--tool-arg",
        "connector=Sandbox",
    ]);
    assert_eq!(
        shown["structuredContent"]["connector"]["name"], "Sandbox",
        "{shown}"
    );
    assert_eq!(
        shown["structuredContent"]["client_secret"]["set"], true,
        "{shown}"
    );
}
