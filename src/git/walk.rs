//! The commits reachable from the reference commit, parents before children.
//!
//! The commit graph (parents and times of each commit) is kept in the cache, so a re-run walks
//! it from memory and reads only the commits it has not seen; the order is computed here, the
//! same way whether the graph came from the cache or from the repository.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use git2::{ErrorCode, Oid, Repository};
use serde::{Deserialize, Serialize};

use super::raw_commit;

/// What the walk needs of a commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub parents: Vec<[u8; 20]>,
    pub commit_time: i64,
    pub author_time: i64,
    /// Why the commit is not read as libgit2 reads it (see [`raw_commit::Commit::problem`]);
    /// kept here so that a warm scan warns as a cold one does.
    pub problem: Option<String>,
}

/// An id as the 20 bytes the cache stores.
pub(crate) fn raw(id: Oid) -> [u8; 20] {
    let mut b = [0; 20];
    b.copy_from_slice(id.as_bytes());
    b
}

pub(crate) fn oid(raw: &[u8; 20]) -> Oid {
    Oid::from_bytes(raw).expect("20 bytes")
}

fn load(repo: &Repository, id: Oid) -> Result<Option<Node>, git2::Error> {
    match raw_commit::read(repo, id) {
        Ok(c) => Ok(Some(Node {
            parents: c.parents.into_iter().map(raw).collect(),
            commit_time: c.commit_time,
            author_time: c.author.time,
            problem: c.problem.map(str::to_owned),
        })),
        // a shallow clone's boundary, or a commit a partial clone does not have
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every commit reachable from `head`, in an order where parents come before children and,
/// among commits whose parents are all placed, the oldest (commit time, then id) comes first.
/// `graph` supplies known commits and receives the ones read from the repository; on return
/// it holds exactly the reachable commits. Also returns how many commits were read.
pub fn history(
    repo: &Repository,
    head: Oid,
    graph: &mut HashMap<Oid, Node>,
) -> Result<(Vec<Oid>, usize), git2::Error> {
    let mut read = 0;
    let mut reachable: HashMap<Oid, Node> = HashMap::with_capacity(graph.len() + 16);
    let mut stack = vec![head];
    while let Some(id) = stack.pop() {
        if reachable.contains_key(&id) {
            continue;
        }
        let node = match graph.remove(&id) {
            Some(n) => n,
            None => match load(repo, id)? {
                Some(n) => {
                    read += 1;
                    n
                }
                None => continue,
            },
        };
        for p in &node.parents {
            let p = oid(p);
            if !reachable.contains_key(&p) {
                stack.push(p);
            }
        }
        reachable.insert(id, node);
    }

    let ids: Vec<Oid> = reachable.keys().copied().collect();
    let index: HashMap<Oid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    let mut waiting: Vec<usize> = vec![0; ids.len()];
    for (i, id) in ids.iter().enumerate() {
        for p in &reachable[id].parents {
            if let Some(&pi) = index.get(&oid(p)) {
                children[pi].push(i);
                waiting[i] += 1;
            }
        }
    }
    let key = |i: usize| Reverse((reachable[&ids[i]].commit_time, ids[i]));
    let mut ready: BinaryHeap<Reverse<(i64, Oid)>> = (0..ids.len())
        .filter(|&i| waiting[i] == 0)
        .map(key)
        .collect();
    let mut order = Vec::with_capacity(ids.len());
    while let Some(Reverse((_, id))) = ready.pop() {
        let i = index[&id];
        order.push(id);
        for &c in &children[i] {
            waiting[c] -= 1;
            if waiting[c] == 0 {
                ready.push(key(c));
            }
        }
    }
    *graph = reachable;
    Ok((order, read))
}

/// For each instant of `ends`: the newest commit of `head`'s first-parent chain whose commit
/// time is at or before it (`None` where the chain holds none). `node` gives a commit's first
/// parent and commit time (`None`: not in the repository, as at a shallow boundary).
pub fn first_parent_at<E>(
    head: Oid,
    ends: &[i64],
    mut node: impl FnMut(Oid) -> Result<Option<(Option<Oid>, i64)>, E>,
) -> Result<Vec<Option<Oid>>, E> {
    let mut found: Vec<Option<Oid>> = vec![None; ends.len()];
    let mut open = ends.len();
    let mut at = Some(head);
    while let Some(id) = at
        && open > 0
    {
        let Some((first_parent, time)) = node(id)? else {
            break;
        };
        for (f, &end) in found.iter_mut().zip(ends) {
            if f.is_none() && time <= end {
                *f = Some(id);
                open -= 1;
            }
        }
        at = first_parent;
    }
    Ok(found)
}

/// For each commit reachable from some of `points`: the index of the first point it is
/// reachable from (points are in time order, so this is the period it landed in).
pub fn landed(graph: &HashMap<Oid, Node>, points: &[Oid]) -> HashMap<Oid, usize> {
    let mut out: HashMap<Oid, usize> = HashMap::with_capacity(graph.len());
    for (k, &point) in points.iter().enumerate() {
        let mut stack = vec![point];
        while let Some(id) = stack.pop() {
            if out.contains_key(&id) {
                continue;
            }
            let Some(node) = graph.get(&id) else {
                continue;
            };
            out.insert(id, k);
            stack.extend(node.parents.iter().map(oid));
        }
    }
    out
}

/// A warning for each of `ids` that is not read as libgit2 reads it, in the order of `ids`.
pub fn warnings<'a>(
    ids: &'a [Oid],
    graph: &'a HashMap<Oid, Node>,
) -> impl Iterator<Item = String> + 'a {
    ids.iter().filter_map(|id| {
        let why = graph.get(id)?.problem.as_deref()?;
        Some(raw_commit::warning(&id.to_string(), why))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{Signature, Time};

    fn commit(repo: &Repository, t: i64, parents: &[Oid]) -> Oid {
        let sig = Signature::new("A", "a@x", &Time::new(t, 0)).unwrap();
        let tree = repo
            .find_tree(repo.treebuilder(None).unwrap().write().unwrap())
            .unwrap();
        let parents: Vec<_> = parents
            .iter()
            .map(|p| repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<_> = parents.iter().collect();
        repo.commit(None, &sig, &sig, &format!("t{t}"), &tree, &refs)
            .unwrap()
    }

    #[test]
    fn parents_first_then_oldest_and_the_cache_gives_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let a = commit(&repo, 1, &[]);
        let b = commit(&repo, 30, &[a]);
        let c = commit(&repo, 20, &[a]);
        // committed before its parent b: ancestry wins over time
        let d = commit(&repo, 10, &[b]);
        let m = commit(&repo, 40, &[d, c]);

        let mut graph = HashMap::new();
        let (order, read) = history(&repo, m, &mut graph).unwrap();
        assert_eq!(order, vec![a, c, b, d, m]);
        assert_eq!(read, 5);

        let (again, read) = history(&repo, m, &mut graph).unwrap();
        assert_eq!((again, read), (order, 0), "a known graph is not read again");

        let first = |id: Oid| -> Result<_, ()> {
            let n = &graph[&id];
            Ok(Some((n.parents.first().map(oid), n.commit_time)))
        };
        // m(40) → d(10) → b(30) → a(1): the newest at or before, not the latest in time
        let points = first_parent_at(m, &[0, 5, 15, 35, 40], first).unwrap();
        assert_eq!(points, [None, Some(a), Some(d), Some(d), Some(m)]);
        let landed = landed(&graph, &[d, m]);
        assert_eq!((landed[&a], landed[&b], landed[&d]), (0, 0, 0));
        assert_eq!((landed[&c], landed[&m]), (1, 1));

        let (from_c, _) = history(&repo, c, &mut graph).unwrap();
        assert_eq!(from_c, vec![a, c]);
        assert_eq!(graph.len(), 2, "only reachable commits are kept");
    }
}
