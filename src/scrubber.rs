//! [`Scrubber`] and [`ScrubberBuilder`]: a [`Policy`] compiled for speed.

use std::borrow::Cow;
use std::sync::Arc;

use crate::action::{CompiledAction, Replacement};
use crate::detect::{self, custom, DetectOptions, Pattern};
use crate::error::Error;
use crate::scan::{Engine, Hit};
use crate::stream;
use crate::{
    Action, ContextLists, Detector, Finding, Findings, Key, KeyProvider, Keyring, Kind, Policy,
    Rule,
};

/// How the patterns of a policy become an engine (`Engine::new`, or the reference).
type MakeEngine = fn(Vec<(usize, Pattern)>, DetectOptions) -> Result<Engine, Error>;

/// One rule, ready for the hot path.
#[derive(Debug)]
struct CompiledRule {
    kind: Kind,
    name: String,
    action: CompiledAction,
}

/// A [`Policy`] compiled for speed: immutable, `Send + Sync`, shared by reference or
/// `Arc`. Every call scans its input **once**, whatever the number of rules.
///
/// ```
/// use piiscrub::Scrubber;
/// let scrubber = Scrubber::default();
/// let out = scrubber.scrub_str("login from 203.0.113.77 by alice@example.com");
/// assert_eq!(out, "login from 203.0.113.0 by [EMAIL]");
/// // Nothing to change: the input is borrowed, not copied.
/// assert!(matches!(scrubber.scrub_str("all quiet"), std::borrow::Cow::Borrowed(_)));
/// ```
#[derive(Debug)]
pub struct Scrubber {
    rules: Vec<CompiledRule>,
    engine: Engine,
    policy: Policy,
    keyring: Option<Keyring>,
    provider: Option<Provider>,
}

/// A shared [`KeyProvider`]; `Debug` says only that there is one.
#[derive(Clone)]
struct Provider(Arc<dyn KeyProvider>);

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyProvider")
    }
}

impl Default for Scrubber {
    /// The scrubber of [`Policy::default()`].
    fn default() -> Self {
        // The default policy is tested to compile; failing here would be a bug.
        Scrubber::new(&Policy::default()).expect("the default policy compiles")
    }
}

impl Scrubber {
    /// Compiles a policy. Fails when the policy cannot be honoured: a bad or unbounded
    /// regex, an action that does not fit its kind, two rules for one kind, a label
    /// that would itself be found.
    ///
    /// Compiling builds the engine's trigger DFAs: ~0.5 s for the default lists, once
    /// per process (scrubbers with the same lists share them). Build one scrubber and
    /// share it (`Scrubber` is `Send + Sync`: an `Arc` or a `static`) rather than one
    /// per call.
    pub fn new(policy: &Policy) -> Result<Scrubber, Error> {
        Scrubber::with_keys(policy, None, None)
    }

    /// Compiles a policy with a keyring (its active key makes pseudonyms) and/or a
    /// per-tenant key provider. A policy that pseudonymizes (or encrypts with a derived
    /// key) needs at least one of them: without, it is an error (fail closed).
    pub fn with_keys(
        policy: &Policy,
        keyring: Option<Keyring>,
        provider: Option<Arc<dyn KeyProvider>>,
    ) -> Result<Scrubber, Error> {
        Scrubber::compile(policy, keyring, provider, Engine::new)
    }

