//! Lines added and removed by a change, from the xdiff that libgit2 bundles (git's own, the
//! code behind `Patch::from_blobs`), called directly. libgit2's diff of buffers first hashes
//! both sides with collision-detecting SHA-1 to name them: a third of a cold scan's time once
//! blobs no longer come from libgit2 (scala/scala, issue 12).
//!
//! The declarations follow `deps/xdiff/xdiff.h` of the libgit2 that `libgit2-sys` vendors
//! (1.9.7, pinned by Cargo.lock); `xdl_diff` is an external symbol of its static library.

use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};

/// libgit2 treats a side above this (`GIT_XDIFF_MAX_SIZE`) as binary: no lines counted.
const MAX_SIZE: usize = 1024 * 1024 * 1023;

#[repr(C)]
struct MmFile {
    ptr: *const c_char,
    size: c_long,
}

#[repr(C)]
struct XpParam {
    flags: c_ulong,
    ignore_regex: *mut c_void,
    ignore_regex_nr: usize,
    anchors: *mut *mut c_char,
    anchors_nr: usize,
}

type HunkFunc = extern "C" fn(c_long, c_long, c_long, c_long, *mut c_void) -> c_int;

#[repr(C)]
struct EmitConf {
    ctxlen: c_long,
    interhunkctxlen: c_long,
    flags: c_ulong,
    find_func: *const c_void,
    find_func_priv: *mut c_void,
    hunk_func: Option<HunkFunc>,
}

#[repr(C)]
struct EmitCallback {
    private: *mut c_void,
    out_hunk: *const c_void,
    out_line: *const c_void,
}

unsafe extern "C" {
    fn xdl_diff(
        a: *const MmFile,
        b: *const MmFile,
        xpp: *const XpParam,
        conf: *const EmitConf,
        callback: *mut EmitCallback,
    ) -> c_int;
}

/// With no context lines a hunk holds changed lines only, so its two lengths are the counts
/// (a hunk joins changes only where no unchanged line separates them).
extern "C" fn count_hunk(
    _old_start: c_long,
    old_len: c_long,
    _new_start: c_long,
    new_len: c_long,
    counts: *mut c_void,
) -> c_int {
    // SAFETY: `counts` is the `Counts` that `lines` hands to this very call of `xdl_diff`.
    let counts = unsafe { &mut *counts.cast::<Counts>() };
    counts.added += new_len as u64;
    counts.removed += old_len as u64;
    0
}

#[derive(Default)]
struct Counts {
    added: u64,
    removed: u64,
}

/// (added, removed) lines from `old` to `new`, as `git diff --numstat` counts text: Myers,
/// no white-space options. `None` when xdiff fails (it only does when out of memory).
pub fn lines(old: &[u8], new: &[u8]) -> Option<(u64, u64)> {
    if old.len() > MAX_SIZE || new.len() > MAX_SIZE {
        return Some((0, 0));
    }
    let file = |data: &[u8]| MmFile {
        ptr: data.as_ptr().cast(),
        size: data.len() as c_long,
    };
    let (a, b) = (file(old), file(new));
    let params = XpParam {
        flags: 0,
        ignore_regex: std::ptr::null_mut(),
        ignore_regex_nr: 0,
        anchors: std::ptr::null_mut(),
        anchors_nr: 0,
    };
    let conf = EmitConf {
        ctxlen: 0,
        interhunkctxlen: 0,
        flags: 0,
        find_func: std::ptr::null(),
        find_func_priv: std::ptr::null_mut(),
        hunk_func: Some(count_hunk),
    };
    let mut counts = Counts::default();
    let mut callback = EmitCallback {
        private: (&raw mut counts).cast(),
        out_hunk: std::ptr::null(),
        out_line: std::ptr::null(),
    };
    // SAFETY: the structs are laid out as xdiff.h declares them; xdiff reads the two buffers
    // (which outlive the call) and calls `count_hunk` with `counts`, nothing else.
    let rc = unsafe { xdl_diff(&a, &b, &params, &conf, &mut callback) };
    (rc == 0).then_some((counts.added, counts.removed))
}

#[cfg(test)]
mod tests {
    use super::lines;

    /// libgit2's own count of the same change, through its public API.
    fn libgit2(old: &[u8], new: &[u8]) -> (u64, u64) {
        let mut opts = git2::DiffOptions::new();
        opts.context_lines(0).force_text(true);
        let patch = git2::Patch::from_buffers(old, None, new, None, Some(&mut opts)).unwrap();
        let (_, added, removed) = patch.line_stats().unwrap();
        (added as u64, removed as u64)
    }

    #[test]
    fn counts_as_libgit2_does() {
        let cases: [(&[u8], &[u8]); 8] = [
            (b"", b"a\nb\n"),
            (b"a\nb\n", b""),
            (b"a\nb\nc\n", b"a\nx\nc\n"),
            (b"a", b"a\n"),
            (b"a\nb\nc\nd\n", b"b\na\nd\nc\ne\n"),
            (b"x\n\n\ny\n", b"\n\nx\ny\n\n"),
            (b"same\n", b"same\n"),
            (b"a\0b\n", b"a\0c\n"),
        ];
        for (old, new) in cases {
            assert_eq!(
                lines(old, new),
                Some(libgit2(old, new)),
                "{old:?} -> {new:?}"
            );
        }
        // long files with scattered edits, where hunks would join with any context
        let old: Vec<u8> = (0..2000)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let new: Vec<u8> = (0..2000)
            .flat_map(|i| match i % 7 {
                0 => format!("changed {i}\n").into_bytes(),
                3 => Vec::new(),
                _ => format!("line {i}\n").into_bytes(),
            })
            .collect();
        assert_eq!(lines(&old, &new), Some(libgit2(&old, &new)));
    }
}
