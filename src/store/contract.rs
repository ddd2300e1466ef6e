//! The storage contract: every primitive of [`Read`] and [`Write`] run against both
//! engines, with the same expectations. SQLite always runs; PostgreSQL runs when the test
//! command has started its throwaway server (`CONNECTORS_TEST_PG`, see scripts/test.sh).
//! A behaviour one engine has and the other lacks fails here, not in a CLI test far away.

use std::collections::BTreeMap;
use std::time::Duration;

use super::*;
use crate::model::Action;
use crate::model::Mode;

const T0: &str = "2026-01-01T00:00:00Z";
const T1: &str = "2026-01-02T00:00:00Z";

/// A fresh database on the test server (`CONNECTORS_TEST_PG`), dropped with the guard,
/// whatever the test did.
struct PgDb {
    base: String,
    name: String,
}

impl PgDb {
    fn new(prefix: &str) -> Option<PgDb> {
        let base = std::env::var("CONNECTORS_TEST_PG").ok()?;
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).unwrap();
        let name = format!(
            "{prefix}_{}_{:08x}",
            std::process::id(),
            u32::from_le_bytes(bytes)
        );
        PgDb::admin(&base)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        Some(PgDb { base, name })
    }

    fn admin(base: &str) -> ::postgres::Client {
        ::postgres::Client::connect(&format!("{base}postgres"), ::postgres::NoTls)
            .expect("connect to the test PostgreSQL")
    }

    /// A store made in the database.
    fn store(&self) -> Store {
        let url = format!("{}{}", self.base, self.name);
        let location = Location::parse(std::ffi::OsStr::new(&url), false).unwrap();
        Store::create(&location, "contract", |_| Ok(())).unwrap();
        Store::open(&location).unwrap()
    }

    /// A client of the database, for what only the server can do (a trigger).
    fn client(&self) -> ::postgres::Client {
        ::postgres::Client::connect(&format!("{}{}", self.base, self.name), ::postgres::NoTls)
            .unwrap()
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let _ = PgDb::admin(&self.base).batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

/// Runs `check` on a fresh store of each engine available.
fn on_each_engine(check: impl Fn(&Store)) {
    let dir = tempfile::tempdir().unwrap();
    let file = Location::File(dir.path().join("v").join("vault.db"));
    Store::create(&file, "contract", |_| Ok(())).unwrap();
    check(&Store::open(&file).unwrap());
    match PgDb::new("contract") {
        Some(db) => check(&db.store()),
        None => eprintln!("note: CONNECTORS_TEST_PG is not set: the contract ran on SQLite only"),
    }
}

fn fields<'a>(
    name: &'a str,
    scopes: &'a [String],
    params: &'a BTreeMap<String, String>,
) -> ConnectorFields<'a> {
    ConnectorFields {
        name,
        provider: "google",
        client_id: "client-1",
        scopes,
        mode: Mode::PerUser,
        redirect_uris: &[],
        apps: &[],
        params,
    }
}