    /// Compiles a policy, its patterns into an engine made by `engine`.
    fn compile(
        policy: &Policy,
        keyring: Option<Keyring>,
        provider: Option<Arc<dyn KeyProvider>>,
        engine: MakeEngine,
    ) -> Result<Scrubber, Error> {
        let opts = DetectOptions {
            lists: policy.context.clone(),
            uuid_everywhere: policy.uuid_everywhere,
        };
        let mut rules = Vec::with_capacity(policy.rules.len());
        let mut patterns_by_rule: Vec<Vec<Pattern>> = Vec::with_capacity(policy.rules.len());
        for rule in &policy.effective_rules() {
            let kind = rule.detector.kind();
            if rules.iter().any(|r: &CompiledRule| r.kind == kind) {
                return Err(Error::policy(format!(
                    "two rules for `{kind}`: give each kind or custom name one rule"
                )));
            }
            let patterns = match &rule.detector {
                Detector::Builtin { kind: Kind::Custom(_) } => {
                    return Err(Error::policy(
                        "a built-in detector needs a built-in kind; use `regex` or `dictionary` for custom ones",
                    ))
                }
                Detector::Builtin { kind } => detect::builtin_patterns(kind, &opts),
                Detector::Regex { name, pattern } => vec![custom::regex_pattern(name, pattern)?],
                Detector::Dictionary {
                    name,
                    words,
                    case_insensitive,
                } => vec![custom::dictionary_pattern(name, words, *case_insensitive)?],
            };
            let action = CompiledAction::compile(&rule.action, &kind, kind.name())?;
            if action.needs_key() && keyring.is_none() && provider.is_none() {
                return Err(Error::policy(format!(
                    "rule `{kind}`: `{}` needs a key: give the builder a keyring or a key provider",
                    if matches!(rule.action, Action::Encrypt { .. }) {
                        "encrypt"
                    } else {
                        "pseudonymize"
                    }
                )));
            }
            rules.push(CompiledRule {
                name: kind.name().to_owned(),
                kind,
                action,
            });
            patterns_by_rule.push(patterns);
        }
        // Priority: built-in kinds in `PRIORITY` order, then custom rules in policy order.
        let rank = |k: &Kind| {
            detect::PRIORITY
                .iter()
                .position(|p| p == k)
                .unwrap_or(detect::PRIORITY.len())
        };
        let mut order: Vec<usize> = (0..rules.len()).collect();
        order.sort_by_key(|&i| rank(&rules[i].kind));
        let mut ordered = Vec::new();
        for i in order {
            for p in std::mem::take(&mut patterns_by_rule[i]) {
                ordered.push((i, p));
            }
        }
        let engine = engine(ordered, opts)?;
        let scrubber = Scrubber {
            rules,
            engine,
            policy: policy.clone(),
            keyring,
            provider: provider.map(Provider),
        };
        scrubber.check_labels()?;
        Ok(scrubber)
    }

    /// A builder starting from [`Policy::default()`].
    pub fn builder() -> ScrubberBuilder {
        ScrubberBuilder::new()
    }

    /// The policy this scrubber was compiled from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The keyring this scrubber pseudonymizes with, if any.
    pub fn keyring(&self) -> Option<&Keyring> {
        self.keyring.as_ref()
    }

    /// The key of calls that name no tenant: the keyring's active key.
    pub(crate) fn default_key(&self) -> Option<&Key> {
        self.keyring.as_ref().map(|k| &**k.active())
    }

    /// The longest candidate any detector can match, in bytes. Secret values may run
    /// longer: they are hidden whole.
    pub fn max_match_len(&self) -> usize {
        self.engine.max_len()
    }

    /// Fail closed: a label that the scrubber would itself change breaks idempotence.
    fn check_labels(&self) -> Result<(), Error> {
        for rule in &self.rules {
            if let Some(label) = rule.action.label() {
                if let Some(f) = self.find(label).first() {
                    return Err(Error::policy(format!(
                        "rule `{}`: its label would itself be found as `{}`",
                        rule.name, f.kind
                    )));
                }
            }
        }
        Ok(())
    }

