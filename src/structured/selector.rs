//! Field selectors: the path syntax of field rules (`user.email`, `items[*].owner`,
//! `*.ip`, `**.password`) and their matching, one path step at a time.
//!
//! A selector compiles to a list of segments; matching keeps the set of segment
//! positions still possible as a bit set (an NFA simulation), so `**` never
//! backtracks and the cost of one step is bounded by the selector's length.

use crate::error::Error;

/// Most segments a selector may have (positions 0..=n must fit a `u64`).
pub(crate) const MAX_SEGMENTS: usize = 62;

/// One step from a value to a child: an object key (JSON-unescaped) or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    /// A member of an object, by its (unescaped) key.
    Key(&'a [u8]),
    /// An element of an array, by its position in the input.
    Index(usize),
}

/// One segment of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// An object member with exactly this key.
    Key(Vec<u8>),
    /// `*`: any one object member.
    AnyKey,
    /// `[N]`: the array element at position N.
    Index(usize),
    /// `[*]`: any one array element.
    AnyIndex,
    /// `**`: any number of steps (zero or more), members or elements.
    Deep,
}

/// A compiled selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selector {
    segments: Vec<Segment>,
}

/// Set of selector positions still possible; bit `n` (`n` = number of segments) means
/// "matched here".
pub(crate) type State = u64;

impl Selector {
    /// Parses the path syntax documented in `docs/policy.md`:
    ///
    /// * `name` — an object member; any characters but `.`, `[`, `]`, `"`, and not `*`;
    /// * `["any key"]` — a member whose key holds those characters (`\"` and `\\` escape);
    /// * `*` — any one member; `[*]` — any one array element; `[3]` — element 3;
    /// * `**` — any number of steps (zero or more), members or elements.
    ///
    /// Segments are joined with `.`; bracket segments need no dot before them.
    pub(crate) fn parse(text: &str) -> Result<Selector, Error> {
        let bad = |why: &str| Error::policy(format!("bad path `{}`: {why}", text.escape_debug()));
        let b = text.as_bytes();
        let mut segments = Vec::new();
        let mut i = 0;
        let mut need_segment = true; // at the start or after a `.`
        while i < b.len() {
            match b[i] {
                b'[' => {
                    let close = find_close(b, i + 1).ok_or_else(|| bad("unclosed `[`"))?;
                    let inner = &b[i + 1..close];
                    segments.push(match inner {
                        b"*" => Segment::AnyIndex,
                        [b'"', .., b'"'] if inner.len() >= 2 => {
                            Segment::Key(unquote(&inner[1..inner.len() - 1]))
                        }
                        _ if !inner.is_empty() && inner.iter().all(u8::is_ascii_digit) => {
                            let n = std::str::from_utf8(inner)
                                .ok()
                                .and_then(|s| s.parse().ok())
                                .ok_or_else(|| bad("array index too large"))?;
                            Segment::Index(n)
                        }
                        _ => return Err(bad("use `[*]`, `[N]` or `[\"key\"]` in brackets")),
                    });
                    i = close + 1;
                    need_segment = false;
                }
                b'.' => {
                    if need_segment {
                        return Err(bad("empty segment"));
                    }
                    need_segment = true;
                    i += 1;
                }
                _ => {
                    if !need_segment {
                        return Err(bad("a `.` must separate segments"));
                    }
                    let end = b[i..]
                        .iter()
                        .position(|c| matches!(c, b'.' | b'['))
                        .map_or(b.len(), |p| i + p);
                    let name = &b[i..end];
                    segments.push(match name {
                        b"*" => Segment::AnyKey,
                        b"**" => Segment::Deep,
                        _ if name.iter().any(|c| matches!(c, b'*' | b'"' | b']')) => {
                            return Err(bad(
                                "`*` stands alone as a segment; quote other keys as `[\"key\"]`",
                            ))
                        }
                        _ => Segment::Key(name.to_vec()),
                    });
                    i = end;
                    need_segment = false;
                }
            }
        }
        if need_segment {
            return Err(bad("empty path or trailing `.`"));
        }
        if segments.len() > MAX_SEGMENTS {
            return Err(bad(&format!("more than {MAX_SEGMENTS} segments")));
        }
        Ok(Selector { segments })
    }

