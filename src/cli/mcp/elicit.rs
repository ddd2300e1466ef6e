//! URL-mode elicitation: when the client can show a URL to the person (MCP 2025-11-25,
//! `elicitation.url`), the single-use page of `add_connector` or `connect` goes to the
//! person through the client, and never into the tool's result, so the model does not see
//! it. The tool then waits for the person to finish on the page and answers with the
//! outcome (the connector added, the account connected).
//!
//! Two eras of the protocol:
//! - up to 2025-11-25, the server asks the client with an `elicitation/create` request
//!   during the tool call, and says `notifications/elicitation/complete` when the page is
//!   done;
//! - from 2026-07-28, which forbids requests from the server, the tool call answers with
//!   an `InputRequiredResult` holding the elicitation and an opaque handle; the client
//!   retries the call with the person's answer and the handle. The handle is a random id
//!   this server keeps (nothing in it is trusted), and works once.
//!
//! A client that cannot show a URL gets the address in the result, as before.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CustomNotification, ElicitRequest,
    ElicitRequestParams, ElicitResult, ElicitationAction, InputRequest, InputRequiredResult,
    ProtocolVersion, ServerNotification,
};
use rmcp::service::{RequestContext, RoleServer};
use serde_json::{Value, json};

use super::pages::{Pages, Progress};
use super::tools::{Outcome, ToolError};

/// The key of the one input request an `InputRequiredResult` of this server holds.
const INPUT_KEY: &str = "open_page";

/// How often a waiting tool looks at its page.
const POLL: Duration = Duration::from_millis(100);

/// A tool's answer that asks a person to open a page: `waiting_for_secret` with
/// `secret_url`, or `waiting_for_consent` with `start_url`.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    /// The answer as it would go to a client that cannot show a URL.
    pub result: Value,
    pub url: String,
}

impl Waiting {
    pub fn of(result: &Value) -> Option<Waiting> {
        let field = match result["status"].as_str()? {
            "waiting_for_secret" => "secret_url",
            "waiting_for_consent" => "start_url",
            _ => return None,
        };
        Some(Waiting {
            result: result.clone(),
            url: result[field].as_str()?.to_string(),
        })
    }

    /// The answer when the person has the page but has not finished within the wait: no
    /// address (the person has it), and what to do next.
    fn still_waiting(&self) -> Value {
        let say = if self.result["status"] == "waiting_for_secret" {
            "The person has the page open but has not saved the secret yet; check later with show_connector."
        } else {
            "The person has the page open but has not finished the consent yet; poll connection_status."
        };
        let mut v = self.result.clone();
        if let Value::Object(m) = &mut v {
            m.remove("secret_url");
            m.remove("start_url");
            m.insert("say".into(), json!(say));
        }
        v
    }
}

/// Whether the client that made this request can show a URL to its person.
pub fn url_supported(context: &RequestContext<RoleServer>) -> bool {
    context
        .client_capabilities()
        .and_then(|c| c.elicitation)
        .is_some_and(|e| e.url.is_some())
}

/// Whether the request's protocol forbids requests from the server (2026-07-28 on).
fn stateless(context: &RequestContext<RoleServer>) -> bool {
    context
        .protocol_version()
        .is_some_and(|v| v >= ProtocolVersion::V_2026_07_28)
}

/// The elicitations that wait for a client's retry (2026-07-28), by handle.
#[derive(Clone, Default)]
pub struct Handles {
    waiting: Arc<Mutex<HashMap<String, (Waiting, Instant)>>>,
}

impl Handles {
    fn put(&self, w: Waiting, ttl: Duration) -> String {
        let handle = crate::vault::random_id();
        let mut map = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, (_, until)| *until > Instant::now());
        map.insert(handle.clone(), (w, Instant::now() + ttl));
        handle
    }

    fn take(&self, handle: &str) -> Option<Waiting> {
        let mut map = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        match map.remove(handle) {
            Some((w, until)) if until > Instant::now() => Some(w),
            _ => None,
        }
    }
}

/// Offers the page of `w` to the person through the client, and answers the tool call
/// with how it went. Falls back to the address in the result when the client cannot
/// take the request.
pub async fn offer(
    pages: &Pages,
    handles: &Handles,
    w: Waiting,
    context: &RequestContext<RoleServer>,
) -> CallToolResponse {
    let message = pages.message(&w.url).unwrap_or_default();
    let ttl = pages.expires_in(&w.url);
    let id = crate::vault::random_id();
    let params = ElicitRequestParams::UrlElicitationParams {
        meta: None,
        message,
        url: w.url.clone(),
        elicitation_id: id.clone(),
    };
    if stateless(context) {
        let handle = handles.put(w, ttl);
        let requests = BTreeMap::from([(
            INPUT_KEY.to_string(),
            InputRequest::Elicitation(ElicitRequest::new(params)),
        )]);
        return InputRequiredResult::new(Some(requests), Some(handle)).into();
    }
    let asked = context
        .peer
        .create_elicitation_with_timeout(params, Some(ttl))
        .await;
    let action = match asked {
        Ok(r) => r.action,
        // The client said it shows URLs, then could not: the address is withdrawn rather
        // than handed to the model.
        Err(e) => {
            pages.withdraw(&w.url);
            return super::to_result(Err(ToolError {
                code: "elicitation_failed".into(),
                message: format!(
                    "the client could not show the page to its person ({e}); nothing was changed and the page was withdrawn"
                ),
                hint: Some("call the tool again; if the client cannot show pages, name client_secret_env or client_secret_file instead".into()),
            }))
            .into();
        }
    };
    let accepted = matches!(action, ElicitationAction::Accept);
    let outcome = answered(pages, &w, action, context).await;
    if accepted {
        let done = ServerNotification::CustomNotification(CustomNotification::new(
            "notifications/elicitation/complete",
            Some(json!({ "elicitationId": id })),
        ));
        let _ = context.peer.send_notification(done).await;
    }
    super::to_result(outcome).into()
}

