//! Text from outside, made safe to show: the one filter every string a provider, a file
//! or an archive supplies passes through before it reaches a terminal.

/// Text made safe inside HTML, as element content or a quoted attribute value.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Text from outside (a provider's words, an account name, an issuer, a name read from a
/// file) made safe for a terminal: control characters, and so escape sequences, become
/// spaces (a line break stays in multi-line text only).
pub fn printable(text: &str) -> String {
    // Bidirectional overrides and isolates can make a terminal show text in another order.
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(unsafe_char) {
        return text.to_string();
    }
    text.chars()
        .map(|c| if unsafe_char(c) { ' ' } else { c })
        .collect()
}