    /// The state at the root of a document (before any step).
    pub(crate) fn start(&self) -> State {
        self.closure(1)
    }

    /// Adds the positions reachable by skipping `**` segments (they match zero steps).
    fn closure(&self, mut s: State) -> State {
        for (i, seg) in self.segments.iter().enumerate() {
            if s & (1 << i) != 0 && *seg == Segment::Deep {
                s |= 1 << (i + 1);
            }
        }
        s
    }

    /// The state after one more step.
    pub(crate) fn step(&self, s: State, step: Step<'_>) -> State {
        let mut next = 0;
        for (i, seg) in self.segments.iter().enumerate() {
            if s & (1 << i) == 0 {
                continue;
            }
            let hit = match (seg, step) {
                (Segment::Deep, _) => {
                    next |= 1 << i; // `**` may take more steps
                    true
                }
                (Segment::Key(k), Step::Key(key)) => k.as_slice() == key,
                (Segment::AnyKey, Step::Key(_)) => true,
                (Segment::Index(n), Step::Index(j)) => *n == j,
                (Segment::AnyIndex, Step::Index(_)) => true,
                _ => false,
            };
            if hit {
                next |= 1 << (i + 1);
            }
        }
        self.closure(next)
    }

    /// True when the state says the selector matched the current value.
    pub(crate) fn matched(&self, s: State) -> bool {
        s & (1 << self.segments.len()) != 0
    }

    /// True when a descendant of the current value may still match.
    pub(crate) fn alive(&self, s: State) -> bool {
        s & ((1 << self.segments.len()) - 1) != 0
    }
}

/// The index of the `]` closing a bracket segment that starts at `from`, skipping a
/// quoted key (with `\` escapes).
fn find_close(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    if b.get(i) == Some(&b'"') {
        i += 1;
        while i < b.len() && b[i] != b'"' {
            i += if b[i] == b'\\' { 2 } else { 1 };
        }
        i += 1;
    }
    b.get(i..)?.iter().position(|&c| c == b']').map(|p| i + p)
}

fn unquote(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            i += 1;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_matches(sel: &str, path: &[Step<'_>]) -> bool {
        let s = Selector::parse(sel).unwrap();
        let mut st = s.start();
        for &p in path {
            st = s.step(st, p);
        }
        s.matched(st)
    }

    #[test]
    fn syntax() {
        use Step::*;
        assert!(path_matches("user.email", &[Key(b"user"), Key(b"email")]));
        assert!(!path_matches("user.email", &[Key(b"email")]));
        assert!(path_matches(
            "items[*].owner",
            &[Key(b"items"), Index(3), Key(b"owner")]
        ));
        assert!(!path_matches(
            "items[*].owner",
            &[Key(b"items"), Key(b"x"), Key(b"owner")]
        ));
        assert!(path_matches("items[1]", &[Key(b"items"), Index(1)]));
        assert!(!path_matches("items[1]", &[Key(b"items"), Index(2)]));
        assert!(path_matches("*.ip", &[Key(b"client"), Key(b"ip")]));
        assert!(!path_matches("*.ip", &[Key(b"ip")]));
        assert!(path_matches("**.password", &[Key(b"password")]));
        assert!(path_matches(
            "**.password",
            &[Key(b"a"), Index(0), Key(b"b"), Key(b"password")]
        ));
        assert!(path_matches(r#"["a.b"].c"#, &[Key(b"a.b"), Key(b"c")]));
        assert!(path_matches(r#"["q\"]"]"#, &[Key(b"q\"]")]));
        assert!(path_matches("a.**", &[Key(b"a"), Key(b"z")]));
    }

    #[test]
    fn rejects_bad_paths() {
        for bad in ["", ".", "a.", "a..b", "a[", "a[x]", "us*er", "a]b", "a[1]b"] {
            assert!(Selector::parse(bad).is_err(), "{bad}");
        }
        let long = vec!["a"; MAX_SEGMENTS + 1].join(".");
        assert!(Selector::parse(&long).is_err());
    }
}
