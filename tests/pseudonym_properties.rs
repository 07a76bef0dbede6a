//! Pseudonym determinism (DESIGN.md "Deterministic"): the same key, value and domain
//! give the same token, through `pseudonym_token`, `pseudonymize_value` and a scrubber;
//! a different key, domain or value gives a different one.
//!
//! Chunk-boundary equivalence (streaming = one-shot for any cut) is
//! `stream_equals_one_shot` in tests/stream.rs; idempotence, no leak and line counts are
//! in tests/properties.rs.

use piiscrub::{pseudonym_token, pseudonymize_value, Action, Key, Keyring, Kind, ScrubberBuilder};
use proptest::prelude::*;

fn key(seed: &[u8; 32]) -> Key {
    Key::from_bytes(seed).unwrap()
}

fn domain() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,15}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn same_key_value_and_domain_give_the_same_token(
        seed in any::<[u8; 32]>(),
        domain in domain(),
        value in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        // Two keys from the same bytes: determinism does not hang on one key object.
        let (a, b) = (key(&seed), key(&seed));
        let t = pseudonym_token(&a, &domain, &value).unwrap();
        prop_assert_eq!(&t, &pseudonym_token(&b, &domain, &value).unwrap());
        prop_assert_eq!(
            pseudonymize_value(&a, &domain, &value, false).unwrap(),
            pseudonymize_value(&b, &domain, &value, false).unwrap()
        );
    }

    #[test]
    fn a_different_key_domain_or_value_gives_a_different_token(
        seed in any::<[u8; 32]>(),
        flip in 0..32usize,
        domain in domain(),
        value in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let mut other = seed;
        other[flip] ^= 1;
        let t = pseudonym_token(&key(&seed), &domain, &value).unwrap();
        prop_assert_ne!(&t, &pseudonym_token(&key(&other), &domain, &value).unwrap());
        let d2 = format!("{domain}x");
        prop_assert_ne!(&t, &pseudonym_token(&key(&seed), &d2, &value).unwrap());
        let mut v2 = value.clone();
        v2[0] ^= 0x20;
        prop_assert_ne!(&t, &pseudonym_token(&key(&seed), &domain, &v2).unwrap());
    }

    #[test]
    fn scrubbers_with_the_same_key_agree_and_other_keys_differ(
        seed in any::<[u8; 32]>(),
        user in "[a-z]{1,12}",
        host in "[a-z]{2,10}",
    ) {
        let build = |seed: &[u8; 32]| {
            ScrubberBuilder::empty()
                .kind(Kind::Email, Action::pseudonymize())
                .keyring(Keyring::new(key(seed)))
                .build()
                .unwrap()
        };
        let line = format!("from {user}@{host}.example.com ok");
        let once = build(&seed).scrub_str(&line).into_owned();
        prop_assert_ne!(&once, &line);
        prop_assert_eq!(&once, &build(&seed).scrub_str(&line).into_owned());
        let mut other = seed;
        other[0] ^= 0x80;
        prop_assert_ne!(&once, &build(&other).scrub_str(&line).into_owned());
    }
}