/// The retry of a tool call that answered `InputRequiredResult` (2026-07-28): the
/// person's answer to the elicitation, under the handle the server gave.
pub async fn resume(
    pages: &Pages,
    handles: &Handles,
    request: &CallToolRequestParams,
    context: &RequestContext<RoleServer>,
) -> Outcome {
    let handle = request.request_state.as_deref().unwrap_or_default();
    let Some(w) = handles.take(handle) else {
        return Err(ToolError {
            code: "unknown_request_state".into(),
            message: "this request state is unknown, used or expired".into(),
            hint: Some("call the tool again without requestState".into()),
        });
    };
    let answer = request
        .input_responses
        .as_ref()
        .and_then(|r| r.get(INPUT_KEY))
        .cloned()
        .and_then(|v| serde_json::from_value::<ElicitResult>(v).ok());
    let Some(answer) = answer else {
        pages.withdraw(&w.url);
        return Err(ToolError {
            code: "input_missing".into(),
            message: format!("the retry holds no answer to the input request {INPUT_KEY:?}"),
            hint: Some("call the tool again; the page was withdrawn".into()),
        });
    };
    answered(pages, &w, answer.action, context).await
}

/// What the person's answer leads to: on accept, the page's outcome once finished (or a
/// still-waiting answer when the page expires first); otherwise the page is withdrawn.
async fn answered(
    pages: &Pages,
    w: &Waiting,
    action: ElicitationAction,
    context: &RequestContext<RoleServer>,
) -> Outcome {
    let what = match action {
        ElicitationAction::Accept => return finished(pages, w, context).await,
        ElicitationAction::Decline => "declined",
        // Cancel, and whatever a later protocol adds: the person did not accept.
        _ => "cancelled",
    };
    pages.withdraw(&w.url);
    Err(ToolError {
        code: what.into(),
        message: format!("the person {what} to open the page; nothing was changed"),
        hint: Some("ask again when they are ready: the address no longer works".into()),
    })
}

/// Waits until the page's interaction is finished, the page expires, or the client
/// cancels the call.
async fn finished(pages: &Pages, w: &Waiting, context: &RequestContext<RoleServer>) -> Outcome {
    loop {
        match pages.progress(&w.url) {
            Progress::Done(v) => return Ok(v),
            Progress::Failed(e) => return Err(e),
            Progress::Unknown => return Ok(w.still_waiting()),
            Progress::Waiting => {}
        }
        tokio::select! {
            () = context.ct.cancelled() => return Ok(w.still_waiting()),
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_waiting_answer_with_its_address_is_offered() {
        let secret = json!({"status": "waiting_for_secret", "secret_url": "http://127.0.0.1:1/secret/abc", "say": "x"});
        let w = Waiting::of(&secret).unwrap();
        assert_eq!(w.url, "http://127.0.0.1:1/secret/abc");
        let still = w.still_waiting();
        assert!(still.get("secret_url").is_none(), "{still}");
        assert!(still["say"].as_str().unwrap().contains("show_connector"));
        let consent =
            json!({"status": "waiting_for_consent", "start_url": "http://127.0.0.1:1/start/abc"});
        let still = Waiting::of(&consent).unwrap().still_waiting();
        assert!(still.get("start_url").is_none(), "{still}");
        assert!(still["say"].as_str().unwrap().contains("connection_status"));
        for other in [
            json!({"status": "added"}),
            json!({"status": "waiting_for_secret"}),
            json!({"connectors": []}),
        ] {
            assert_eq!(Waiting::of(&other), None, "{other}");
        }
    }

    #[test]
    fn a_handle_works_once_and_not_after_its_time() {
        let h = Handles::default();
        let w = Waiting::of(&json!({"status": "waiting_for_consent", "start_url": "u"})).unwrap();
        let id = h.put(w.clone(), Duration::from_secs(60));
        assert_eq!(h.take(&id), Some(w.clone()));
        assert_eq!(h.take(&id), None, "used");
        assert_eq!(h.take("never-given"), None);
        let id = h.put(w, Duration::ZERO);
        assert_eq!(h.take(&id), None, "expired");
    }
}
