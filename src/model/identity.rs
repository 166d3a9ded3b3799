//! Contributors from commit identities: aliases, then the same-name merge of DESIGN.md §2.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use super::{Contributor, Join, JoinReason};

/// Names that are no person's: identities using them never merge by name.
pub const NOT_A_PERSON: &[&str] = &[
    "",
    "root",
    "unknown",
    "admin",
    "administrator",
    "user",
    "ubuntu",
    "ec2-user",
    "system administrator",
    "your name",
    "none",
    "nobody",
    "anonymous",
    "github",
    "git",
    "jenkins",
    "builder",
    "build",
    "travis",
    "ci",
];

/// Lower-cased, trimmed, inner white space collapsed, accents folded (`Cédric` written with a
/// combining accent or without, and `López` and `Lopez`, are one name).
pub fn normalise_name(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|&c| unicode_normalization::char::canonical_combining_class(c) == 0)
        .collect();
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Commits made with one e-mail, and how many under each name.
type EmailUse = (u64, BTreeMap<String, u64>);

/// Union-find over e-mails that also remembers why each join was made.
struct UnionFind(Vec<usize>, Vec<(usize, usize, JoinReason)>);

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize, why: JoinReason) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
            self.1.push((a, b, why));
        }
    }
}

/// What joins e-mails besides the built-in evidence (DESIGN.md §2, Contributor).
#[derive(Debug, Clone, Copy, Default)]
pub struct Rules<'a> {
    /// `[aliases]`: an e-mail or name → the e-mail or name it stands for.
    pub aliases: &'a [(String, String)],
    /// `[github]`: a lower-cased e-mail → its GitHub login.
    pub github: &'a [(String, String)],
    pub merge_same_name: bool,
}

/// One identity seen in the history: `commits` is 1 for a commit's author, 0 for a co-author
/// (who is a person to join, but not the one whose e-mail has "the most commits").
#[derive(Debug, Clone, Copy)]
pub struct Sighting<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub commits: u64,
}

/// The contributors of a history, and for each (name, e-mail) identity its contributor index.
pub struct Identities {
    pub contributors: Vec<Contributor>,
    /// By lower-cased e-mail (an identity's contributor is its e-mail's).
    by_email: HashMap<String, u32>,
}

impl Identities {
    /// `sightings`: every author and co-author identity, after the mailmap.
    pub fn build<'a>(sightings: impl IntoIterator<Item = Sighting<'a>>, rules: &Rules<'_>) -> Self {
        let aliases = rules.aliases;
        // per lower-cased e-mail: commits, and commits per name
        let mut emails: BTreeMap<String, EmailUse> = BTreeMap::new();
        for Sighting {
            name,
            email,
            commits,
        } in sightings
        {
            let e = emails.entry(email.to_lowercase()).or_default();
            e.0 += commits;
            *e.1.entry(name.to_owned()).or_default() += commits;
        }
        let index: HashMap<&str, usize> = emails
            .keys()
            .enumerate()
            .map(|(i, e)| (e.as_str(), i))
            .collect();
        let (groups, joins) = merge_groups(&emails, &index, rules);
        let keys: Vec<(&String, &EmailUse)> = emails.iter().collect();
        let targets: BTreeSet<String> = aliases
            .iter()
            .filter(|(_, to)| to.contains('@'))
            .map(|(_, to)| to.to_lowercase())
            .collect();
        let mut contributors: Vec<(Contributor, Vec<usize>)> = groups
            .into_iter()
            .map(|members| {
                let mut c = contributor(&keys, &members, &targets);
                c.github = login(&c.emails, rules.github);
                c.joins = joins
                    .iter()
                    .filter(|(a, _, _)| members.contains(a))
                    .map(|&(a, b, why)| Join {
                        email: keys[a].0.clone(),
                        with: keys[b].0.clone(),
                        why,
                    })
                    .collect();
                (c, members)
            })
            .collect();
        contributors.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        let mut email_to_contributor = vec![0u32; emails.len()];
        for (ci, (_, members)) in contributors.iter().enumerate() {
            for &m in members {
                email_to_contributor[m] = ci as u32;
            }
        }
        let by_email = keys
            .iter()
            .zip(&email_to_contributor)
            .map(|((e, _), &c)| ((*e).clone(), c))
            .collect();
        Identities {
            contributors: contributors.into_iter().map(|(c, _)| c).collect(),
            by_email,
        }
    }

    /// The contributor of a lower-cased e-mail, if it was among the sightings.
    pub fn of_email(&self, lower_case_email: &str) -> Option<u32> {
        self.by_email.get(lower_case_email).copied()
    }
}

