//! `scan --format html`: one self-contained page that opens from disk with no network. A
//! Content-Security-Policy forbids every load; the CSS and the script are inline, the charts
//! are SVG, and the report rides along as JSON. The verdict and the headline numbers say what
//! the text and Markdown reports say; the treemap (drawn by the script from the embedded tree),
//! the trends, the boundary and the risks follow. Every list has a size limit, so the page of a
//! 100k-commit repository stays small, and the page says what it left out.

mod charts;
mod data;
mod markup;
mod tables;
mod treemap;

use markup::{Html, Inline, count};
use tables::People;

use super::timeline::TimelineRow;
use super::{Report, escape, inline, views};

pub use data::{BUDGET, Caps, Cut};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

/// Nothing is loaded from anywhere: no script, style, image, font, frame or connection but
/// the page's own inline ones (and `data:` images), no form, no base URL.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                       img-src data:; base-uri 'none'; form-action 'none'";

/// Records script errors and blocked loads on `<html>` (`data-errors`, `data-csp`), for the
/// browser test and for anyone who opens the developer tools. It runs first, so that an error
/// in the main script is caught too.
const WATCH: &str = "(function(){var r=document.documentElement;\
function add(k,v){r.setAttribute(k,(r.getAttribute(k)||'')+v+'\\n');}\
window.addEventListener('error',function(e){add('data-errors',(e.message||'error')+' at '+(e.lineno||0)+':'+(e.colno||0));});\
window.addEventListener('unhandledrejection',function(e){add('data-errors','unhandled: '+e.reason);});\
document.addEventListener('securitypolicyviolation',function(e){add('data-csp',e.violatedDirective+' '+e.blockedURI);});})();";

pub fn render(r: &Report, trends: &[TimelineRow]) -> String {
    let people = People::new(r);
    let (report_json, cuts) = data::embedded(r);
    let tree = treemap::tree(r);
    let tree_note = map_note(&tree);
    let tree_json = escape::json_in_html(serde_json::to_string(&tree).expect("trees serialise"));

    let head: String = r.repository.head.chars().take(12).collect();
    let day = views::day(Some(&r.repository.reference_time));
    let mut page = String::with_capacity(report_json.len() + tree_json.len() + 100_000);
    page.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>mlowners · {} ({})</title>\n<style>\n{STYLE}</style>\n<script>{WATCH}</script>\n\
         </head><body><main>\n",
        Html::text(&head),
        Html::text(&day),
    ));
    let sections = [
        header(r, &people),
        map(tree_note),
        Html::lit("Trends")
            .wrap("h2", "")
            .and(charts::trends(r, trends))
            .wrap("section", ""),
        tables::areas(&people),
        tables::boundary(&people),
        tables::couplings(&people),
        tables::risks(&people),
        tables::silos(&people),
        tables::team_shape(&people),
        tables::untouched(&people),
        footer(r, &cuts),
    ];
    for s in sections {
        page.push_str(s.as_str());
        page.push('\n');
    }
    page.push_str("<div id=\"tip\" hidden></div>\n</main>\n");
    page.push_str("<script type=\"application/json\" id=\"report\">");
    page.push_str(&report_json);
    page.push_str("</script>\n<script type=\"application/json\" id=\"page\">");
    page.push_str(&tree_json);
    page.push_str("</script>\n<script>\n");
    page.push_str(SCRIPT);
    page.push_str("</script>\n</body></html>\n");
    page
}

/// The verdict, what was analysed, and the headline numbers.
fn header(r: &Report, p: &People) -> Html {
    let mut out = Html::lit("mlowners")
        .wrap("h1", "")
        .and(verdict(r, p))
        .and(inline::history::<Html>(r).wrap("p", "history"));
    if r.repository.shallow {
        out = out.and(
            Html::lit(
                "<strong>Shallow clone</strong>: the history is cut and every number is \
                 partial (<code>git fetch --unshallow</code>, or <code>fetch-depth: 0</code> in \
                 GitHub Actions).",
            )
            .wrap("p", "shallow"),
        );
    }
    out.and(cards(r, p)).wrap("header", "")
}

/// One line, as the Markdown report's verdict says it, with a coloured mark.
fn verdict(r: &Report, p: &People) -> Html {
    let mark = match r.summary.bus_factor {
        None => "<span class=\"mark none\"></span>",
        Some(0 | 1) => "<span class=\"mark bad\"></span>",
        Some(2) => "<span class=\"mark warn\"></span>",
        Some(_) => "<span class=\"mark good\"></span>",
    };
    let sentence = inline::verdict(r, |ids| p.list(ids, inline::VERDICT_PEOPLE))
        .unwrap_or_else(|| Html::lit("No analysed files: nothing to report."));
    Html::lit(mark).and(sentence).wrap("p", "verdict")
}

