//! The troubleshooting topics: one stable code per failure admins meet, with what it means
//! and how to fix it. `connect` errors use these today; `doctor` and `validate` use the
//! same table, so a failure reads the same wherever it is found.

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Topic {
    pub code: &'static str,
    pub title: &'static str,
    pub fix: &'static str,
}

pub const REDIRECT_URI_MISMATCH: Topic = Topic {
    code: "redirect_uri_mismatch",
    title: "the provider does not accept this redirect URI",
    fix: "register the exact redirect URI (scheme, host, port, path, no trailing slash) in the provider's developer console; `connectors show CONNECTOR` lists the ones your apps need",
};
pub const PREVIEW_REDIRECT_MISSING: Topic = Topic {
    code: "preview_redirect_missing",
    title: "the app's preview redirect URI is not registered",
    fix: "register https://preview--APP.PLATFORM_DOMAIN/api/external-auth/callback at the provider too, or turn the app's preview off with `connectors app edit APP --no-preview`",
};
pub const INVALID_CLIENT: Topic = Topic {
    code: "invalid_client",
    title: "the provider rejected the client ID or client secret",
    fix: "copy the client ID and secret again from the provider's developer console, then `connectors edit CONNECTOR --client-id ID --client-secret-stdin`",
};
pub const INVALID_SCOPE: Topic = Topic {
    code: "invalid_scope",
    title: "the provider rejected a requested scope",
    fix: "check each scope against `connectors providers show PROVIDER` and the scopes enabled for the OAuth app in the provider's console; fix them with `connectors edit CONNECTOR --scope ...`",
};
pub const MISSING_SCOPE: Topic = Topic {
    code: "missing_scope",
    title: "the account granted fewer scopes than the connector asks for",
    fix: "ask the person to reconnect and accept every permission, or remove the scopes the feature does not need",
};
pub const APP_IN_TESTING_MODE: Topic = Topic {
    code: "app_in_testing_mode",
    title: "the OAuth app is in testing mode and refused a user who is not a test user",
    fix: "add the person as a test user in the provider's console, or publish the app (Google: OAuth consent screen > Publish app)",
};
pub const NEEDS_RECONNECT: Topic = Topic {
    code: "needs_reconnect",
    title: "the connection can no longer be used without the person consenting again",
    fix: "run `connectors connect CONNECTOR --app APP --user USER` (or have the person reconnect in the app)",
};
pub const ACCESS_DENIED: Topic = Topic {
    code: "access_denied",
    title: "the person (or an administrator) declined the consent",
    fix: "nothing is wrong with the connector: ask the person to connect again and approve, or check the provider's admin policy for this app",
};

pub const MISSING_REFRESH_SCOPE: Topic = Topic {
    code: "missing_refresh_scope",
    title: "the connector does not ask for the scope that brings a refresh token",
    fix: "add the scope the provider names (`connectors providers show PROVIDER`: refresh_token for Salesforce, offline_access for Microsoft and Atlassian) with `connectors edit CONNECTOR --add-scope SCOPE`, then have people reconnect",
};
pub const SINGLE_TENANT_APP: Topic = Topic {
    code: "single_tenant_app",
    title: "the Microsoft app is single-tenant and the endpoints name /common (AADSTS50194)",
    fix: "set the connector's tenant to the app's Directory (tenant) ID or domain (on the app's Overview page): `connectors edit CONNECTOR --tenant TENANT`, or make the app multi-tenant (Authentication > Supported account types)",
};
pub const USER_NOT_IN_TENANT: Topic = Topic {
    code: "user_not_in_tenant",
    title: "the person's account is not in the Microsoft tenant the endpoints name (AADSTS50020, AADSTS90072)",
    fix: "invite the person as a guest of that tenant, or make the app multi-tenant and use organizations (or common) in the endpoints",
};
pub const APP_NOT_IN_TENANT: Topic = Topic {
    code: "app_not_in_tenant",
    title: "no app with this client ID is registered in the Microsoft tenant the endpoints name (AADSTS700016)",
    fix: "check the Application (client) ID against the app's Overview page, and that the tenant in the endpoints is the app's (or that the app is multi-tenant and consented there)",
};
pub const APP_NOT_DISTRIBUTED: Topic = Topic {
    code: "app_not_distributed",
    title: "the provider refused the client ID: either it is wrong, or the app is not distributed to this person's workspace",
    fix: "if the client ID is right, open the app's Manage distribution page (Asana) and choose Any workspace, or add this person's workspace",
};

pub const ALL: &[Topic] = &[
    REDIRECT_URI_MISMATCH,
    PREVIEW_REDIRECT_MISSING,
    INVALID_CLIENT,
    INVALID_SCOPE,
    MISSING_SCOPE,
    APP_IN_TESTING_MODE,
    NEEDS_RECONNECT,
    ACCESS_DENIED,
    MISSING_REFRESH_SCOPE,
    SINGLE_TENANT_APP,
    USER_NOT_IN_TENANT,
    APP_NOT_IN_TENANT,
    APP_NOT_DISTRIBUTED,
];

pub fn by_code(code: &str) -> Option<Topic> {
    ALL.iter().copied().find(|t| t.code == code)
}

