//! Word lists written as prefix trees: `pass(?:word|wd)|token` rather than
//! `password|passwd|token`.
//!
//! The language is the same; the automata are not. In a flat alternation every word
//! starts its own branch, so each automaton state carries one NFA state per word that
//! could begin at the current byte (~200 for the key lists). Building a DFA state costs
//! time in proportion to that: the key-name trigger DFA took 0.3 s to build, and the
//! secrets group's lazy DFA spent several instructions a byte of input building states.
//! A tree has one branch per distinct prefix.
//!
//! Order: at each node, the branch holding the longest word comes first and ending
//! the word comes last (a greedy `?`), so a word is still tried before its prefixes, as
//! the longest-first flat alternations did. Between words that are not prefixes of one
//! another the order can differ from the flat one; that matters only where both match
//! at one place, through optional atoms (`api_key` and `apikey` both match `apikey`).
//! The patterns built on these lists then end at the same byte either way: a key is
//! followed by a separator it cannot contain. (Output on the generated sparse, dense
//! and non-ASCII corpora is byte-identical to the flat alternations'.)

/// A word as a sequence of regex atoms (an escaped character, `[-_.]?` …).
pub(crate) type Atoms = Vec<String>;

/// A tree node; nodes live in one `Vec` and name their children by index (no nested
/// boxes: a long word would otherwise be dropped by deep recursion).
#[derive(Default)]
struct Node {
    children: Vec<(String, usize)>,
    /// A word ends here.
    end: bool,
    /// Atoms on the longest way down from here.
    depth: usize,
}

/// Branch points a tree may nest (a group each) before the words are written flat:
/// the regex parser refuses deep nesting, and writing recurses once per level.
const NEST_MAX: usize = 64;

/// The alternation of `words` as a prefix tree (flat, in the given order, should the
/// tree nest too deep); `None` when there is no word.
pub(crate) fn alternation(words: &[Atoms]) -> Option<String> {
    let words: Vec<&Atoms> = words.iter().filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let mut nodes = vec![Node::default()];
    for word in &words {
        let mut at = 0;
        nodes[0].depth = nodes[0].depth.max(word.len());
        for (i, atom) in word.iter().enumerate() {
            let found = nodes[at].children.iter().find(|(a, _)| a == atom);
            let next = match found {
                Some(&(_, next)) => next,
                None => {
                    nodes.push(Node::default());
                    let next = nodes.len() - 1;
                    nodes[at].children.push((atom.clone(), next));
                    next
                }
            };
            at = next;
            nodes[at].depth = nodes[at].depth.max(word.len() - i - 1);
        }
        nodes[at].end = true;
    }
    if nesting(&nodes) > NEST_MAX {
        let flat: Vec<String> = words.iter().map(|w| w.concat()).collect();
        return Some(flat.join("|"));
    }
    let mut out = String::new();
    write(&nodes, 0, &mut out);
    Some(out)
}

/// A node that writes a group: more than one branch, or a word ending before one.
fn branches(node: &Node) -> bool {
    node.children.len() > 1 || (node.end && !node.children.is_empty())
}

/// The most groups on one way down (counted without recursion: words can be long).
fn nesting(nodes: &[Node]) -> usize {
    let mut deepest = 0;
    let mut todo = vec![(0, 0)];
    while let Some((at, above)) = todo.pop() {
        let node = &nodes[at];
        let here = above + usize::from(branches(node));
        deepest = deepest.max(here);
        todo.extend(node.children.iter().map(|&(_, child)| (child, here)));
    }
    deepest
}

/// Appends the regex of the subtree at `at`. It recurses only at groups (at most
/// [`NEST_MAX`] deep); a run of single branches is a loop.
fn write(nodes: &[Node], mut at: usize, out: &mut String) {
    while let ([(atom, child)], false) = (nodes[at].children.as_slice(), nodes[at].end) {
        out.push_str(atom);
        at = *child;
    }
    let node = &nodes[at];
    if node.children.is_empty() {
        return;
    }
    let mut order: Vec<&(String, usize)> = node.children.iter().collect();
    // Stable: equally deep branches keep the order the words came in.
    order.sort_by_key(|&&(_, child)| std::cmp::Reverse(nodes[child].depth));
    out.push_str("(?:");
    for (i, (atom, child)) in order.into_iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        out.push_str(atom);
        write(nodes, *child, out);
    }
    out.push(')');
    if node.end {
        out.push('?');
    }
}

