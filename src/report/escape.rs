//! Repository data (names, e-mails, paths) is untrusted: escape it for each target.

/// Characters that change what a reader sees without being seen: C0/C1 controls (escape
/// sequences, carriage returns, bells), bidirectional embeddings, overrides and isolates (which
/// reorder a line: "Trojan Source"), zero-width characters and marks, the byte-order mark, and
/// the line and paragraph separators.
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}')
}

/// For the terminal: hostile characters shown as `\u{..}`, so that a crafted author name or
/// path cannot move the cursor, recolour the screen or reorder what the reader sees.
pub fn terminal(s: &str) -> String {
    if !s.chars().any(is_hostile) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// For JSON that a person may read in a terminal or an editor: hostile characters as `\uXXXX`
/// escapes. serde_json escapes the controls already; the rest can only occur inside strings,
/// where the escape means the same character to every JSON reader.
pub fn json(s: String) -> String {
    if !s.chars().any(is_hostile) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_hostile(c) && !c.is_control() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(terminal("Ana\x1b[31m"), "Ana\\u{1b}[31m");
        assert_eq!(terminal("plain é 张伟"), "plain é 张伟");
    }

    #[test]
    fn bidi_and_zero_width_characters_are_made_visible() {
        assert_eq!(terminal("x\u{202E}yp.exe"), "x\\u{202e}yp.exe");
        assert_eq!(
            terminal("a\u{2066}b\u{200B}c\u{FEFF}"),
            "a\\u{2066}b\\u{200b}c\\u{feff}"
        );
    }

    #[test]
    fn json_escapes_keep_the_meaning() {
        let raw = serde_json::to_string("m\u{202E}@x\n").unwrap();
        let escaped = json(raw);
        assert_eq!(escaped, r#""m\u202e@x\n""#);
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "m\u{202E}@x\n");
    }
}