    /// Scrubs text. Borrows the input when nothing changed.
    pub fn scrub_str<'a>(&self, input: &'a str) -> Cow<'a, str> {
        self.scrub_str_counted(input, &mut Findings::default())
    }

    /// Scrubs text and adds what was found to `counts`.
    pub fn scrub_str_counted<'a>(&self, input: &'a str, counts: &mut Findings) -> Cow<'a, str> {
        self.scrub_str_with_key(input, self.default_key(), counts)
    }

    /// Scrubs text with `key` for the keyed actions instead of the keyring's (a
    /// tenant's key from a [`KeyProvider`]); with `None`, pseudonymized and encrypted
    /// spans are redacted with their label and counted in [`Findings::missing_key`].
    ///
    /// ```
    /// use piiscrub::{Action, Findings, Key, Kind, ScrubberBuilder, TenantKeys, KeyProvider};
    /// use std::sync::Arc;
    /// let mut tenants = TenantKeys::default();
    /// tenants.insert("acme", Key::from_bytes(&[1u8; 32])?);
    /// let s = ScrubberBuilder::empty()
    ///     .kind(Kind::Email, Action::pseudonymize())
    ///     .key_provider(Arc::new(tenants.clone()))
    ///     .build()?;
    /// let mut counts = Findings::default();
    /// let acme = s.scrub_str_with_key("a@example.com", tenants.key_for("acme").as_deref(), &mut counts);
    /// assert!(acme.starts_with("email_"));
    /// let gone = s.scrub_str_with_key("a@example.com", tenants.key_for("deleted").as_deref(), &mut counts);
    /// assert_eq!(gone, "[EMAIL]");
    /// assert_eq!(counts.missing_key(), 1);
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn scrub_str_with_key<'a>(
        &self,
        input: &'a str,
        key: Option<&Key>,
        counts: &mut Findings,
    ) -> Cow<'a, str> {
        match self.rewrite(input.as_bytes(), key, counts) {
            Cow::Borrowed(_) => Cow::Borrowed(input),
            Cow::Owned(bytes) => Cow::Owned(match String::from_utf8(bytes) {
                Ok(s) => s,
                // Spans follow character boundaries; should one not, never emit raw bytes.
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            }),
        }
    }

    /// Scrubs bytes; bytes that are not UTF-8 pass through untouched unless they are
    /// part of a finding. Borrows the input when nothing changed.
    pub fn scrub_bytes<'a>(&self, input: &'a [u8]) -> Cow<'a, [u8]> {
        self.rewrite(input, self.default_key(), &mut Findings::default())
    }

    /// Scrubs bytes and adds what was found to `counts`.
    pub fn scrub_bytes_counted<'a>(&self, input: &'a [u8], counts: &mut Findings) -> Cow<'a, [u8]> {
        self.rewrite(input, self.default_key(), counts)
    }

    /// Scrubs bytes with `key` for the keyed actions; see [`Scrubber::scrub_str_with_key`].
    pub fn scrub_bytes_with_key<'a>(
        &self,
        input: &'a [u8],
        key: Option<&Key>,
        counts: &mut Findings,
    ) -> Cow<'a, [u8]> {
        self.rewrite(input, key, counts)
    }

    /// Scrubs text with the key of `tenant` from the builder's
    /// [`key_provider`](ScrubberBuilder::key_provider) (or, with none, the keyring's
    /// active key). A tenant without a key gets its keyed spans redacted and counted.
    pub fn scrub_str_for_tenant<'a>(
        &self,
        input: &'a str,
        tenant: &str,
        counts: &mut Findings,
    ) -> Cow<'a, str> {
        match &self.provider {
            Some(p) => self.scrub_str_with_key(input, p.0.key_for(tenant).as_deref(), counts),
            None => self.scrub_str_with_key(input, self.default_key(), counts),
        }
    }

    /// Scrubs bytes with the key of `tenant`; see [`Scrubber::scrub_str_for_tenant`].
    pub fn scrub_bytes_for_tenant<'a>(
        &self,
        input: &'a [u8],
        tenant: &str,
        counts: &mut Findings,
    ) -> Cow<'a, [u8]> {
        match &self.provider {
            Some(p) => self.rewrite(input, p.0.key_for(tenant).as_deref(), counts),
            None => self.rewrite(input, self.default_key(), counts),
        }
    }

    /// Appends the scrubbed `input` to `out` (reusing its buffer), adds what was found to
    /// `counts`, and returns whether anything changed.
    ///
    /// ```
    /// use piiscrub::{Findings, Scrubber};
    /// let s = Scrubber::default();
    /// let (mut out, mut counts) = (Vec::new(), Findings::default());
    /// assert!(s.scrub_into(b"ssn 123-45-6789\n", &mut out, &mut counts));
    /// assert_eq!(out, b"ssn [SSN]\n");
    /// ```
    pub fn scrub_into(&self, input: &[u8], out: &mut Vec<u8>, counts: &mut Findings) -> bool {
        self.scrub_into_with_key(input, self.default_key(), out, counts)
    }

    /// [`scrub_into`](Self::scrub_into) with `key` for the keyed actions (structured
    /// events with per-tenant keys); `None` redacts keyed spans and counts them.
    pub(crate) fn scrub_into_with_key(
        &self,
        input: &[u8],
        key: Option<&Key>,
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) -> bool {
        if !stream::needs_window(input) {
            let (mark, mut found) = (out.len(), Findings::default());
            let mut last = 0;
            let mut changed = false;
            let mut crossed = false;
            self.engine.scan(input, |hit| {
                crossed |= crosses_line(input, &hit);
                if let (_, Some(rep)) = self.judge(input, &hit, key, &mut found) {
                    out.extend_from_slice(&input[last..hit.span.start]);
                    write_replacement(out, &input[hit.span.clone()], rep.as_bytes());
                    last = hit.span.end;
                    changed = true;
                }
            });
            if !crossed {
                out.extend_from_slice(&input[last..]);
                counts.merge(&found);
                return changed;
            }
            out.truncate(mark);
        }
        stream::scrub_windowed(self, key, input, out, counts)
    }

    /// Scrubs the value part `text[plen..]` of a `key=value` text, so detectors that
    /// need a telling key (phones, SSNs, device ids, secrets) see it. Findings inside
    /// the key are ignored (keys are scrubbed on their own); one reaching into the value
    /// is cut at the value's start; a secret that starts the value covers all of it.
    /// Appends the scrubbed value to `out`; returns whether anything changed.
    pub(crate) fn scrub_value_in_context(
        &self,
        text: &[u8],
        plen: usize,
        key: Option<&Key>,
        out: &mut Vec<u8>,
        counts: &mut Findings,
    ) -> bool {
        let lead = plen
            + text[plen..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
        let mut last = plen;
        let mut changed = false;
        self.engine.scan(text, |hit| {
            if hit.span.end <= last {
                return;
            }
            let mut span = hit.span.start.max(last)..hit.span.end;
            if self.rules[hit.rule].kind == Kind::Secret && span.start <= lead {
                span = span.start..text.len();
            }
            let in_value = Hit {
                span: span.clone(),
                ..hit
            };
            if let (_, Some(rep)) = self.judge(text, &in_value, key, counts) {
                out.extend_from_slice(&text[last..span.start]);
                write_replacement(out, &text[span.clone()], rep.as_bytes());
                last = span.end;
                changed = true;
            }
        });
        out.extend_from_slice(&text[last..]);
        changed
    }

    /// What the scrubber finds in `input`: kind, rule and byte range of every span it
    /// would change (or keep, under `Keep`), left to right. Never the data itself.
    ///
    /// The ranges are exactly those the scrubbed output shows, on lines longer than one
    /// scan too (the window rule of [`stream`](crate::stream) cuts them the same way).
    pub fn find(&self, input: impl AsRef<[u8]>) -> Vec<Finding> {
        let input = input.as_ref();
        let key = self.default_key();
        // A line longer than one scan is cut by the window rule, as when scrubbing.
        if stream::needs_window(input) {
            let hits = stream::find_windowed(self, key, input);
            return hits.into_iter().map(|hit| self.finding(hit)).collect();
        }
        let mut found = Vec::new();
        let mut ignored = Findings::default();
        self.engine.scan(input, |hit| {
            if self.judge(input, &hit, key, &mut ignored).0 {
                found.push(self.finding(hit));
            }
        });
        found
    }

    /// The public form of a hit: kind, rule name, range.
    pub(crate) fn finding(&self, hit: Hit) -> Finding {
        Finding {
            kind: self.rules[hit.rule].kind.clone(),
            rule: self.engine.pattern_name(hit.pattern).to_owned(),
            range: hit.span,
        }
    }

    /// Judges a hit: counts it when it is reported (it changes something, or its
    /// action is `Keep`) and gives the replacement when it changes something.
    pub(crate) fn judge<'s>(
        &'s self,
        input: &[u8],
        hit: &Hit,
        key: Option<&Key>,
        counts: &mut Findings,
    ) -> (bool, Option<Replacement<'s>>) {
        let rule = &self.rules[hit.rule];
        let rep = rule.action.apply(&input[hit.span.clone()], key);
        let changes = !matches!(rep, Replacement::Same);
        let report = changes || rule.action.is_keep();
        if report {
            if key.is_none() && rule.action.needs_key() {
                counts.add_missing_key();
            }
            match rule.kind.builtin_index() {
                Some(i) => counts.add_builtin_index(i),
                None => counts.add(&rule.kind, 1),
            }
        }
        (report, changes.then_some(rep))
    }

    /// One scan of the whole input when the window rule (`src/stream/`) would make no
    /// cut that matters (no line longer than it scans whole, no span across lines);
    /// otherwise the window rule itself, so that one-shot and streaming output agree.
    fn rewrite<'a>(
        &self,
        input: &'a [u8],
        key: Option<&Key>,
        counts: &mut Findings,
    ) -> Cow<'a, [u8]> {
        if !stream::needs_window(input) {
            let mut out: Option<Vec<u8>> = None;
            let mut found = Findings::default();
            let mut last = 0;
            let mut crossed = false;
            self.engine.scan(input, |hit| {
                crossed |= crosses_line(input, &hit);
                if let (_, Some(rep)) = self.judge(input, &hit, key, &mut found) {
                    let o = out.get_or_insert_with(|| Vec::with_capacity(input.len() + 32));
                    o.extend_from_slice(&input[last..hit.span.start]);
                    write_replacement(o, &input[hit.span.clone()], rep.as_bytes());
                    last = hit.span.end;
                }
            });
            if !crossed {
                counts.merge(&found);
                return match out {
                    None => Cow::Borrowed(input),
                    Some(mut o) => {
                        o.extend_from_slice(&input[last..]);
                        Cow::Owned(o)
                    }
                };
            }
        }
        let mut out = Vec::with_capacity(input.len() + 32);
        if stream::scrub_windowed(self, key, input, &mut out, counts) {
            Cow::Owned(out)
        } else {
            Cow::Borrowed(input)
        }
    }

    /// Calls `on_hit` for every finding of the engine in `hay` (the window rule's scan).
    pub(crate) fn scan_hits(&self, hay: &[u8], on_hit: impl FnMut(Hit)) {
        self.engine.scan(hay, on_hit);
    }

    /// The replacement of each line piece of a span that crosses a line or a window:
    /// the label (`Redact`), nothing (`Remove`), `None` to keep it (`Keep`); actions
    /// whose output depends on the whole value (`Mask`) fall back to the kind's label,
    /// since the whole value is never held.
    pub(crate) fn piece_replacement(&self, rule: usize) -> Option<Box<[u8]>> {
        let rule = self.rules.get(rule)?;
        match &rule.action {
            CompiledAction::Keep => None,
            CompiledAction::Redact(label) => Some(label.clone()),
            CompiledAction::Remove => Some(Box::default()),
            _ => Some(rule.kind.label().into_bytes().into_boxed_slice()),
        }
    }
}

