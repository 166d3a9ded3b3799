//! `mlowners identities`: who was joined with whom and why, and the near misses, so that a lead
//! can settle them with a `.mailmap` in minutes.

use serde::Serialize;

use super::escape::terminal;
use super::{Join, NearMiss, Report};

/// The JSON of `mlowners identities`: the part of the scan report about people.
#[derive(Serialize)]
struct Identities<'a> {
    contributors: Vec<Person<'a>>,
    near_misses: &'a [NearMiss],
}

#[derive(Serialize)]
struct Person<'a> {
    id: &'a str,
    names: &'a [String],
    emails: &'a [String],
    joins: &'a [Join],
}

pub fn json(r: &Report) -> String {
    let v = Identities {
        contributors: r
            .contributors
            .iter()
            .map(|c| Person {
                id: &c.id,
                names: &c.names,
                emails: &c.emails,
                joins: &c.joins,
            })
            .collect(),
        near_misses: &r.identity_near_misses,
    };
    let mut s = serde_json::to_string_pretty(&v).expect("identities serialise");
    s.push('\n');
    super::escape::json(s)
}

pub fn text(r: &Report) -> String {
    let mut o = String::new();
    let joined: Vec<_> = r
        .contributors
        .iter()
        .filter(|c| c.emails.len() > 1)
        .collect();
    o.push_str(&format!(
        "{} contributors; {} of them joined from several e-mails\n",
        r.contributors.len(),
        joined.len()
    ));
    for c in joined {
        o.push_str(&format!(
            "\n{}  ({})\n",
            terminal(&c.id),
            terminal(&c.names.join(", "))
        ));
        for j in &c.joins {
            o.push_str(&format!(
                "  {} = {}  ({})\n",
                terminal(&j.email),
                terminal(&j.with),
                j.why.replace('_', " ")
            ));
        }
    }
    o.push_str(&format!(
        "\nNEAR MISSES (not joined; if they are one person, add a .mailmap line): {}\n",
        r.identity_near_misses.len()
    ));
    for m in &r.identity_near_misses {
        o.push_str(&format!(
            "  {} / {}: {}\n",
            terminal(&m.a),
            terminal(&m.b),
            terminal(&m.why)
        ));
    }
    o
}
