//! `--stats`: per-kind counts on standard error at the end of a run. Counts only: a
//! `Findings` value holds no personal data by construction.

use std::io::Write;

use piiscrub::{Findings, Kind};

use crate::args::StatsFormat;

/// Renders the counts of a run over `bytes` input bytes.
///
/// Text: one `kind count` line per kind found, then the total. JSON: one object,
/// `{"findings":{"email":1,...},"total":1,"bytes":123}`, listing every built-in kind
/// (zero included, so dashboards see stable keys) and every custom kind found.
pub fn render(counts: &Findings, bytes: u64, format: StatsFormat) -> String {
    match format {
        StatsFormat::Text => {
            let mut s = String::from("logscrub: findings by kind\n");
            for (kind, n) in counts.iter() {
                s.push_str(&format!("  {:<8} {n}\n", kind.name()));
            }
            s.push_str(&format!("  {:<8} {}\n", "total", counts.total()));
            s
        }
        StatsFormat::Json => {
            let mut kinds = serde_json::Map::new();
            for kind in Kind::BUILTIN {
                kinds.insert(kind.name().to_owned(), counts.get(&kind).into());
            }
            for (kind, n) in counts.iter() {
                kinds.insert(kind.name().to_owned(), n.into());
            }
            let doc = serde_json::json!({
                "findings": kinds,
                "total": counts.total(),
                "bytes": bytes,
            });
            format!("{doc}\n")
        }
    }
}

/// Prints the counts to standard error (a failure to do so cannot be reported anywhere).
pub fn print(counts: &Findings, bytes: u64, format: StatsFormat) {
    let _ = std::io::stderr().write_all(render(counts, bytes, format).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_json() {
        let mut c = Findings::default();
        c.add(&Kind::Email, 2);
        c.add(&Kind::Custom("badge".into()), 1);
        assert_eq!(
            render(&c, 10, StatsFormat::Text),
            "logscrub: findings by kind\n  email    2\n  badge    1\n  total    3\n"
        );
        let v: serde_json::Value =
            serde_json::from_str(&render(&c, 10, StatsFormat::Json)).unwrap();
        assert_eq!(v["findings"]["email"], 2);
        assert_eq!(v["findings"]["card"], 0);
        assert_eq!(v["findings"]["badge"], 1);
        assert_eq!(v["total"], 3);
    }
}