/// The headline numbers, as the Markdown report's summary table gives them.
fn cards(r: &Report, p: &People) -> Html {
    let s = &r.summary;
    let b = &r.boundary;
    let set = &r.settings;
    let card = |class: &'static str, what: &'static str, value: Html, detail: Html| {
        Html::lit(what)
            .wrap("span", "what")
            .and(value.wrap("b", ""))
            .and(detail.wrap("span", ""))
            .wrap("div", class)
    };
    let days = |n: u32| Html::num(n.into()).then(" days");
    let bus_class = if matches!(s.bus_factor, Some(0 | 1)) {
        "card bad"
    } else {
        "card"
    };
    let cards = [
        card(
            bus_class,
            "Bus factor",
            s.bus_factor.map_or(Html::lit("-"), |b| Html::num(b.into())),
            p.list(&s.key_people, inline::VERDICT_PEOPLE),
        ),
        card(
            "card",
            "Files",
            Html::num(s.files),
            count::<Html>(s.lines, "line", "lines")
                .then(", ")
                .and(Html::num(s.area_files))
                .then(" in areas"),
        ),
        card(
            "card",
            "Orphaned and unmaintained",
            Html::pct(s.area_orphaned_unmaintained_share),
            Html::lit("of area files; ")
                .and(count(
                    s.orphaned_files.saturating_sub(s.maintained_files),
                    "file",
                    "files",
                ))
                .then(" in all"),
        ),
        card(
            "card",
            "Orphaned",
            Html::pct(s.area_orphaned_share),
            Html::lit("of area files; ")
                .and(count(s.orphaned_files, "file", "files"))
                .then(" in all, ")
                .and(Html::num(s.maintained_files))
                .then(" of them maintained"),
        ),
        card(
            "card",
            "Untouched",
            Html::pct(s.area_untouched_share),
            Html::lit("of area files, no change in ")
                .and(days(set.stale_days))
                .then("; ")
                .and(count(s.untouched_files, "file", "files"))
                .then(" in all"),
        ),
        card(
            "card",
            "Contributors",
            Html::num(s.contributors),
            Html::num(s.active_contributors)
                .then(" active in the last ")
                .and(days(set.active_days)),
        ),
        card(
            "card",
            "DS/SE crossings",
            Html::num(b.crossings),
            Html::lit("by ")
                .and(count(b.crossers.len() as u64, "person", "people"))
                .then("; ")
                .and(count(b.boundary_files.len() as u64, "file", "files"))
                .then(" with authors from both sides"),
        ),
    ];
    Html::join(cards, "").wrap("div", "cards")
}

/// What the map draws one by one, and what it sums.
fn map_note(t: &treemap::Tree) -> Html {
    let mut h = Html::lit("The map draws ");
    if t.drawn_directories == t.directories && t.drawn_files == t.files {
        h = h.then("every directory and file with lines.");
    } else {
        h = h
            .and(Html::num(t.drawn_directories as u64))
            .then(" of ")
            .and(count(t.directories as u64, "directory", "directories"))
            .then(" and ")
            .and(Html::num(t.drawn_files as u64))
            .then(" of ")
            .and(count(t.files as u64, "file", "files"))
            .then(" one by one (the largest, at most ")
            .and(Html::num(treemap::MAX_CHILDREN as u64))
            .then(" in a directory); the rest of each directory is one hatched rectangle.");
    }
    h
}

fn map(note: Html) -> Html {
    let controls = Html::lit(
        "<div class=\"controls\" role=\"radiogroup\" aria-label=\"Colour\"><strong>Colour by</strong>\
         <label><input type=\"radio\" name=\"mode\" value=\"bus\" checked> bus factor</label>\
         <label><input type=\"radio\" name=\"mode\" value=\"age\"> untouched age</label>\
         <label><input type=\"radio\" name=\"mode\" value=\"dsse\"> DS/SE share</label></div>\
         <nav id=\"crumbs\" aria-label=\"Zoom\"></nav><div id=\"treemap\"></div>\
         <noscript><p class=\"note\">The map needs JavaScript; every number is also in the \
         tables below and in the embedded JSON.</p></noscript><div id=\"legend\" class=\"legend\"></div>",
    );
    Html::lit("Where the knowledge is")
        .wrap("h2", "")
        .and(
            Html::lit(
                "Area is lines at the reference commit. Hover a rectangle for its numbers; \
                 click a directory to zoom in, and the path above the map to go back up.",
            )
            .wrap("p", "note"),
        )
        .and(controls)
        .and(note.wrap("p", "note"))
        .wrap("section", "")
}

