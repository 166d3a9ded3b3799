//! Near misses of the identity rules: contributors that are kept apart but share something a
//! person would notice (a handle, a name, a name that is the other's GitHub login). A lead fixes
//! the real ones with one `.mailmap` line each.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::identity::{NOT_A_PERSON, handle, noreply_login, normalise_name};
use crate::model::{ContributorIx, Model};

/// Handles that name a mailbox role, not a person.
const NOT_A_HANDLE: &[&str] = &[
    "me", "mail", "info", "dev", "admin", "contact", "noreply", "no-reply", "git", "github",
    "root", "user", "hello", "email",
];

/// Shared by more contributors than this, a handle or name says nothing about who is who.
const MAX_SHARING: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NearMiss {
    pub a: ContributorIx,
    pub b: ContributorIx,
    pub why: String,
}

pub fn near_misses(model: &Model) -> Vec<NearMiss> {
    type Sharing = BTreeMap<String, BTreeSet<ContributorIx>>;
    let (mut handles, mut names, mut logins, mut one_word): (Sharing, Sharing, Sharing, Sharing) =
        Default::default();
    for (i, c) in model.contributors.iter().enumerate() {
        let i = i as ContributorIx;
        for e in &c.emails {
            let h = handle(e).to_lowercase();
            let generic = NOT_A_HANDLE.contains(&h.as_str()) || NOT_A_PERSON.contains(&h.as_str());
            if h.len() > 2 && !generic {
                handles.entry(h).or_default().insert(i);
            }
            if let Some(login) = noreply_login(e) {
                logins.entry(login.to_lowercase()).or_default().insert(i);
            }
        }
        for n in &c.names {
            let n = normalise_name(n);
            if n.is_empty() || NOT_A_PERSON.contains(&n.as_str()) {
                continue;
            }
            if !n.contains(' ') {
                one_word.entry(n.clone()).or_default().insert(i);
            }
            names.entry(n).or_default().insert(i);
        }
    }
    // (a, b) → the first reason found, in the order: handle, name, login
    let mut out: BTreeMap<(ContributorIx, ContributorIx), String> = BTreeMap::new();
    let mut add = |a: ContributorIx, b: ContributorIx, why: &dyn Fn() -> String| {
        if a != b {
            out.entry((a.min(b), a.max(b))).or_insert_with(why);
        }
    };
    for (sharing, what) in [(&handles, "handle"), (&names, "name")] {
        for (key, who) in sharing {
            if who.len() < 2 || who.len() > MAX_SHARING {
                continue;
            }
            for &a in who {
                for &b in who {
                    add(a, b, &|| format!("same {what} `{key}`"));
                }
            }
        }
    }
    for (login, owners) in &logins {
        let Some(named) = one_word.get(login) else {
            continue;
        };
        if named.len() > MAX_SHARING {
            continue;
        }
        for &a in owners {
            for &b in named {
                add(a, b, &|| {
                    format!("`{login}` is one's GitHub login and the other's name")
                });
            }
        }
    }
    out.into_iter()
        .map(|((a, b), why)| NearMiss { a, b, why })
        .collect()
}