/// Classifies a provider's OAuth error (its `error` code and description) into a topic.
pub fn classify(error: &str, description: Option<&str>) -> Option<Topic> {
    let desc = description.unwrap_or_default().to_ascii_lowercase();
    // Google's testing-mode refusals arrive as access_denied with a telling description.
    let testing = [
        "test user",
        "testing",
        "being tested",
        "testers",
        "verification process",
        "unverified",
        "not been verified",
    ];
    // Microsoft puts its AADSTS code in the description, whatever the OAuth error.
    let aadsts =
        |n: &str| desc.contains(&format!("aadsts{n}:")) || desc.contains(&format!("aadsts{n} "));
    if aadsts("50194") {
        return Some(SINGLE_TENANT_APP);
    }
    if aadsts("50020") || aadsts("90072") {
        return Some(USER_NOT_IN_TENANT);
    }
    if aadsts("700016") {
        return Some(APP_NOT_IN_TENANT);
    }
    // Asana answers a workspace it is not distributed to as if the client ID were wrong.
    if desc.contains("client_id") && desc.contains("missing or invalid") {
        return Some(APP_NOT_DISTRIBUTED);
    }
    match error {
        "access_denied" if testing.iter().any(|t| desc.contains(t)) => Some(APP_IN_TESTING_MODE),
        "org_internal" | "admin_policy_enforced" => Some(APP_IN_TESTING_MODE),
        "access_denied" | "consent_required" | "interaction_required" | "login_required" => {
            Some(ACCESS_DENIED)
        }
        "redirect_uri_mismatch" | "invalid_redirect_uri" | "bad_redirect_uri" => {
            Some(REDIRECT_URI_MISMATCH)
        }
        "invalid_client" | "unauthorized_client" | "invalid_client_id" | "bad_client_secret" => {
            Some(INVALID_CLIENT)
        }
        "invalid_scope" | "invalid_scopes" | "insufficient_scope" => Some(INVALID_SCOPE),
        "invalid_request" if desc.contains("redirect_uri") => Some(REDIRECT_URI_MISMATCH),
        "invalid_request" if desc.contains("scope") => Some(INVALID_SCOPE),
        "invalid_grant" if desc.contains("redirect_uri") => Some(REDIRECT_URI_MISMATCH),
        "invalid_grant" => Some(NEEDS_RECONNECT),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_found() {
        for t in ALL {
            assert_eq!(by_code(t.code), Some(*t));
            assert!(ALL.iter().filter(|o| o.code == t.code).count() == 1);
        }
    }

    #[test]
    fn provider_errors_map_to_topics() {
        // Google's answer for a user who is not on the test list (recorded from
        // https://developers.google.com/identity/protocols/oauth2/web-server#handlingresponse
        // and the consent screen's "Access blocked: app has not completed the Google verification process").
        assert_eq!(
            classify(
                "access_denied",
                Some(
                    "The app is currently being tested, and can only be accessed by developer-approved testers"
                )
            ),
            Some(APP_IN_TESTING_MODE)
        );
        assert_eq!(
            classify("access_denied", Some("End-User aborted interaction")),
            Some(ACCESS_DENIED)
        );
        assert_eq!(classify("invalid_client", None), Some(INVALID_CLIENT));
        assert_eq!(classify("invalid_scope", None), Some(INVALID_SCOPE));
        assert_eq!(
            classify(
                "invalid_request",
                Some("redirect_uri did not match any of the client's registered redirect_uris")
            ),
            Some(REDIRECT_URI_MISMATCH)
        );
        assert_eq!(
            classify("invalid_grant", Some("grant request is invalid")),
            Some(NEEDS_RECONNECT)
        );
        assert_eq!(classify("temporarily_unavailable", None), None);
    }

    #[test]
    fn microsoft_tenant_codes_and_asana_distribution_are_told_apart() {
        // The shapes of Microsoft's answers (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
        let ms = |code: &str, words: &str| {
            classify(
                "invalid_request",
                Some(&format!(
                    "{code}: {words} Trace ID: 0f1e Correlation ID: 9a8b Timestamp: 2026-11-29 10:00:00Z"
                )),
            )
        };
        assert_eq!(
            ms(
                "AADSTS50194",
                "Application 'b2f1' (demo) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant."
            ),
            Some(SINGLE_TENANT_APP)
        );
        assert_eq!(
            ms(
                "AADSTS50020",
                "User account 'ada@contoso.com' from identity provider 'live.com' does not exist in tenant 'Fabrikam' and cannot access the application."
            ),
            Some(USER_NOT_IN_TENANT)
        );
        assert_eq!(
            ms(
                "AADSTS90072",
                "User account 'ada@contoso.com' from identity provider 'https://sts.windows.net/x/' does not exist in tenant 'Fabrikam'."
            ),
            Some(USER_NOT_IN_TENANT)
        );
        assert_eq!(
            classify(
                "unauthorized_client",
                Some(
                    "AADSTS700016: Application with identifier 'b2f1' was not found in the directory 'Fabrikam'."
                )
            ),
            Some(APP_NOT_IN_TENANT)
        );
        // Asana's plain-text refusal for a workspace the app is not distributed to.
        assert_eq!(
            classify(
                "invalid_request",
                Some("The `client_id` parameter is missing or invalid.")
            ),
            Some(APP_NOT_DISTRIBUTED)
        );
    }
}