/// What the words mean, what the page leaves out, and where it comes from.
fn footer(r: &Report, cuts: &[Cut]) -> Html {
    let s = &r.settings;
    let days = |n: u32| Html::num(n.into()).then(" days");
    let mut h = Html::lit("<strong>Active</strong>: changed something in the last ")
        .and(days(s.active_days))
        .then(" · <strong>orphaned</strong>: no active author · <strong>unmaintained</strong>: and no active non-author changed it in ")
        .and(days(s.active_days))
        .then(" · <strong>untouched</strong>: no change in ")
        .and(days(s.stale_days))
        .then(" · <strong>crossing</strong>: a change to an area of one side by a person of the other")
        .wrap("p", "");
    if !cuts.is_empty() {
        let items = cuts.iter().map(|c| {
            let what = Html::text(c.list);
            let li = if c.total == 0 {
                what.then(": the first ").and(Html::num(c.kept as u64))
            } else {
                what.then(": ")
                    .and(Html::num(c.kept as u64))
                    .then(" of ")
                    .and(Html::num(c.total as u64))
            };
            li.wrap("li", "")
        });
        h = h
            .and(
                Html::lit(
                    "The embedded JSON report (<code>&lt;script id=\"report\"&gt;</code>) keeps \
                     the page small; <code>--format json</code> has every row. It keeps:",
                )
                .wrap("p", ""),
            )
            .and(Html::join(items, "").wrap("ul", ""));
    }
    let mut source = Html::lit("mlowners · commit ")
        .and(Html::text(&r.repository.head).wrap("code", ""))
        .then(" · reference time ")
        .and(Html::text(&r.repository.reference_time));
    if let Some(config) = &s.config {
        source = source
            .then(" · config ")
            .and(Html::text(config).wrap("code", ""));
    }
    if let Some(since) = &s.since {
        source = source.then(" · since ").and(Html::text(since));
    }
    h.and(source.wrap("p", "")).wrap("footer", "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testkit::huge;

    #[test]
    fn the_page_loads_nothing_and_says_the_verdict() {
        let r = huge(30, 5);
        let page = render(&r, &[]);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains(&format!("content=\"{CSP}\"")));
        for url in ["http:", "https:", "//cdn", "src=\"/", "href=\""] {
            assert!(!page.contains(url), "{url}");
        }
        assert!(
            page.contains("<strong>Bus factor 40</strong>: "),
            "the verdict"
        );
        assert!(page.contains("No trend yet"));
        assert!(page.contains("<script type=\"application/json\" id=\"report\">"));
        assert!(page.contains("<script type=\"application/json\" id=\"page\">"));
        // the embedded JSON reads back
        let json = page
            .split("id=\"report\">")
            .nth(1)
            .and_then(|s| s.split("</script>").next())
            .unwrap();
        let back: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back["files"].as_array().unwrap().len(), 30);
    }

    #[test]
    fn hostile_names_and_paths_stay_inert() {
        let mut r = huge(6, 3);
        let evil = "<img src=x onerror=alert(1)></script><!--\u{202E}\u{2028}";
        r.contributors[0].id = evil.into();
        r.contributors[0].name = evil.into();
        r.summary.key_people = vec![evil.into()];
        r.files[0].path = format!("ml/{evil}.py");
        r.files[0].authors = vec![evil.into()];
        r.areas[0].name = evil.into();
        r.boundary.crossers[0].id = evil.into();
        r.knowledge_at_risk.departed[0].files = vec![format!("ml/{evil}.py")];
        let page = render(&r, &[]);
        assert!(!page.contains("<img"));
        assert!(!page.contains("<!--"));
        assert!(!page.contains('\u{202E}') && !page.contains('\u{2028}'));
        assert_eq!(
            page.matches("</script>").count(),
            4,
            "only our own scripts end"
        );
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;!--\\u{202e}"));
        assert!(page.contains("\\u003cimg src=x onerror=alert(1)\\u003e"));
    }

    #[test]
    fn a_huge_report_stays_under_five_megabytes() {
        let mut r = huge(30_000, 7_000);
        for f in &mut r.files {
            f.path = format!("{}/{}", "very-long-directory-name".repeat(4), f.path);
        }
        r.directories = crate::report::testkit::directories_of(&r.files);
        let page = render(&r, &[]);
        assert!(page.len() < 5_000_000, "{} bytes", page.len());
        assert!(
            page.contains("files (the largest): 3,000 of 30,000"),
            "the cut is said"
        );
        assert!(page.contains("one hatched rectangle"));
    }
}
