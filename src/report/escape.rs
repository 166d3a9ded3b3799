//! Repository data (names, e-mails, paths) is untrusted: escape it for each target.

/// For the terminal: control characters (escape sequences, carriage returns, bells) shown as
/// `\u{..}` so that a crafted author name cannot move the cursor or recolour the screen.
pub fn terminal(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_owned();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(terminal("Ana\x1b[31m"), "Ana\\u{1b}[31m");
        assert_eq!(terminal("plain é"), "plain é");
    }
}
