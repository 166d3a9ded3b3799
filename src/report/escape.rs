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

/// For GitHub-flavoured Markdown text (a table cell, a paragraph, a list item): the text reads
/// as it is and does nothing else. Hostile characters are first made visible as for the terminal
/// (a newline cannot end a table row, an override cannot reorder a line); then
/// - every character that opens Markdown is backslash-escaped: `\` `` ` `` `*` `_` `[` `]` `|`
///   (a table cell), `~`, `!`, `:` (a `javascript:` or `https:` autolink),
///   the `.` of `www.` (an autolink), and at the start `-` `+` `=` and `1.` `1)` (a list or a
///   heading underline);
/// - `&` `<` `>` `"` `'` are HTML entities, so no tag, comment or entity comes through;
/// - `$` is `<span>$</span>`, which GitHub's documentation gives for a dollar that must not
///   open math (a backslash does not stop its math, github/community#120728);
/// - a leading space is `&#32;` (four would start a code block);
/// - `@` is followed by an empty HTML comment, and so is a `#` before a letter or digit.
///
/// The last rule is the one that stops GitHub's mentions (`@everyone`, `@org/team`) and issue
/// references (`#12`, `owner/repo#12`): GitHub finds them in the rendered HTML's text, after
/// Markdown's escapes and entities are resolved, so neither `\@` nor `&#64;` prevents them
/// (github/cmark-gfm#181 and #389, github/markup#1168). The comment splits the text where the
/// mention would start and renders as nothing: the reader sees and copies a plain `@`. A
/// zero-width character would do the same but is one of the invisible characters [`is_hostile`]
/// exists to expose, and a full-width `＠` is another character. LLVM's issue bot writes
/// `@<!-- -->` for the same reason.
pub fn markdown_text(s: &str) -> String {
    let s = terminal(s);
    let b = s.as_bytes();
    let list_number = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(s.len() + s.len() / 4 + 8);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(entity) = html_special(c) {
            out.push_str(entity);
            continue;
        }
        match c {
            '#' => {
                out.push_str("\\#");
                if chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()) {
                    out.push_str(BREAK);
                }
            }
            '$' => out.push_str("<span>$</span>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '!' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '.' if i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www") => out.push_str("\\."),
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if i == list_number && (1..=9).contains(&i) => {
                out.push('\\');
                out.push(c);
            }
            ' ' if i == 0 => out.push_str("&#32;"),
            c => out.push(c),
        }
    }
    out
}

/// What `c` is written as in Markdown text and in raw HTML alike, if not as itself: an entity
/// for `&` `<` `>` `"` `'`, and `@` followed by an empty comment.
fn html_special(c: char) -> Option<&'static str> {
    Some(match c {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        '@' => MENTION_BREAK,
        _ => return None,
    })
}

/// An empty HTML comment: renders as nothing, and splits the text around it, so that what
/// follows is not read as a mention or a reference.
const BREAK: &str = "<!-- -->";
const MENTION_BREAK: &str = "@<!-- -->";

/// For text inside raw HTML (a `<details>` block's `<summary>`, where Markdown is not read):
/// hostile characters made visible, `&` `<` `>` `"` `'` as entities, and `@` (and `#` before a
/// letter or digit) followed by an empty comment as in [`markdown_text`].
pub fn html_text(s: &str) -> String {
    let s = terminal(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(entity) = html_special(c) {
            out.push_str(entity);
            continue;
        }
        match c {
            '#' if chars.peek().is_some_and(|n| n.is_alphanumeric()) => {
                out.push('#');
                out.push_str(BREAK);
            }
            c => out.push(c),
        }
    }
    out
}

