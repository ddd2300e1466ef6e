//! The JSON Schema (draft 2020-12) of the configuration file, for editors. Field lists
//! come from the same constants the reader uses, and a test checks they agree.

use serde_json::{Value, json};

use super::{APP_FIELDS, CONNECTOR_FIELDS, SECRET_FIELDS, TOP_FIELDS};

pub fn schema() -> Value {
    let providers: Vec<String> = crate::provider::Catalog::builtin()
        .all()
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let props = |fields: &[&str], f: &dyn Fn(&str) -> Value| -> Value {
        Value::Object(fields.iter().map(|k| (k.to_string(), f(k))).collect())
    };
    let secret = json!({
        "description": "Where the client secret comes from. Never write the secret itself into the file.",
        "oneOf": [
            {"type": "object", "properties": {"env": {"type": "string", "description": "An environment variable holding the secret"}}, "required": ["env"], "additionalProperties": false},
            {"type": "object", "properties": {"file": {"type": "string", "description": "A file holding the secret (relative to this file)"}}, "required": ["file"], "additionalProperties": false},
            {"type": "object", "properties": {"vault": {"const": true, "description": "Keep the secret stored in the vault"}}, "required": ["vault"], "additionalProperties": false},
            {"type": "string", "description": "An inline secret: refused unless --allow-inline-secrets", "deprecated": true}
        ]
    });
    debug_assert_eq!(SECRET_FIELDS.len(), 3);
    let app = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": props(APP_FIELDS, &|k| match k {
            "name" => json!({"type": "string", "pattern": "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", "description": "The app's subdomain: APP.PLATFORM_DOMAIN"}),
            "custom_domain" => json!({"type": ["string", "null"], "description": "A custom domain the app is served on (host only)"}),
            "preview" => json!({"type": "boolean", "default": true, "description": "Whether the app has a preview deployment (preview--APP.PLATFORM_DOMAIN)"}),
            _ => json!({}),
        }),
    });
    let connector = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["name", "provider", "client_id", "client_secret"],
        "properties": props(CONNECTOR_FIELDS, &|k| match k {
            "name" => json!({"type": "string", "minLength": 1, "description": "A short name, unique in the workspace (case-insensitive)"}),
            "provider" => json!({"type": "string", "description": "A built-in provider or one defined under providers", "examples": providers}),
            "client_id" => json!({"type": "string", "minLength": 1}),
            "client_secret" => secret.clone(),
            "scopes" => json!({"type": "array", "items": {"type": "string", "pattern": "^[^\\s,]+$"}, "description": "One scope per item"}),
            "mode" => json!({"enum": ["per-user", "shared"], "default": "per-user"}),
            "redirect_uris" => json!({"type": "array", "items": {"type": "string", "format": "uri"}, "description": "The redirect URIs registered at the provider"}),
            "apps" => json!({"type": "array", "items": {"type": "string"}, "description": "The apps that use this connector (default: every app)"}),
            "tenant" => json!({"type": "string", "description": "Microsoft: the tenant in the endpoint URLs (a tenant ID, a tenant domain, common, organizations or consumers; default common)",
                               "pattern": "^(common|organizations|consumers|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9.-]+\\.[A-Za-z]{2,})$"}),
            "login_host" => json!({"type": "string", "description": "Salesforce: the login host (MYDOMAIN.my.salesforce.com, test.salesforce.com; default login.salesforce.com)"}),
            _ => json!({}),
        }),
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://connectors.invalid/schema/connectors.json",
        "title": "connectors workspace configuration",
        "type": "object",
        "additionalProperties": false,
        "properties": props(TOP_FIELDS, &|k| match k {
            "$schema" => json!({"type": "string"}),
            "workspace" => json!({"type": "string", "description": "The workspace this file describes (default: --workspace)"}),
            "platform_domain" => json!({"type": "string", "default": "base44.app"}),
            "providers" => json!({"type": "array", "items": {"type": "object", "required": ["name"]}, "description": "Custom or overriding provider definitions"}),
            "apps" => json!({"type": "array", "items": app.clone()}),
            "connectors" => json!({"type": "array", "items": connector.clone()}),
            _ => json!({}),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_lists_exactly_the_fields_the_reader_knows() {
        let s = schema();
        let keys = |v: &Value| -> Vec<String> {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        let sorted = |f: &[&str]| {
            let mut v: Vec<String> = f.iter().map(|s| s.to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(keys(&s["properties"]), sorted(TOP_FIELDS));
        assert_eq!(
            keys(&s["properties"]["apps"]["items"]["properties"]),
            sorted(APP_FIELDS)
        );
        assert_eq!(
            keys(&s["properties"]["connectors"]["items"]["properties"]),
            sorted(CONNECTOR_FIELDS)
        );
    }
}