/// A contributor's GitHub login: the `[github]` entry of one of its e-mails (in e-mail order),
/// else the login of a noreply address it uses.
fn login(emails: &[String], github: &[(String, String)]) -> Option<String> {
    emails
        .iter()
        .find_map(|e| github.iter().find(|(g, _)| g == e).map(|(_, l)| l.clone()))
        .or_else(|| {
            emails
                .iter()
                .find_map(|e| noreply_login(e).map(str::to_owned))
        })
}

/// The GitHub login a noreply address carries: `12345+login@users.noreply.github.com` and
/// `login@users.noreply.github.com` both give `login`.
pub fn noreply_login(email: &str) -> Option<&str> {
    let local = email.strip_suffix("@users.noreply.github.com")?;
    let login = local.split_once('+').map_or(local, |(_, l)| l);
    (!login.is_empty()).then_some(login)
}

/// What names a person's account in an e-mail: the noreply login, else the local part.
pub fn handle(email: &str) -> &str {
    noreply_login(email).unwrap_or_else(|| email.split('@').next().unwrap_or(email))
}

/// E-mails (indices into `emails`) that are one person: joined by aliases and `[github]`
/// logins, then by name (a one-word name only with further evidence: the same handle), then a
/// noreply login with the e-mail whose local part is that login when their names share a word.
fn merge_groups(
    emails: &BTreeMap<String, EmailUse>,
    index: &HashMap<&str, usize>,
    rules: &Rules<'_>,
) -> Groups {
    // ordered: the joins are recorded in the order they are made, the same on every run
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (_, (_, names))) in emails.iter().enumerate() {
        for n in names.keys() {
            by_name.entry(normalise_name(n)).or_default().push(i);
        }
    }
    let mut uf = UnionFind((0..emails.len()).collect(), Vec::new());
    let members = |key: &str| -> Vec<usize> {
        if key.contains('@') {
            index
                .get(key.to_lowercase().as_str())
                .copied()
                .into_iter()
                .collect()
        } else {
            by_name
                .get(&normalise_name(key))
                .cloned()
                .unwrap_or_default()
        }
    };
    for (from, to) in rules.aliases {
        let group: Vec<usize> = members(from).into_iter().chain(members(to)).collect();
        for w in group.windows(2) {
            uf.union(w[0], w[1], JoinReason::Alias);
        }
    }
    let keys: Vec<&str> = emails.keys().map(String::as_str).collect();
    // `steve` is a first name when some `Steve …` exists: a handle that is only that first name
    // (steve@one.org, steve@other.net) is no evidence of one person
    let first_names: HashSet<&str> = by_name
        .keys()
        .filter_map(|n| n.split_once(' ').map(|(first, _)| first))
        .collect();
    // e-mails mapped to one login, and that login's noreply addresses, are one GitHub account
    let mut by_github: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (email, login) in rules.github {
        if let Some(&i) = index.get(email.as_str()) {
            by_github.entry(login.to_lowercase()).or_default().push(i);
        }
    }
    for (i, e) in keys.iter().enumerate() {
        if let Some(group) = noreply_login(e).and_then(|l| by_github.get_mut(&l.to_lowercase())) {
            group.push(i);
        }
    }
    for group in by_github.values() {
        for w in group.windows(2) {
            uf.union(w[0], w[1], JoinReason::GithubLogin);
        }
    }
    if !rules.merge_same_name {
        return groups(&mut uf, emails.len());
    }
    for (name, group) in &by_name {
        if NOT_A_PERSON.contains(&name.as_str()) {
            continue;
        }
        if name.contains(' ') {
            for w in group.windows(2) {
                uf.union(w[0], w[1], JoinReason::SameName);
            }
        } else {
            // `steve`, `alex`: a first name alone is shared by many people
            let mut by_handle: HashMap<&str, usize> = HashMap::new();
            for &m in group {
                let h = handle(keys[m]);
                if first_names.contains(name.as_str()) && h.eq_ignore_ascii_case(name) {
                    continue;
                }
                match by_handle.entry(h) {
                    std::collections::hash_map::Entry::Occupied(e) => {
                        uf.union(*e.get(), m, JoinReason::SameHandle)
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(m);
                    }
                }
            }
        }
    }
    let words = |i: usize| -> Vec<String> {
        emails[keys[i]]
            .1
            .keys()
            .flat_map(|n| {
                normalise_name(n)
                    .split(' ')
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter(|w| !w.is_empty() && !NOT_A_PERSON.contains(&w.as_str()))
            .collect()
    };
    let mut by_local: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in keys.iter().enumerate() {
        if noreply_login(e).is_none() {
            by_local.entry(handle(e)).or_default().push(i);
        }
    }
    // two noreply addresses with the same login are one GitHub account
    let mut by_login: HashMap<&str, usize> = HashMap::new();
    for (i, e) in keys.iter().enumerate() {
        if let Some(login) = noreply_login(e) {
            match by_login.entry(login) {
                std::collections::hash_map::Entry::Occupied(o) => {
                    uf.union(*o.get(), i, JoinReason::NoreplyLogin)
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
    }
    // a name that is the login itself (`nerdinand`) is the account's own evidence
    let named =
        |i: usize, login: &str| emails[keys[i]].1.keys().any(|n| normalise_name(n) == login);
    for (i, e) in keys.iter().enumerate() {
        let Some(login) = noreply_login(e) else {
            continue;
        };
        let mine = words(i);
        for &j in by_local.get(login).into_iter().flatten() {
            if words(j).iter().any(|w| mine.contains(w)) || named(i, login) || named(j, login) {
                uf.union(i, j, JoinReason::NoreplyLogin);
            }
        }
        // others who sign with this login as their name, unless it is a first name, no one's, or
        // a name several people use (their e-mails have different handles)
        let signers: Vec<usize> = by_name
            .get(login)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&j| noreply_login(keys[j]).is_none())
            .collect();
        let one_handle = signers
            .windows(2)
            .all(|w| handle(keys[w[0]]) == handle(keys[w[1]]));
        if one_handle && !first_names.contains(login) && !NOT_A_PERSON.contains(&login) {
            for j in signers {
                uf.union(i, j, JoinReason::NoreplyLogin);
            }
        }
    }
    groups(&mut uf, emails.len())
}

/// The groups, and the joins that made them.
type Groups = (Vec<Vec<usize>>, Vec<(usize, usize, JoinReason)>);

fn groups(uf: &mut UnionFind, n: usize) -> Groups {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    (groups.into_values().collect(), std::mem::take(&mut uf.1))
}

/// One merged contributor: the id is the e-mail an alias names as the target, else the e-mail
/// with the most commits (ties: the smallest; members are in e-mail order); the name is the one
/// used on the most commits.
fn contributor(
    keys: &[(&String, &EmailUse)],
    members: &[usize],
    targets: &BTreeSet<String>,
) -> Contributor {
    let id_ix = members
        .iter()
        .copied()
        .find(|&m| targets.contains(keys[m].0))
        .unwrap_or_else(|| {
            // an empty e-mail (`<>`) is no id while the person has another
            *members
                .iter()
                .max_by(|&&a, &&b| {
                    (!keys[a].0.is_empty(), keys[a].1.0)
                        .cmp(&(!keys[b].0.is_empty(), keys[b].1.0))
                        .then(b.cmp(&a))
                })
                .expect("a group has members")
        });
    let mut names: BTreeMap<&str, u64> = BTreeMap::new();
    for &m in members {
        for (n, c) in &keys[m].1.1 {
            *names.entry(n.as_str()).or_default() += c;
        }
    }
    let name = names
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(n, _)| n.to_string())
        .unwrap_or_default();
    Contributor {
        id: keys[id_ix].0.clone(),
        name,
        emails: members.iter().map(|&m| keys[m].0.clone()).collect(),
        names: names.keys().map(|n| n.to_string()).collect(),
        joins: Vec::new(),
        github: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(
        list: &[(&str, &str)],
        aliases: &[(&str, &str)],
        merge: bool,
    ) -> Vec<(String, Vec<String>)> {
        let aliases: Vec<(String, String)> = aliases
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let rules = Rules {
            aliases: &aliases,
            github: &[],
            merge_same_name: merge,
        };
        Identities::build(
            list.iter().map(|&(name, email)| sight(name, email, 1)),
            &rules,
        )
        .contributors
        .into_iter()
        .map(|c| (c.id, c.emails))
        .collect()
    }

    fn sight<'a>(name: &'a str, email: &'a str, commits: u64) -> Sighting<'a> {
        Sighting {
            name,
            email,
            commits,
        }
    }

    #[test]
    fn a_github_mapping_joins_its_noreply_address_and_gives_the_login() {
        let github = vec![("ana@corp.com".to_string(), "AnaSato".to_string())];
        let rules = Rules {
            github: &github,
            ..Rules::default()
        };
        let who = Identities::build(
            [
                sight("A. S.", "4242+anasato@users.noreply.github.com", 1),
                sight("Ana Sato", "ana@corp.com", 2),
                sight("Bo", "7+bo@users.noreply.github.com", 1),
            ],
            &rules,
        );
        let c = &who.contributors;
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].id, "ana@corp.com");
        assert_eq!(c[1].joins[0].why, JoinReason::GithubLogin);
        let logins: Vec<_> = c.iter().map(|c| c.github.as_deref()).collect();
        assert_eq!(logins, [Some("bo"), Some("AnaSato")]);
    }

    #[test]
    fn a_co_author_is_a_person_but_its_sightings_are_no_commits() {
        let who = Identities::build(
            [
                sight("Ana Sato", "ana@old.org", 0),
                sight("Ana Sato", "ana@old.org", 0),
                sight("Ana Sato", "ana@new.org", 1),
                sight("Bob Stone", "bob@x.org", 0),
            ],
            &Rules {
                merge_same_name: true,
                ..Rules::default()
            },
        );
        let ids: Vec<&str> = who.contributors.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["ana@new.org", "bob@x.org"]);
        assert_eq!(who.of_email("bob@x.org"), Some(1));
    }

    #[test]
    fn same_name_merges_transitively_and_picks_busiest_email() {
        let got = ids(
            &[
                ("Ana  Sato", "a@x.org"),
                ("ana sato", "B@y.org"),
                ("ana sato", "b@y.org"),
                ("Bob", "bob@z.org"),
            ],
            &[],
            true,
        );
        assert_eq!(
            got,
            vec![
                ("b@y.org".into(), vec!["a@x.org".into(), "b@y.org".into()]),
                ("bob@z.org".into(), vec!["bob@z.org".into()]),
            ]
        );
    }

    #[test]
    fn accents_fold_and_an_empty_email_is_no_id() {
        let list = [
            ("Julia López", "jl@a.org"),
            ("Julia Lopez", "j@b.org"),
            ("Ce\u{301}dric Fabianski", "c@a.org"),
            ("Cédric FABIANSKI", "c@b.org"),
            ("Gareth Adams", ""),
            ("Gareth Adams", ""),
            ("Gareth Adams", "g@x.org"),
        ];
        let got = ids(&list, &[], true);
        let got: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(got, ["c@a.org", "g@x.org", "j@b.org"]);
    }

    #[test]
    fn root_never_merges_and_merge_can_be_off() {
        let list = [
            ("root", "r1@h1"),
            ("root", "r2@h2"),
            ("Ana Sato", "a@x"),
            ("Ana Sato", "b@x"),
        ];
        assert_eq!(ids(&list, &[], true).len(), 3);
        assert_eq!(ids(&list, &[], false).len(), 4);
    }

    #[test]
    fn aliases_join_emails_and_names_ties_pick_smallest() {
        let list = [("Ana S.", "old@x.org"), ("Ana Sato", "ana@ds.org")];
        let got = ids(&list, &[("Ana S.", "old@ds.org")], false);
        assert_eq!(got.len(), 2, "an alias to an unknown e-mail joins nobody");
        let got = ids(&list, &[("Ana S.", "Ana Sato")], false);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].0, "ana@ds.org",
            "one commit each: the smallest e-mail"
        );
    }

    #[test]
    fn an_alias_target_is_the_id_even_against_more_commits() {
        let list = [
            ("Ana", "busy@old.org"),
            ("Ana", "busy@old.org"),
            ("Ana", "busy@old.org"),
            ("Ana Sato", "ana@ds.org"),
        ];
        let got = ids(&list, &[("busy@old.org", "ana@ds.org")], true);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "ana@ds.org");
    }

    #[test]
    fn a_one_word_name_needs_the_same_handle() {
        let list = [
            ("steve", "steve@a.org"),
            ("steve", "steve@b.org"),
            ("steve", "sk@c.org"),
            ("steve", "12+steve@users.noreply.github.com"),
        ];
        let got = ids(&list, &[], true);
        assert_eq!(
            got,
            vec![
                (
                    "12+steve@users.noreply.github.com".into(),
                    vec![
                        "12+steve@users.noreply.github.com".into(),
                        "steve@a.org".into(),
                        "steve@b.org".into()
                    ]
                ),
                ("sk@c.org".into(), vec!["sk@c.org".into()]),
            ]
        );
    }

    #[test]
    fn a_handle_that_is_only_a_known_first_name_joins_nobody() {
        let list = [
            ("steve", "steve@lesseverything.com"),
            ("steve", "steve@whilefalse.net"),
            ("Steven Anderson", "steve@whilefalse.net"),
            ("Steve Klabnik", "sk@x.org"),
            ("earlopain", "earlopain@proton.me"),
            ("earlopain", "14981592+earlopain@users.noreply.github.com"),
        ];
        let got = ids(&list, &[], true);
        assert_eq!(
            got.len(),
            4,
            "steve stays two people, earlopain is one: {got:?}"
        );
    }

    #[test]
    fn a_login_used_as_a_name_joins_its_noreply_address() {
        let list = [
            // the noreply side signs with the login, the other with a full name
            ("nerdinand", "77+nerdinand@users.noreply.github.com"),
            ("Ferdinand Niedermann", "nerdinand@gmail.com"),
            // the login is the other side's name
            ("Misaki Shioi", "31+shioimm@users.noreply.github.com"),
            ("shioimm", "misaki@corp.example"),
            // a first name as login joins nobody by name
            ("Steve", "5+steve@users.noreply.github.com"),
            ("steve", "s@a.example"),
            ("Steve Klabnik", "sk@b.example"),
        ];
        let got = ids(&list, &[], true);
        assert_eq!(got.len(), 5, "{got:?}");
    }

    #[test]
    fn a_noreply_login_joins_its_local_part_when_the_names_share_a_word() {
        let list = [
            ("Ana Sato", "4242+anasato@users.noreply.github.com"),
            ("Ana S", "anasato@corp.com"),
            ("Bob Stone", "anasato@other.org"),
        ];
        let got = ids(&list, &[], true);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[0].1,
            vec![
                "4242+anasato@users.noreply.github.com".to_string(),
                "anasato@corp.com".to_string()
            ]
        );
        assert_eq!(
            noreply_login("anasato@users.noreply.github.com"),
            Some("anasato")
        );
        assert_eq!(noreply_login("a@example.com"), None);
    }
}