/// For an HTML document of our own (`scan --format html`), in text or in a quoted attribute
/// value: hostile characters made visible as for the terminal (an override cannot reorder a
/// line, a newline cannot split a tooltip), and `&` `<` `>` `"` `'` as entities, so that no tag,
/// attribute, comment or entity comes through. Mentions mean nothing in a file opened from disk,
/// so `@` and `#` stay as they are (compare [`html_text`], for HTML that GitHub renders).
pub fn html(s: &str) -> String {
    let s = terminal(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON (as serde_json writes it) made safe inside an HTML `<script type="application/json">`
/// element: `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026` (so no `</script>` or `<!--` can end
/// or bend the element), U+2028 and U+2029 as escapes (old JavaScript parsers end a line there),
/// and the other hostile characters as `\uXXXX` ([`json`]). These characters only occur inside
/// JSON strings, where each escape means the same character to `JSON.parse`.
pub fn json_in_html(s: String) -> String {
    let s = json(s);
    if !s.contains(['<', '>', '&']) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 64);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown code span showing `s` exactly (hostile characters made visible as for the
/// terminal). Nothing inside a code span is Markdown, HTML, a mention or a link, so paths and
/// logins read as they are. The fence is one backtick longer than the longest run inside, and a
/// space pads both ends when the text begins or ends with a backtick or a space (CommonMark
/// strips one from each end). Inside a table, `|` still ends the cell: the table writes it as
/// `\|` (see `markdown::doc`).
pub fn markdown_code(s: &str) -> String {
    let s = terminal(s);
    if s.is_empty() {
        return "` `".to_owned();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let all_spaces = s.chars().all(|c| c == ' ');
    let pad = !all_spaces && (s.starts_with(['`', ' ']) || s.ends_with(['`', ' ']));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
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

    // Markdown: what a hostile name or path becomes, and how GitHub reads it back.

    #[test]
    fn markdown_text_keeps_html_out() {
        let s = markdown_text("<script>alert('x')</script> & <img src=x onerror=alert(1)>");
        assert_eq!(
            s,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(markdown_text("&copy; \"q\""), "&amp;copy; &quot;q&quot;");
    }

    #[test]
    fn markdown_text_makes_no_link_or_image() {
        assert_eq!(
            markdown_text("[x](javascript:alert(1))"),
            r"\[x\](javascript\:alert(1))"
        );
        assert_eq!(
            markdown_text("`](javascript:alert(1))"),
            r"\`\](javascript\:alert(1))"
        );
        assert_eq!(
            markdown_text("![i](https://e.vil/p.png)"),
            r"\!\[i\](https\://e.vil/p.png)"
        );
        assert_eq!(markdown_text("see www.e.vil"), r"see www\.e.vil");
        assert_eq!(markdown_text("WWW.e.vil"), r"WWW\.e.vil");
    }

    #[test]
    fn markdown_text_mentions_nobody() {
        assert_eq!(markdown_text("@everyone"), "@<!-- -->everyone");
        assert_eq!(
            markdown_text("ana@ds.example.com"),
            "ana@<!-- -->ds.example.com"
        );
        assert_eq!(markdown_text("@org/team"), "@<!-- -->org/team");
        assert_eq!(markdown_text("fixes #12"), r"fixes \#<!-- -->12");
        assert_eq!(markdown_text("C# dev"), r"C\# dev");
        // the brief's first idea, `\@` or `&#64;`, still mentions on GitHub: never written
        let s = markdown_text("\\@x &#64;x");
        assert_eq!(s, r"\\@<!-- -->x &amp;\#<!-- -->64;x");
        // no zero-width character is used to break the mention
        assert!(!markdown_text("@everyone").chars().any(is_hostile));
    }

    #[test]
    fn markdown_text_emphasis_and_blocks_are_literal() {
        assert_eq!(markdown_text("*a* _b_ ~c~"), r"\*a\* \_b\_ \~c\~");
        assert_eq!(markdown_text("$x$"), "<span>$</span>x<span>$</span>");
        assert_eq!(markdown_text(r"a\b"), r"a\\b");
        assert_eq!(markdown_text("- item"), r"\- item");
        assert_eq!(markdown_text("+ item"), r"\+ item");
        assert_eq!(markdown_text("==="), r"\===");
        assert_eq!(markdown_text("12. item"), r"12\. item");
        assert_eq!(markdown_text("1) item"), r"1\) item");
        assert_eq!(markdown_text("v1.2"), "v1.2");
        assert_eq!(markdown_text("# title"), r"\# title");
        assert_eq!(markdown_text("> quote"), "&gt; quote");
        assert_eq!(markdown_text("    code"), "&#32;   code");
        assert_eq!(markdown_text("a-b+c"), "a-b+c");
        assert_eq!(markdown_text("a|b"), r"a\|b");
    }

    #[test]
    fn markdown_text_shows_hostile_characters() {
        // a newline would end a table row; an override would reorder it
        assert_eq!(markdown_text("Ana\nB"), r"Ana\\u{a}B");
        assert_eq!(markdown_text("x\u{202E}yp.exe"), r"x\\u{202e}yp.exe");
        assert_eq!(markdown_text("a\u{200B}b\u{2066}"), r"a\\u{200b}b\\u{2066}");
        assert!(
            !markdown_text("\x1b[31m\r\t")
                .chars()
                .any(|c| c.is_control())
        );
        assert_eq!(markdown_text("张伟 é"), "张伟 é");
    }

    #[test]
    fn html_text_is_for_raw_html() {
        assert_eq!(
            html_text("<b>@all</b> & #1"),
            "&lt;b&gt;@<!-- -->all&lt;/b&gt; &amp; #<!-- -->1"
        );
        assert_eq!(html_text("a\u{202E}b"), r"a\u{202e}b");
        assert_eq!(html_text("*x* # y"), "*x* # y");
    }

    #[test]
    fn html_is_for_our_own_page() {
        assert_eq!(
            html("<img src=x onerror=alert(1)> & \"q\" 'a' @all #1"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39; @all #1"
        );
        assert_eq!(html("a\u{202E}b\nc"), r"a\u{202e}b\u{a}c");
        assert_eq!(html("张伟 é"), "张伟 é");
    }

    #[test]
    fn json_in_html_cannot_end_its_script() {
        let raw = serde_json::to_string("</script><!-- & \u{2028}\u{2029}\u{202E}").unwrap();
        let safe = json_in_html(raw);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}') && !safe.contains('\u{2029}'));
        assert_eq!(
            safe,
            r#""\u003c/script\u003e\u003c!-- \u0026 \u2028\u2029\u202e""#
        );
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}\u{2029}\u{202E}");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(markdown_code("ml/train.py"), "`ml/train.py`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("a``b`"), "``` a``b` ```");
        assert_eq!(
            markdown_code("`](javascript:alert(1))"),
            "`` `](javascript:alert(1)) ``"
        );
        assert_eq!(markdown_code(" x"), "`  x `");
        assert_eq!(markdown_code("  "), "`  `");
        assert_eq!(markdown_code(""), "` `");
        assert_eq!(markdown_code("@everyone <b>"), "`@everyone <b>`");
        assert_eq!(markdown_code("a\nb\u{202E}"), r"`a\u{a}b\u{202e}`");
    }
}
