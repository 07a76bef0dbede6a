//! [`Policy::gdpr_pseudonymizing`]: pseudonymization in the sense of GDPR Art. 4(5)
//! as a policy; `docs/gdpr.md` says what it achieves and what it does not.

use super::keys::{field, key_end, redact};
use crate::{Action, Error, EventScrubber, FieldAction, Generalization, Keyring, Kind, Policy};

const W: &str = "[ _.-]?";

fn w(pattern: &str) -> String {
    pattern.replace('~', W)
}

impl Policy {
    /// The GDPR pseudonymization preset, as plain data: direct identifiers (e-mails,
    /// phones, device ids, MACs, IMEIs, IBANs, SSNs; user-id and name fields) become
    /// spec-v1 pseudonyms, joinable across events and fields (user ids share the
    /// `user` domain); secrets and card numbers are redacted (secret-named fields
    /// dropped); IP addresses are truncated to /24 and /48; birth dates keep their year;
    /// street addresses are redacted. Needs a key: give it with
    /// [`Policy::gdpr_pseudonymize`], [`EventScrubber::with_keyring`] or
    /// [`ScrubberBuilder::keyring`](crate::ScrubberBuilder::keyring).
    ///
    /// Pseudonymized data is still personal data (Art. 4(5), Recital 26): see
    /// `docs/gdpr.md`.
    pub fn gdpr_pseudonymizing() -> Policy {
        let mut p = Policy::pseudonymizing();
        for r in &mut p.rules {
            match r.detector.kind() {
                Kind::Iban | Kind::Ssn => r.action = Action::pseudonymize(),
                Kind::Card | Kind::Secret => r.action = Action::redact(),
                _ => {}
            }
        }
        let pseudo = |domain: &str, lowercase| FieldAction::Pseudonymize {
            domain: domain.into(),
            key: None,
            lowercase,
        };
        p.fields = vec![
            field(
                "password|passwd|secret|token|api_?key|authorization|cookie",
                FieldAction::Drop,
            ),
            field(
                &w("^(?:user|customer|account|member|person|subscriber|enduser|client)~id$|^uid$"),
                pseudo("user", false),
            ),
            field(
                &w(concat!(
                    "^(?:name|first~name|last~name|middle~name|full~name|given~name|",
                    "family~name|surname|display~name)$"
                )),
                pseudo("name", true),
            ),
            field(
                &key_end(&w("date~of~birth|birth~date|birthday|dob")),
                FieldAction::Generalize {
                    to: Generalization::Year,
                },
            ),
            field(
                &key_end(&w("street~address|home~address|address~line~[0-9]?|street")),
                redact("ADDRESS"),
            ),
        ];
        p
    }

    /// [`Policy::gdpr_pseudonymizing`] compiled with `keyring` (its active key makes
    /// the pseudonyms; see `docs/pseudonymization.md` for rotation): an
    /// [`EventScrubber`] for events, whose [`scrubber`](EventScrubber::scrubber) serves
    /// text.
    ///
    /// ```
    /// use piiscrub::{Key, Keyring, Policy};
    /// let ring = Keyring::new(Key::from_bytes(&[9u8; 32])?);
    /// let ev = Policy::gdpr_pseudonymize(ring)?;
    /// let out = ev.scrub_event_str(
    ///     r#"{"user_id":"u-1842","email":"Ann@Example.com","ip":"203.0.113.77","card":"4111 1111 1111 1111"}"#,
    /// )?;
    /// let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    /// assert!(v["user_id"].as_str().unwrap().starts_with("user_"));
    /// assert!(v["email"].as_str().unwrap().starts_with("email_"));
    /// assert_eq!(v["ip"], "203.0.113.0");
    /// assert_eq!(v["card"], "[CARD]");
    /// // Joinable: the same address in free text gives the same token.
    /// let text = ev.scrubber().scrub_str("login by ann@example.com");
    /// assert_eq!(text, format!("login by {}", v["email"].as_str().unwrap()));
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn gdpr_pseudonymize(keyring: Keyring) -> Result<EventScrubber, Error> {
        EventScrubber::with_keyring(&Policy::gdpr_pseudonymizing(), keyring)
    }
}

#[cfg(test)]
mod tests {
    use crate::{EventScrubber, Policy};

    #[test]
    fn fails_closed_without_a_key() {
        let err = EventScrubber::new(&Policy::gdpr_pseudonymizing()).unwrap_err();
        assert!(err.to_string().contains("needs a key"), "{err}");
    }
}