fn grant<'a>(access: &'a [u8], refresh: Option<&'a [u8]>, scopes: &'a [String]) -> GrantFields<'a> {
    GrantFields {
        access_token: access,
        refresh_token: refresh,
        id_token: None,
        token_type: Some("Bearer"),
        expires_at: Some("2030-01-01T00:00:00Z"),
        granted_scopes: Some(scopes),
        account: Some("ada@example.com"),
        now: T1,
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A workspace, an app and a connector.
fn base(w: &dyn Write) -> (WorkspaceId, AppId, ConnectorId) {
    let ws = w.insert_workspace("Default", "base44.app", T0).unwrap();
    let app = w
        .insert_app(
            ws,
            &AppFields {
                name: "crm",
                custom_domain: None,
                preview: true,
            },
            T0,
        )
        .unwrap();
    let scopes = strings(&["a", "b"]);
    let c = w
        .insert_connector(ws, &fields("Calendar", &scopes, &BTreeMap::new()), T0)
        .unwrap();
    (ws, app, c)
}

#[test]
fn meta_is_kept_replaced_and_removed() {
    on_each_engine(|s| {
        s.write(|w| {
            w.set_meta("k", b"one")?;
            w.set_meta("k", b"two")?;
            w.set_meta("gone", b"x")?;
            w.delete_meta("gone")
        })
        .unwrap();
        let r = s.read();
        assert_eq!(r.meta("k").unwrap().as_deref(), Some(&b"two"[..]));
        assert_eq!(r.meta("gone").unwrap(), None);
        assert!(
            r.meta_all()
                .unwrap()
                .iter()
                .any(|(k, v)| k == "k" && v == b"two")
        );
        assert!(r.schema_version().unwrap() >= 1);
        assert!(r.integrity_check().unwrap().is_empty());
    });
}

#[test]
fn workspaces_and_apps_are_found_without_regard_to_case() {
    on_each_engine(|s| {
        let (ws, app, _) = s.write(|w| Ok(base(w))).unwrap();
        s.write(|w| {
            w.set_platform_domain(ws, "example.dev", T1)?;
            w.update_app(
                app,
                &AppFields {
                    name: "CRM2",
                    custom_domain: Some("crm.example.com"),
                    preview: false,
                },
                T1,
            )
        })
        .unwrap();
        let r = s.read();
        let found = r.workspace("default").unwrap().unwrap();
        assert_eq!(
            (found.id, found.platform_domain.as_str()),
            (ws, "example.dev")
        );
        assert_eq!(r.workspace_by_id(ws).unwrap().unwrap().name, "Default");
        assert_eq!(r.workspaces().unwrap().len(), 1);
        let a = r.app(ws, "crm2").unwrap().unwrap();
        assert_eq!(a.custom_domain.as_deref(), Some("crm.example.com"));
        assert!(!a.preview);
        assert_eq!(a.updated_at, T1);
        assert_eq!(r.app_by_id(app).unwrap().unwrap().name, "CRM2");
        assert_eq!(r.apps(ws).unwrap().len(), 1);
        assert!(r.workspace("nope").unwrap().is_none());
    });
}

#[test]
fn connectors_round_trip_every_field() {
    on_each_engine(|s| {
        let (ws, _, c) = s.write(|w| Ok(base(w))).unwrap();
        let scopes = strings(&["x", "y z"]);
        let params: BTreeMap<String, String> = [("tenant".to_string(), "t1".to_string())].into();
        let apps = strings(&["crm"]);
        let uris = strings(&["https://crm.base44.app/api/external-auth/callback"]);
        s.write(|w| {
            let mut f = fields("Calendar 2", &scopes, &params);
            f.mode = Mode::Shared;
            f.apps = &apps;
            f.redirect_uris = &uris;
            w.update_connector(c, &f, T1)?;
            w.set_client_secret(c, b"sealed", b"mac")
        })
        .unwrap();
        let r = s.read();
        let got = r.connector(ws, "calendar 2").unwrap().unwrap();
        assert_eq!(got.id, c);
        assert_eq!(got.scopes, scopes);
        assert_eq!(got.mode, Mode::Shared);
        assert_eq!(got.apps, apps);
        assert_eq!(got.redirect_uris, uris);
        assert_eq!(got.endpoint_params, params);
        assert_eq!(got.secret_ciphertext.as_deref(), Some(&b"sealed"[..]));
        assert_eq!(got.secret_mac.as_deref(), Some(&b"mac"[..]));
        assert_eq!(got.updated_at, T1);
        s.write(|w| w.clear_client_secret(c)).unwrap();
        let got = s.read().connector_by_id(c).unwrap().unwrap();
        assert_eq!((got.secret_ciphertext, got.secret_mac), (None, None));
        assert_eq!(s.read().connectors(ws).unwrap().len(), 1);
        assert_eq!(s.read().connectors_by_ids(&[c]).unwrap().len(), 1);
    });
}

#[test]
fn reserved_ids_are_never_given_twice() {
    on_each_engine(|s| {
        let (ws, _, first) = s.write(|w| Ok(base(w))).unwrap();
        let scopes = strings(&["a"]);
        let params = BTreeMap::new();
        let ids = s
            .write(|w| {
                let ids = w.reserve_connector_ids(3)?;
                let names = ["n0", "n1", "n2"];
                let rows: Vec<NewRow<'_>> = ids
                    .iter()
                    .zip(names)
                    .map(|(id, name)| NewRow {
                        id: *id,
                        fields: fields(name, &scopes, &params),
                        secret: b"s",
                        secret_mac: b"m",
                    })
                    .collect();
                w.insert_connectors(ws, &rows, T0)?;
                Ok(ids)
            })
            .unwrap();
        assert_eq!(ids.len(), 3);
        assert!(ids.iter().all(|id| *id != first));
        let later = s.write(|w| w.reserve_connector_ids(1)).unwrap();
        assert!(!ids.contains(&later[0]) && later[0] != first);
        let summaries = s.read().connector_summaries(ws, Some("google")).unwrap();
        assert_eq!(summaries.len(), 4);
        assert!(
            s.read()
                .connector_summaries(ws, Some("slack"))
                .unwrap()
                .is_empty()
        );
    });
}

#[test]
fn a_grant_moves_on_only_from_the_version_it_started_from() {
    on_each_engine(|s| {
        let (_, app, c) = s.write(|w| Ok(base(w))).unwrap();
        let scopes = strings(&["a", "b"]);
        let id = s
            .write(|w| {
                let id = w.ensure_connection(c, app, "ada", T0)?;
                assert_eq!(
                    w.ensure_connection(c, app, "ada", T0)?,
                    id,
                    "found, not made twice"
                );
                w.store_consent(id, &grant(b"at1", Some(b"rt1"), &scopes))?;
                Ok(id)
            })
            .unwrap();
        let c1 = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(c1.stored_status, "active");
        assert_eq!(c1.account.as_deref(), Some("ada@example.com"));
        assert_eq!(c1.granted_scopes, scopes);
        assert!(c1.has_refresh_token);
        // A refresh from a stale version is refused; from the current one it is stored and
        // keeps what the provider did not send again.
        let refresh = GrantFields {
            refresh_token: None,
            granted_scopes: None,
            ..grant(b"at2", None, &scopes)
        };
        assert!(
            !s.write(|w| w.store_refresh(id, c1.grant_version - 1, &refresh))
                .unwrap()
        );
        assert!(
            s.write(|w| w.store_refresh(id, c1.grant_version, &refresh))
                .unwrap()
        );
        let c2 = s.read().connection(c, app, "ada").unwrap().unwrap();
        assert_eq!(c2.grant_version, c1.grant_version + 1);
        assert_eq!(c2.access_ct.as_deref(), Some(&b"at2"[..]));
        assert_eq!(c2.refresh_ct.as_deref(), Some(&b"rt1"[..]));
        assert_eq!(c2.granted_scopes, scopes);
        // A scope change marks it; a refresh meanwhile keeps the mark and its reason.
        let wider = strings(&["a", "b", "c"]);
        let marked = s.write(|w| w.mark_uncovered(c, &wider, T1)).unwrap();
        assert_eq!(marked, vec![id]);
        assert!(
            s.write(|w| w.store_refresh(id, c2.grant_version, &refresh))
                .unwrap()
        );
        let c3 = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(c3.stored_status, "needs_reconnect");
        assert_eq!(
            c3.status_reason.as_deref(),
            Some("the connector now asks for scopes not granted: c")
        );
        // A fresh consent clears it.
        s.write(|w| w.store_consent(id, &grant(b"at3", Some(b"rt3"), &wider)))
            .unwrap();
        let c4 = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(
            (c4.stored_status.as_str(), c4.status_reason),
            ("active", None)
        );
        // Marking from a stale version does nothing; from the current one it marks.
        assert!(
            !s.write(|w| w.mark_needs_reconnect(id, Some(c3.grant_version), "x", T1))
                .unwrap()
        );
        assert!(
            s.write(|w| w.mark_needs_reconnect(id, Some(c4.grant_version), "refused", T1))
                .unwrap()
        );
        let c5 = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(c5.stored_status, "needs_reconnect");
        assert_eq!(c5.last_error.as_deref(), Some("refused"));
        s.write(|w| w.set_last_error(id, "later", T1)).unwrap();
        assert_eq!(
            s.read()
                .connection_by_id(id)
                .unwrap()
                .unwrap()
                .last_error
                .as_deref(),
            Some("later")
        );
    });
}

#[test]
fn connections_are_listed_counted_and_removed() {
    on_each_engine(|s| {
        let (ws, app, c) = s.write(|w| Ok(base(w))).unwrap();
        let scopes = strings(&["a"]);
        let (ada, bob) = s
            .write(|w| {
                let ada = w.ensure_connection(c, app, "ada", T0)?;
                let bob = w.ensure_connection(c, app, "bob", T0)?;
                w.store_consent(ada, &grant(b"at", Some(b"rt"), &scopes))?;
                w.store_consent(bob, &grant(b"at", None, &scopes))?;
                Ok((ada, bob))
            })
            .unwrap();
        let r = s.read();
        let all = r.connections(ws, ConnectionFilter::default()).unwrap();
        assert_eq!(
            all.iter().map(|c| c.user.clone()).collect::<Vec<_>>(),
            vec![Some("ada".to_string()), Some("bob".to_string())]
        );
        let one = r
            .connections(
                ws,
                ConnectionFilter {
                    user: Some("bob"),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(r.connections_by_ids(&[ada, bob]).unwrap().len(), 2);
        assert_eq!(
            r.connection_counts(Some(c), None).unwrap(),
            vec![("active".to_string(), 2)]
        );
        assert!(r.account_in_use(c, "ada@example.com", ada).unwrap());
        assert!(!r.account_in_use(c, "eve@example.com", ada).unwrap());
        assert_eq!(r.granted_scopes(c).unwrap().len(), 2);
        let counts = r.status_counts(ws, T0).unwrap();
        assert_eq!(counts.iter().map(|c| c.count).sum::<i64>(), 2);
        assert!(!r.connection_health(ws).unwrap().is_empty());
        assert_eq!(r.counts().unwrap().connections, 2);
        s.write(|w| w.delete_connection(bob)).unwrap();
        assert!(s.read().connection_by_id(bob).unwrap().is_none());
        s.write(|w| w.delete_app(app)).unwrap();
        assert!(
            s.read().connection_by_id(ada).unwrap().is_none(),
            "an app takes its connections"
        );
        s.write(|w| w.delete_connector(c)).unwrap();
        assert!(s.read().connector_by_id(c).unwrap().is_none());
    });
}

#[test]
fn archive_records_and_times_are_kept_as_given() {
    on_each_engine(|s| {
        let (ws, app, c) = s.write(|w| Ok(base(w))).unwrap();
        let scopes = strings(&["a"]);
        let record = ConnectionRecord {
            status: "needs_reconnect",
            status_reason: Some("why"),
            token_type: Some("Bearer"),
            expires_at: None,
            granted_scopes: &scopes,
            account: Some("ada@example.com"),
            last_error: None,
            created_at: T0,
            updated_at: T1,
            refreshed_at: None,
        };
        let id = s
            .write(|w| w.insert_connection_record(c, app, "ada", &record))
            .unwrap();
        let got = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(
            (got.stored_status.as_str(), got.status_reason.as_deref()),
            ("needs_reconnect", Some("why"))
        );
        assert_eq!((got.created_at.as_str(), got.updated_at.as_str()), (T0, T1));
        let before = got.grant_version;
        let active = ConnectionRecord {
            status: "active",
            status_reason: None,
            ..record.clone()
        };
        s.write(|w| w.replace_connection_record(id, &active))
            .unwrap();
        let got = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(got.stored_status, "active");
        assert!(got.grant_version > before);
        s.write(|w| {
            w.set_times(Dated::Workspace(ws), T0, T1)?;
            w.set_times(Dated::App(app), T0, T1)?;
            w.set_times(Dated::Connector(c), T0, T1)
        })
        .unwrap();
        let r = s.read();
        assert_eq!(r.workspace_by_id(ws).unwrap().unwrap().updated_at, T1);
        assert_eq!(r.app_by_id(app).unwrap().unwrap().updated_at, T1);
        assert_eq!(r.connector_by_id(c).unwrap().unwrap().updated_at, T1);
    });
}

#[test]
fn providers_macs_sealed_values_and_the_audit_log() {
    on_each_engine(|s| {
        let (ws, _, c) = s.write(|w| Ok(base(w))).unwrap();
        s.write(|w| {
            w.put_provider("acme", r#"{"name":"acme"}"#, T0)?;
            w.put_provider("acme", r#"{"name":"acme","v":2}"#, T1)?;
            w.put_provider("gone", "{}", T0)?;
            assert!(w.delete_provider("gone")?);
            assert!(!w.delete_provider("gone")?);
            w.set_row_macs(&[
                (SignedRow::Workspace(ws), vec![1; 32]),
                (SignedRow::Provider("acme".into()), vec![2; 32]),
            ])?;
            w.set_row_mac(&SignedRow::Connector(c), &[3; 32])?;
            w.set_sealed_value(SecretColumn::ConnectorClientSecret, c.0, b"ct")?;
            w.append_audit(&NewEntry {
                at: T1,
                actor: "ada",
                workspace: Some("Default"),
                action: Action::ConnectorAdd,
                target: "Calendar",
                details: &serde_json::json!({"n": 1}),
                via: Some("apply"),
            })
        })
        .unwrap();
        let r = s.read();
        let p = r.provider_definition("ACME").unwrap().unwrap();
        assert_eq!(p.definition, r#"{"name":"acme","v":2}"#);
        assert_eq!(p.row_mac, Some(vec![2; 32]));
        assert_eq!(r.provider_definitions().unwrap().len(), 1);
        assert!(r.any_row_mac().unwrap());
        let signed = r.signed_rows().unwrap();
        for row in [
            SignedRow::Workspace(ws),
            SignedRow::Connector(c),
            SignedRow::Provider("acme".into()),
        ] {
            assert!(signed.contains(&row), "{row} is not listed");
        }
        assert_eq!(
            r.connector_by_id(c).unwrap().unwrap().row_mac,
            Some(vec![3; 32])
        );
        assert_eq!(
            r.sealed_values(SecretColumn::ConnectorClientSecret)
                .unwrap(),
            vec![(c.0, b"ct".to_vec())]
        );
        let log = r
            .audit(Some("Default"), Some("Calendar"), None, 10)
            .unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].action, "connector.add");
        assert_eq!(log[0].details, serde_json::json!({"n": 1}));
        assert_eq!(log[0].via.as_deref(), Some("apply"));
        assert!(
            r.audit(None, None, Some(Action::AppAdd), 10)
                .unwrap()
                .is_empty()
        );
    });
}

#[test]
fn a_failed_write_leaves_nothing() {
    on_each_engine(|s| {
        let failed: Result<()> = s.write(|w| {
            w.insert_workspace("Half", "base44.app", T0)?;
            Err(crate::error::Error::with(
                crate::error::code::CANCELLED,
                "stop here",
            ))
        });
        assert!(failed.is_err());
        assert!(s.read().workspace("half").unwrap().is_none());
        // A snapshot sees one consistent state.
        let n = s.snapshot(|r| Ok(r.workspaces()?.len())).unwrap();
        assert_eq!(n, 0);
    });
}

#[test]
fn an_exclusive_lock_excludes_until_it_is_dropped() {
    on_each_engine(|s| {
        let name = LockName::Connector(ConnectorId(7));
        let held = s
            .lock("contract", &name, true, Duration::from_secs(1))
            .unwrap();
        let other = Store::open(s.location()).unwrap();
        let err = other
            .lock("contract", &name, true, Duration::from_millis(200))
            .err()
            .expect("a second exclusive holder must wait, then give up");
        assert_eq!(err.code, "lock_timeout");
        drop(held);
        other
            .lock("contract", &name, true, Duration::from_secs(1))
            .unwrap();
    });
}

/// The server raises a serialization failure (SQLSTATE 40001) on the first `failures`
/// inserts of a workspace: a sequence counts them, outside every transaction.
fn fail_first_inserts(client: &mut ::postgres::Client, failures: i64) {
    client
        .batch_execute(&format!(
            "CREATE SEQUENCE provoked;
             CREATE FUNCTION provoke() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF nextval('provoked') <= {failures} THEN
                     RAISE EXCEPTION 'provoked serialization failure' USING ERRCODE = '40001';
                 END IF;
                 RETURN NEW;
             END $$;
             CREATE TRIGGER provoke BEFORE INSERT ON workspaces
                 FOR EACH ROW EXECUTE FUNCTION provoke();"
        ))
        .unwrap();
}

#[test]
fn a_serialization_failure_is_retried_and_lands_once() {
    let Some(db) = PgDb::new("retry") else {
        eprintln!("note: CONNECTORS_TEST_PG is not set: the retry test did not run");
        return;
    };
    let store = db.store();
    {
        fail_first_inserts(&mut db.client(), 2);
        let mut runs = 0;
        let id = store
            .write(|w| {
                runs += 1;
                w.append_audit(&NewEntry {
                    at: T0,
                    actor: "ada",
                    workspace: None,
                    action: Action::WorkspaceAdd,
                    target: "Default",
                    details: &serde_json::json!({}),
                    via: None,
                })?;
                w.insert_workspace("Default", "base44.app", T0)
            })
            .unwrap();
        assert_eq!(runs, 3, "two provoked failures, then the write that lands");
        let r = store.read();
        assert_eq!(r.workspaces().unwrap().len(), 1);
        assert_eq!(r.workspace("default").unwrap().unwrap().id, id);
        // What a failed attempt appended went with it: one entry, not three.
        assert_eq!(r.audit(None, None, None, 10).unwrap().len(), 1);
    }
}

#[test]
fn a_conflict_that_never_ends_gives_write_conflict_and_writes_nothing() {
    let Some(db) = PgDb::new("retry") else {
        eprintln!("note: CONNECTORS_TEST_PG is not set: the retry test did not run");
        return;
    };
    let store = db.store();
    {
        fail_first_inserts(&mut db.client(), i64::MAX);
        let mut runs = 0;
        let err = store
            .write(|w| {
                runs += 1;
                w.insert_workspace("Default", "base44.app", T0)
            })
            .unwrap_err();
        assert_eq!(err.code, "write_conflict", "{}", err.message);
        assert_eq!(runs, 5, "five attempts, then a clear error");
        assert!(err.hint.is_some());
        assert!(store.read().workspaces().unwrap().is_empty());
    }
}

#[test]
fn a_providers_text_with_nul_reads_back_the_same_on_every_engine() {
    on_each_engine(|s| {
        let (_, app, c) = s.write(|w| Ok(base(w))).unwrap();
        let scopes = strings(&["a\0b"]);
        let id = s
            .write(|w| {
                let id = w.ensure_connection(c, app, "ada", T0)?;
                w.store_consent(
                    id,
                    &GrantFields {
                        account: Some("ada\0@example.com"),
                        ..grant(b"at", Some(b"rt"), &scopes)
                    },
                )?;
                Ok(id)
            })
            .unwrap();
        let got = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(got.account.as_deref(), Some("ada\u{fffd}@example.com"));
        assert_eq!(got.granted_scopes, vec!["a\u{fffd}b".to_string()]);
        s.write(|w| w.set_last_error(id, "refused:\0 bad", T1))
            .unwrap();
        let got = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(got.last_error.as_deref(), Some("refused:\u{fffd} bad"));
        s.write(|w| w.mark_needs_reconnect(id, None, "revoked\0", T1))
            .unwrap();
        let got = s.read().connection_by_id(id).unwrap().unwrap();
        assert_eq!(got.status_reason.as_deref(), Some("revoked\u{fffd}"));
    });
}