/// True when a hit's span holds a line break (a PEM block).
fn crosses_line(input: &[u8], hit: &Hit) -> bool {
    memchr::memchr(b'\n', &input[hit.span.clone()]).is_some()
}

/// Writes the replacement of `span`. A span over several lines (a PEM block) becomes
/// one replacement per line, so the output keeps every line break (and CRLF) of the input.
pub(crate) fn write_replacement(out: &mut Vec<u8>, span: &[u8], rep: &[u8]) {
    let mut rest = span;
    while let Some(nl) = memchr::memchr(b'\n', rest) {
        out.extend_from_slice(rep);
        if nl > 0 && rest[nl - 1] == b'\r' {
            out.push(b'\r');
        }
        out.push(b'\n');
        rest = &rest[nl + 1..];
    }
    if !rest.is_empty() {
        out.extend_from_slice(rep);
    }
}

/// Builds a [`Scrubber`] by composing rules.
///
/// [`Scrubber::builder()`] starts from [`Policy::default()`] (every detector on) so
/// that forgetting a kind never leaks it; [`ScrubberBuilder::empty()`] starts from no
/// rules at all.
///
/// ```
/// use piiscrub::{Action, Detector, Kind, Scrubber, ScrubberBuilder};
/// let s = ScrubberBuilder::empty()
///     .kind(Kind::Ipv4, Action::Truncate { v4_prefix: 16, v6_prefix: 48 })
///     .rule(Detector::regex("employee-id", r"\bEMP-[0-9]{6}\b"), Action::redact())
///     .build()
///     .unwrap();
/// assert_eq!(s.scrub_str("EMP-123456 at 10.1.2.3"), "[EMPLOYEE-ID] at 10.1.0.0");
/// ```
#[derive(Debug, Clone)]
pub struct ScrubberBuilder {
    policy: Policy,
    keyring: Option<Keyring>,
    provider: Option<Provider>,
}

