//! Arrow kernels (feature `arrow`): row by row the crate's own output, over `Utf8`,
//! `LargeUtf8` and `Utf8View`, nulls kept, nothing copied when nothing changes.
#![cfg(feature = "arrow")]

mod support;

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, Int32Array, LargeStringArray, StringArray, StringViewArray};
use piiscrub::{
    arrow, Action, EncryptMode, ErrorKind, Findings, Key, Keyring, Kind, Rendering, Scrubber,
};
use support::corpus;

#[global_allocator]
static ALLOC: support::heap::Counting = support::heap::Counting;
use support::heap::peak_heap;

fn key() -> Key {
    Key::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap()
}

/// Rows of generated log lines (about a third with personal data), every 7th null.
fn rows(n: usize) -> Vec<Option<String>> {
    let c = corpus::generate(11, n, 0.35);
    c.text
        .lines()
        .enumerate()
        .map(|(i, l)| (i % 7 != 3).then(|| l.to_owned()))
        .collect()
}

/// The same rows as each string array type.
fn as_all_types(values: &[Option<&str>]) -> Vec<ArrayRef> {
    vec![
        Arc::new(StringArray::from(values.to_vec())),
        Arc::new(LargeStringArray::from(values.to_vec())),
        Arc::new(StringViewArray::from(values.to_vec())),
    ]
}

/// The values of any string array, as owned options.
fn values(a: &dyn Array) -> Vec<Option<String>> {
    let get = |i: usize| -> Option<String> {
        if a.is_null(i) {
            return None;
        }
        Some(match a.data_type() {
            arrow_schema::DataType::Utf8 => a.as_string::<i32>().value(i).to_owned(),
            arrow_schema::DataType::LargeUtf8 => a.as_string::<i64>().value(i).to_owned(),
            arrow_schema::DataType::Utf8View => a.as_string_view().value(i).to_owned(),
            t => panic!("not a string array: {t}"),
        })
    };
    (0..a.len()).map(get).collect()
}

#[test]
fn scrub_equals_scrub_str_row_by_row_for_every_string_type() {
    let s = Scrubber::default();
    let rows = rows(3000);
    let input: Vec<Option<&str>> = rows.iter().map(|r| r.as_deref()).collect();
    let want: Vec<Option<String>> = input
        .iter()
        .map(|r| r.map(|v| s.scrub_str(v).into_owned()))
        .collect();
    let mut want_counts = Findings::default();
    for v in input.iter().flatten() {
        s.scrub_str_counted(v, &mut want_counts);
    }
    for array in as_all_types(&input) {
        let mut counts = Findings::default();
        let out = arrow::scrub_counted(&s, &array, &mut counts).unwrap();
        assert_eq!(out.data_type(), array.data_type());
        assert_eq!(out.null_count(), array.null_count());
        assert_eq!(values(&out), want, "{}", array.data_type());
        assert_eq!(counts, want_counts);
        assert!(want_counts.total() > 100);
    }
}

#[test]
fn a_column_without_findings_is_not_copied_and_sliced_arrays_work() {
    let s = Scrubber::default();
    let quiet: Vec<Option<&str>> = (0..1000)
        .map(|i| (i % 5 != 0).then_some("GET /index.html 200 all quiet"))
        .collect();
    let array = StringArray::from(quiet);
    // Warm up the engine's lazy caches (they belong to the scrubber).
    arrow::scrub(&s, &array).unwrap();
    let (out, peak) = peak_heap(|| arrow::scrub(&s, &array).unwrap());
    assert!(
        peak < 4096,
        "peak heap growth {peak} bytes for an unchanged column"
    );
    let out = out.as_string::<i32>();
    assert_eq!(
        out.values().as_ptr(),
        array.values().as_ptr(),
        "the buffers are shared"
    );

    let mixed = StringArray::from(vec!["a", "mail a@example.com", "b", "ip 10.1.2.3", "c"]);
    let sliced = mixed.slice(1, 3);
    let out = arrow::scrub(&s, &sliced).unwrap();
    assert_eq!(
        values(&out),
        [
            Some("mail [EMAIL]".to_owned()),
            Some("b".into()),
            Some("ip 10.1.2.0".into())
        ]
    );
}

#[test]
fn memory_of_a_changed_column_is_its_output_not_a_row_count_of_allocations() {
    let s = Scrubber::default();
    let rows: Vec<String> = (0..20_000)
        .map(|i| format!("user {i} alice{i}@example.com from 198.51.100.{}", i % 250))
        .collect();
    let array = StringArray::from_iter_values(rows.iter());
    arrow::scrub(&s, &array.slice(0, 10)).unwrap();
    let (out, peak) = peak_heap(|| arrow::scrub(&s, &array).unwrap());
    let out_bytes = out.as_string::<i32>().value_data().len();
    // The builder's buffers (amortized growth), never a row-sized multiple of allocations.
    assert!(
        (peak as usize) < 4 * out_bytes + (1 << 16),
        "peak {peak}, output {out_bytes}"
    );
}