/// `word` as atoms: each character escaped, or replaced by `sep(c)` when that says so.
pub(crate) fn atoms(word: &str, sep: impl Fn(char) -> Option<&'static str>) -> Atoms {
    word.chars()
        .map(|c| match sep(c) {
            Some(s) => s.to_owned(),
            None => regex_syntax::escape(c.encode_utf8(&mut [0; 4])),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(words: &[&str]) -> String {
        let words: Vec<Atoms> = words.iter().map(|w| atoms(w, |_| None)).collect();
        alternation(&words).expect("words")
    }

    #[test]
    fn shares_prefixes_and_prefers_longer_words() {
        assert_eq!(
            tree(&["passwd", "password", "token"]),
            "(?:passw(?:ord|d)|token)"
        );
        assert_eq!(tree(&["token", "tokens"]), "token(?:s)?");
        assert_eq!(tree(&["a.b", "a"]), r"a(?:\.b)?");
        assert_eq!(tree(&["x"]), "x");
        assert_eq!(alternation(&[]), None);
        assert_eq!(alternation(&[Vec::new()]), None);
    }

    #[test]
    fn long_words_and_deep_trees_stay_within_limits() {
        // A 100,000-character entry is a loop, not 100,000 nested calls.
        let long = "k".repeat(100_000);
        assert_eq!(tree(&[&long]), long);
        // `a`, `aa`, `aaa` … nest a group per word: past the limit, written flat.
        let words: Vec<String> = (1..=NEST_MAX + 10).rev().map(|n| "a".repeat(n)).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let flat = tree(&words);
        assert!(!flat.contains("(?:"), "{flat}");
        assert_eq!(flat.split('|').count(), NEST_MAX + 10);
        // Just within the limit: a tree.
        assert_eq!(tree(&["aaa", "aa", "a"]), "a(?:a(?:a)?)?");
    }

    #[test]
    fn matches_what_the_flat_alternation_matches() {
        let words = [
            "access_token",
            "token",
            "tokens",
            "api key",
            "apikey",
            "pass",
            "passwd",
            "password",
            "pin",
            "pin2",
            "x",
            "x-y",
            "é",
        ];
        let sep = |c: char| (c == ' ' || c == '_').then_some("[-_.]?");
        let tree: Vec<Atoms> = words.iter().map(|w| atoms(w, sep)).collect();
        let tree = alternation(&tree).expect("words");
        let mut flat: Vec<&str> = words.to_vec();
        flat.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let flat: Vec<String> = flat.iter().map(|w| atoms(w, sep).concat()).collect();
        let flat = flat.join("|");
        let build = |alt: &str| {
            regex::bytes::Regex::new(&format!(r"(?i-u:{alt})[0-9]{{0,2}}[ ]{{0,2}}[:=]"))
                .expect("compiles")
        };
        let (tree, flat) = (build(&tree), build(&flat));
        for hay in [
            "access_token=1",
            "ACCESS-TOKEN: 2",
            "tokens = 3",
            "token2=",
            "api key:x",
            "API.KEY=",
            "apikey=",
            "password=",
            "passwd:",
            "pass=",
            "pin2=",
            "pin22=",
            "pin=",
            "x-y=",
            "x=",
            "xy=",
            "é=",
            "my_token=",
            "nothing",
            "pas=",
        ] {
            let f = |re: &regex::bytes::Regex| re.find(hay.as_bytes()).map(|m| m.range());
            assert_eq!(f(&tree), f(&flat), "{hay}");
        }
    }

    /// The built-in lists, as the detectors write them (flat longest-first, as before
    /// the trees, against the tree), find the same spans on variations of every entry.
    #[test]
    fn built_in_lists_match_as_their_flat_alternations_did() {
        type Sep = fn(char) -> Option<&'static str>;
        let lists = crate::detect::ContextLists::default();
        let kv_sep: Sep = |c: char| matches!(c, '_' | '-' | '.' | ' ').then_some("[-_.]?");
        let ctx_sep: Sep = |c: char| (c == ' ').then_some("[ \\t]{1,3}");
        let cases: [(&[String], Sep); 7] = [
            (&lists.secret_keys, kv_sep),
            (&lists.secret_url_params, kv_sep),
            (&lists.phone_keys, ctx_sep),
            (&lists.phone_phrases, ctx_sep),
            (&lists.ssn_keys, ctx_sep),
            (&lists.uuid_keys, ctx_sep),
            (&lists.imei_keys, ctx_sep),
        ];
        for (list, sep) in cases {
            let mut flat: Vec<&String> = list.iter().collect();
            flat.sort_by_key(|w| std::cmp::Reverse(w.len()));
            let flat: Vec<String> = flat.iter().map(|w| atoms(w, sep).concat()).collect();
            let tree: Vec<Atoms> = list.iter().map(|w| atoms(w, sep)).collect();
            let tree = alternation(&tree).expect("a built-in list has words");
            let build = |alt: &str| {
                let re = format!(
                    r#"(?i-u:{alt})[A-Za-z0-9_.\-]{{0,4}}[0-9]{{0,2}}["']?[ \t]{{0,8}}[:=>]"#
                );
                regex::bytes::Regex::new(&re).expect("compiles")
            };
            let (flat, tree) = (build(&flat.join("|")), build(&tree));
            for w in list {
                let upper = w.to_ascii_uppercase();
                let dashed = w.replace(['_', ' '], "-");
                for hay in [
                    format!("{w}=x"),
                    format!("{upper}: x"),
                    format!("{dashed}2 = x"),
                    format!("x_{w}_id\"\t:=> y"),
                    format!("{w}{w}={w}"),
                    format!("{w}s>"),
                ] {
                    let spans = |re: &regex::bytes::Regex| {
                        re.find_iter(hay.as_bytes())
                            .map(|m| m.range())
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(spans(&tree), spans(&flat), "{hay}");
                }
            }
        }
    }
}