impl Default for ScrubberBuilder {
    fn default() -> Self {
        ScrubberBuilder::new()
    }
}

impl ScrubberBuilder {
    /// Starts from [`Policy::default()`].
    pub fn new() -> Self {
        ScrubberBuilder::from_policy(Policy::default())
    }

    /// Starts from a policy with no rules.
    pub fn empty() -> Self {
        ScrubberBuilder::from_policy(Policy::empty())
    }

    /// Starts from `policy`.
    pub fn from_policy(policy: Policy) -> Self {
        ScrubberBuilder {
            policy,
            keyring: None,
            provider: None,
        }
    }

    /// The keys for `Pseudonymize` and key-derived `Encrypt` actions: the active key
    /// makes pseudonyms (default: none, and a policy that needs a key fails to build).
    pub fn keyring(mut self, keyring: Keyring) -> Self {
        self.keyring = Some(keyring);
        self
    }

    /// Per-tenant keys, for [`Scrubber::scrub_str_for_tenant`] (default: none). Calls
    /// without a tenant use the keyring; with no keyring their keyed spans are redacted.
    pub fn key_provider(mut self, provider: Arc<dyn KeyProvider>) -> Self {
        self.provider = Some(Provider(provider));
        self
    }

    /// Sets the action of a built-in kind's detector, adding the detector if absent.
    pub fn kind(mut self, kind: Kind, action: Action) -> Self {
        let detector = Detector::builtin(kind);
        match self
            .policy
            .rules
            .iter_mut()
            .find(|r| r.detector == detector)
        {
            Some(r) => r.action = action,
            None => self.policy.rules.push(Rule { detector, action }),
        }
        self
    }

