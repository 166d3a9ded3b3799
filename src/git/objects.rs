//! The trees and blobs of the hot path of mining, unpacked here from the pack files with
//! gitoxide's pack reader and git's delta-base cache.
//!
//! libgit2 keeps a delta-base cache of a fixed 16 MiB per pack and empties it whole when it is
//! full; gitoxide's object database caches only the objects asked for, not the bases on the way
//! to them, so a long delta chain is inflated again from its bottom. Either way a cold scan of
//! scala/scala inflated over twice the bytes git does (issue 12). As git's `unpack_entry` does,
//! every base a chain passes through is kept here (least recently used out first), and so is the
//! object asked for. Loose objects, alternates and objects no pack here holds are read through
//! gitoxide's object database; libgit2 still reads everything else (references, commits, the
//! head's tree, configuration).

use std::cell::{OnceCell, RefCell};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use git2::{ErrorClass, ErrorCode, Oid, Repository};
use gix_object::Kind;
use gix_pack::data::entry::Header;

/// Bytes of unpacked objects kept per thread, as git's `core.deltaBaseCacheLimit` (96 MiB) does
/// per process.
const DELTA_BASE_CACHE_BYTES: usize = 64 << 20;

/// An unpacked object's bytes, shared between the cache and whoever asked for them.
pub type Bytes = Rc<Vec<u8>>;

struct Pack {
    index: gix_pack::index::File,
    data: gix_pack::data::File,
}

struct ByLength;

impl clru::WeightScale<(usize, u64), (Kind, Bytes)> for ByLength {
    fn weight(&self, _: &(usize, u64), value: &(Kind, Bytes)) -> usize {
        value.1.len()
    }
}

type Bases = clru::CLruCache<(usize, u64), (Kind, Bytes), std::hash::RandomState, ByLength>;

/// A repository's pack files, mapped once for every thread.
pub struct Store {
    dir: PathBuf,
    packs: Vec<Pack>,
}

impl Store {
    pub fn open(repo: &Repository) -> Self {
        let dir = repo.commondir().join("objects");
        let packs = packs(&dir.join("pack"));
        Store { dir, packs }
    }
}

/// One thread's reader of a repository's objects (not shareable: the caches are its own).
pub struct Objects<'s> {
    packs: &'s [Pack],
    dir: &'s Path,
    /// Loose objects, alternates, and whatever the packs above do not hold; opened when first
    /// needed, as it maps the packs again.
    others: OnceCell<Result<gix_odb::Handle, String>>,
    inflate: RefCell<gix_zlib::Inflate>,
    /// Unpacked objects by (pack, offset).
    bases: RefCell<Bases>,
}

impl<'s> Objects<'s> {
    pub fn new(store: &'s Store) -> Self {
        let capacity = NonZeroUsize::new(DELTA_BASE_CACHE_BYTES).expect("a non-zero size");
        Objects {
            packs: &store.packs,
            dir: &store.dir,
            others: OnceCell::new(),
            inflate: RefCell::new(gix_zlib::Inflate::default()),
            bases: RefCell::new(Bases::with_config(
                clru::CLruCacheConfig::new(capacity).with_scale(ByLength),
            )),
        }
    }