fn pseudonymize_rule(kind: Kind, domain: Option<&str>) -> Scrubber {
    let action = Action::Pseudonymize {
        domain: domain.map(str::to_owned),
        rendering: Rendering::Plain,
        tag_kid: false,
        lowercase: false,
        default_country: None,
    };
    Scrubber::builder()
        .kind(kind, action)
        .keyring(Keyring::new(key()))
        .build()
        .unwrap()
}

#[test]
fn pseudonymize_gives_the_scrubbers_tokens() {
    let k = key();
    let cases: [(Kind, Option<&str>, &[&str]); 4] = [
        (
            Kind::Email,
            Some("user"),
            &["Alice@Example.com", "bob%40example.org"],
        ),
        (Kind::Email, None, &["carol@example.net"]),
        (Kind::Ipv4, None, &["010.001.002.003", "192.0.2.1"]),
        (Kind::Card, Some("pan"), &["4111 1111 1111 1111"]),
    ];
    for (kind, domain, vals) in cases {
        let s = pseudonymize_rule(kind.clone(), domain);
        let input: Vec<Option<&str>> = vals.iter().copied().map(Some).chain([None]).collect();
        for array in as_all_types(&input) {
            let out = arrow::pseudonymize(&array, &kind, domain, &k).unwrap();
            let got = values(&out);
            for (g, v) in got.iter().zip(vals) {
                assert_eq!(g.as_deref(), Some(&*s.scrub_str(v)), "{kind} {v}");
            }
            assert_eq!(got.last(), Some(&None));
            // Pseudonyms are kept as they are: twice changes nothing.
            assert_eq!(
                values(&arrow::pseudonymize(&out, &kind, domain, &k).unwrap()),
                got
            );
        }
    }
    // A custom kind hashes the exact bytes, as a field pseudonym does.
    let out = arrow::pseudonymize(
        &StringArray::from(vec!["U-42"]),
        &Kind::Custom("user-id".into()),
        None,
        &k,
    )
    .unwrap();
    assert_eq!(
        values(&out)[0].as_deref(),
        Some(&*piiscrub::pseudonymize_value(&k, "user-id", b"U-42", false).unwrap())
    );
    let e =
        arrow::pseudonymize(&StringArray::from(vec!["x"]), &Kind::Secret, None, &k).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Policy);
    let e = arrow::pseudonymize(
        &StringArray::from(vec!["x"]),
        &Kind::Email,
        Some("Bad_Domain"),
        &k,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Policy);
}

#[test]
fn ip_truncate_and_encrypt_match_the_actions_and_never_pass_other_values() {
    let input = [
        Some("198.51.100.23"),
        Some(" 2001:db8:85a3:8d3:1319:8a2e:370:7348 "),
        Some("::ffff:1.2.3.4"),
        Some("198.51.100.0"),
        None,
        Some(""),
        Some("-"),
        Some("alice@example.com"),
    ];
    let truncating = Scrubber::default();
    for array in as_all_types(&input) {
        let got = values(&arrow::ip_truncate(&array, 24, 48).unwrap());
        let want: Vec<Option<String>> = vec![
            Some("198.51.100.0".into()),
            Some("2001:db8:85a3::".into()),
            Some("::ffff:1.2.3.0".into()),
            Some("198.51.100.0".into()),
            None,
            Some(String::new()),
            None,
            None,
        ];
        assert_eq!(got, want);
        for (g, v) in got.iter().zip(&input).take(4) {
            assert_eq!(
                g.as_deref(),
                Some(&*truncating.scrub_str(v.unwrap().trim()))
            );
        }
        let got = values(&arrow::ip_truncate(&array, 16, 32).unwrap());
        assert_eq!(got[0].as_deref(), Some("198.51.0.0"));
    }
    let bad = arrow::ip_truncate(&StringArray::from(vec!["1.2.3.4"]), 33, 48).unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::Policy);

    let k = key();
    for mode in [EncryptMode::Deterministic, EncryptMode::Pfx] {
        let s = Scrubber::builder()
            .kind(Kind::Ipv4, Action::encrypt(mode))
            .kind(Kind::Ipv6, Action::encrypt(mode))
            .keyring(Keyring::new(key()))
            .build()
            .unwrap();
        for array in as_all_types(&input) {
            let got = values(&arrow::ip_encrypt(&array, &k, mode).unwrap());
            for i in [0, 1, 3] {
                assert_eq!(
                    got[i].as_deref(),
                    Some(&*s.scrub_str(input[i].unwrap().trim())),
                    "{mode:?} row {i}"
                );
            }
            assert_eq!(got[4], None);
            assert_eq!(got[5].as_deref(), Some(""));
            assert_eq!((got[6].as_deref(), got[7].as_deref()), (None, None));
        }
    }
}

#[test]
fn other_array_types_are_errors() {
    let s = Scrubber::default();
    let ints = Int32Array::from(vec![1, 2]);
    let e = arrow::scrub(&s, &ints).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Policy);
    assert!(e.to_string().contains("Int32"));
}