    /// Removes the rule of a kind (built-in or custom name), if any.
    pub fn without(mut self, kind: &Kind) -> Self {
        self.policy.rules.retain(|r| &r.detector.kind() != kind);
        self
    }

    /// Adds a rule. Two rules for one kind are an error at [`build`](Self::build).
    pub fn rule(mut self, detector: Detector, action: Action) -> Self {
        self.policy.rules.push(Rule { detector, action });
        self
    }

    /// Replaces the context word lists (telling keys and phrases).
    pub fn context(mut self, lists: ContextLists) -> Self {
        self.policy.context = lists;
        self
    }

    /// Finds every UUID, not only those in an identifier context (default: `false`).
    pub fn uuid_everywhere(mut self, yes: bool) -> Self {
        self.policy.uuid_everywhere = yes;
        self
    }

    /// The policy built so far.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Compiles the policy; see [`Scrubber::new`] for the errors.
    pub fn build(self) -> Result<Scrubber, Error> {
        Scrubber::with_keys(&self.policy, self.keyring, self.provider.map(|p| p.0))
    }

    /// Compiles the policy for the *reference engine* (cargo feature `reference`): at
    /// every byte, each pattern alone, anchored, in priority order. Same findings and
    /// output as [`build`](Self::build), much slower; tests and the fuzz harness use it
    /// as the oracle of the real engine.
    ///
    /// ```
    /// use piiscrub::ScrubberBuilder;
    ///
    /// let fast = ScrubberBuilder::new().build()?;
    /// let oracle = ScrubberBuilder::new().build_reference()?;
    /// let text = "mail bob@example.com from 203.0.113.77, card 4111 1111 1111 1111";
    /// assert_eq!(fast.find(text), oracle.find(text));
    /// assert_eq!(fast.scrub_str(text), oracle.scrub_str(text));
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    #[cfg(feature = "reference")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reference")))]
    pub fn build_reference(self) -> Result<Scrubber, Error> {
        let provider = self.provider.map(|p| p.0);
        Scrubber::compile(&self.policy, self.keyring, provider, Engine::new_reference)
    }
}