    fn others(&self) -> Result<&gix_odb::Handle, String> {
        self.others
            .get_or_init(|| {
                gix_odb::at(self.dir, gix_hash::Kind::Sha1).map_err(|e| {
                    format!(
                        "cannot open the object database {}: {e}",
                        self.dir.display()
                    )
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The bytes of object `id` if it is in the repository; an error if it is of another kind.
    fn read(&self, id: Oid, kind: Kind) -> Result<Option<Bytes>, git2::Error> {
        let found = self.find(&oid(id)).map_err(|e| odb_error(id, &e))?;
        match found {
            None => Ok(None),
            Some((k, data)) if k == kind => Ok(Some(data)),
            Some((k, _)) => Err(odb_error(id, &format!("is a {k}, not a {kind}"))),
        }
    }

    fn find(&self, id: &gix_hash::oid) -> Result<Option<(Kind, Bytes)>, String> {
        for (p, pack) in self.packs.iter().enumerate() {
            if let Some(i) = pack.index.lookup(id) {
                return self.unpack(p, pack.index.pack_offset_at_index(i)).map(Some);
            }
        }
        let mut buf = Vec::new();
        let found = gix_pack::Find::try_find(self.others()?, id, &mut buf)
            .map_err(|e| e.to_string())?
            .map(|(data, _)| data.kind);
        Ok(found.map(|kind| (kind, Rc::new(buf))))
    }

    /// The object at `offset` of pack `p`: down its delta chain to a base in the cache or in
    /// the pack, then up again, keeping each object on the way.
    fn unpack(&self, p: usize, offset: u64) -> Result<(Kind, Bytes), String> {
        let pack = &self.packs[p].data;
        let mut chain = Vec::new();
        let mut at = offset;
        let (kind, mut object) = loop {
            if let Some(hit) = self.bases.borrow_mut().get(&(p, at)) {
                break hit.clone();
            }
            let entry = pack
                .entry(at)
                .map_err(|e| format!("{}: {e}", pack.path().display()))?;
            let base = match entry.header {
                Header::OfsDelta { base_distance } => {
                    Header::verified_base_pack_offset(at, base_distance).ok_or_else(|| {
                        format!("{}: a delta base out of the pack", pack.path().display())
                    })?
                }
                Header::RefDelta { base_id } => {
                    chain.push((at, entry));
                    break self
                        .find(&base_id)?
                        .ok_or_else(|| format!("the delta base {base_id} is missing"))?;
                }
                header => {
                    let kind = kind_of(header).expect("not a delta");
                    break (kind, Rc::new(self.decompress(pack, &entry)?));
                }
            };
            chain.push((at, entry));
            at = base;
        };
        // the base of each delta is the object the previous step produced (or found)
        let mut below = None;
        while let Some((at, entry)) = chain.pop() {
            if let Some(base_at) = below {
                self.keep(p, base_at, kind, &object);
            }
            let delta = self.decompress(pack, &entry)?;
            object = Rc::new(apply_delta(&object, &delta).ok_or_else(|| {
                format!("{}: a corrupt delta at offset {at}", pack.path().display())
            })?);
            below = Some(at);
        }
        if below.is_some() {
            self.keep(p, offset, kind, &object);
        }
        Ok((kind, object))
    }

    fn keep(&self, p: usize, at: u64, kind: Kind, object: &Bytes) {
        // an object larger than the whole cache is not kept (clru refuses it)
        let _ = self
            .bases
            .borrow_mut()
            .put_with_weight((p, at), (kind, object.clone()));
    }

    fn decompress(
        &self,
        pack: &gix_pack::data::File,
        entry: &gix_pack::data::Entry,
    ) -> Result<Vec<u8>, String> {
        let size = usize::try_from(entry.decompressed_size).map_err(|e| e.to_string())?;
        let mut out = vec![0; size];
        pack.decompress_entry(entry, &mut self.inflate.borrow_mut(), &mut out)
            .map_err(|e| format!("{}: {e}", pack.path().display()))?;
        Ok(out)
    }

    /// The raw entries of tree `id`; a tree that is not there is an error, as in libgit2.
    pub fn tree(&self, id: Oid) -> Result<Bytes, git2::Error> {
        self.read(id, Kind::Tree)?.ok_or_else(|| not_found(id))
    }

    /// The raw bytes of commit `id`; a commit that is not there is an error.
    pub fn commit(&self, id: Oid) -> Result<Bytes, git2::Error> {
        self.read(id, Kind::Commit)?.ok_or_else(|| not_found(id))
    }

    /// The bytes of blob `id`, `None` when the repository does not have it (a partial or
    /// damaged clone).
    pub fn blob(&self, id: Oid) -> Result<Option<Bytes>, git2::Error> {
        self.read(id, Kind::Blob)
    }

    /// The size of object `id` without its bytes, when the database can tell it: a packed
    /// object's entry or its delta says it.
    pub fn size(&self, id: Oid) -> Option<u64> {
        let id = oid(id);
        for (p, pack) in self.packs.iter().enumerate() {
            if let Some(i) = pack.index.lookup(id) {
                let at = pack.index.pack_offset_at_index(i);
                if let Some((_, hit)) = self.bases.borrow_mut().get(&(p, at)) {
                    return Some(hit.len() as u64);
                }
                let entry = pack.data.entry(at).ok()?;
                if !entry.header.is_delta() {
                    return Some(entry.decompressed_size);
                }
                let delta = self.decompress(&pack.data, &entry).ok()?;
                let mut d = delta.as_slice();
                delta_size(&mut d)?;
                return delta_size(&mut d).map(|n| n as u64);
            }
        }
        use gix_odb::Header;
        let header = self.others().ok()?.try_header(&id).ok()??;
        Some(header.size())
    }
}

/// The pack files of `dir`, newest first (as git looks them up); one that cannot be opened is
/// left to gitoxide's object database.
fn packs(dir: &Path) -> Vec<Pack> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, Pack)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .filter_map(|idx| {
            let index = gix_pack::index::File::at(&idx, gix_hash::Kind::Sha1).ok()?;
            let data_path = idx.with_extension("pack");
            let modified = std::fs::metadata(&data_path).ok()?.modified().ok()?;
            let data = gix_pack::data::File::at(&data_path, gix_hash::Kind::Sha1).ok()?;
            Some((modified, Pack { index, data }))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, p)| p).collect()
}

fn kind_of(header: Header) -> Option<Kind> {
    match header {
        Header::Commit => Some(Kind::Commit),
        Header::Tree => Some(Kind::Tree),
        Header::Blob => Some(Kind::Blob),
        Header::Tag => Some(Kind::Tag),
        Header::OfsDelta { .. } | Header::RefDelta { .. } => None,
    }
}

/// A size as a delta's header gives it: 7 bits a byte, low bits first.
fn delta_size(data: &mut &[u8]) -> Option<usize> {
    let mut size = 0usize;
    let mut shift = 0;
    loop {
        let (&b, rest) = data.split_first()?;
        *data = rest;
        size |= usize::from(b & 0x7f).checked_shl(shift)?;
        shift += 7;
        if b & 0x80 == 0 {
            return Some(size);
        }
    }
}

/// git's `patch_delta`: the base's size, the result's, then copies from the base and inserts;
/// `None` for a delta that does not fit its base.
fn apply_delta(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
    let mut d = delta;
    if delta_size(&mut d)? != base.len() {
        return None;
    }
    let size = delta_size(&mut d)?;
    let mut out = Vec::with_capacity(size);
    while let Some((&op, rest)) = d.split_first() {
        d = rest;
        if op & 0x80 != 0 {
            let mut field = |bits: u8, first: u32| -> Option<usize> {
                let mut v = 0usize;
                for i in 0..bits {
                    if op & (1 << (first + u32::from(i))) != 0 {
                        let (&b, rest) = d.split_first()?;
                        d = rest;
                        v |= usize::from(b) << (8 * i);
                    }
                }
                Some(v)
            };
            let from = field(4, 0)?;
            let len = match field(3, 4)? {
                0 => 0x10000,
                n => n,
            };
            out.extend_from_slice(base.get(from..from.checked_add(len)?)?);
        } else if op != 0 {
            let (insert, rest) = d.split_at_checked(usize::from(op))?;
            out.extend_from_slice(insert);
            d = rest;
        } else {
            return None;
        }
    }
    (out.len() == size).then_some(out)
}

fn oid(id: Oid) -> gix_hash::ObjectId {
    gix_hash::ObjectId::from_bytes_or_panic(id.as_bytes())
}

fn not_found(id: Oid) -> git2::Error {
    git2::Error::new(
        ErrorCode::NotFound,
        ErrorClass::Odb,
        format!("object not found - no match for id ({id})"),
    )
}

fn odb_error(id: Oid, why: &str) -> git2::Error {
    git2::Error::new(
        ErrorCode::GenericError,
        ErrorClass::Odb,
        format!("object {id}: {why}"),
    )
}

#[cfg(test)]
mod tests {
    use super::apply_delta;

    #[test]
    fn deltas_copy_and_insert() {
        let base = b"hello, world\n";
        // base size 13, result size 14; copy 7 bytes from 0, insert "there", copy 2 from 11
        let delta = [
            13, 14, 0x90, 7, 5, b't', b'h', b'e', b'r', b'e', 0x91, 11, 2,
        ];
        assert_eq!(apply_delta(base, &delta).unwrap(), b"hello, thered\n");
        assert_eq!(apply_delta(b"short", &delta), None, "base of another size");
        assert_eq!(apply_delta(base, &[13, 1, 0]), None, "op 0 is reserved");
        assert_eq!(
            apply_delta(base, &[13, 1, 0x91, 20, 1]),
            None,
            "copy past the base"
        );
    }
}
