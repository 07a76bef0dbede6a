//! [`Policy::hipaa_safe_harbor`]: the Safe Harbor method of 45 CFR 164.514(b)(2) as a
//! policy. `docs/hipaa.md` maps each of the 18 identifiers to the rules below.

use super::keys::{after_key, field, key_end, redact};
use crate::{Action, FieldAction, Generalization, Policy};

/// Joins the words of a key: `date_of_birth`, `date-of-birth`, `date of birth`, `dateOfBirth`.
const W: &str = "[ _.-]?";

/// A date as written in logs: ISO 8601 / RFC 3339, US/EU numeric, written months.
const DATE: &str = concat!(
    r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}",
    r"(?:[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})?)?",
    r"|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}",
    r"|[0-9]{1,2}[-/ ][A-Za-z]{3,9}[-/ ][0-9]{4}(?::[0-9]{2}:[0-9]{2}:[0-9]{2}(?: [+-][0-9]{4})?)?",
    r"|[A-Za-z]{3,9}\.? [0-9]{1,2},? [0-9]{4}",
    r"|[0-9]{8}\b",
);

/// An identifier value after a telling key: `MRN-0012345`, `A1234 5678` is two values.
const ID: &str = r"[A-Za-z0-9][A-Za-z0-9/_.-]{1,39}";

fn w(pattern: &str) -> String {
    pattern.replace('~', W)
}

impl Policy {
    /// The HIPAA Safe Harbor de-identification preset (45 CFR 164.514(b)(2)): every
    /// built-in detector redacts (IP addresses too: Safe Harbor removes them, it does
    /// not truncate them; every UUID, not only those in an identifier context); ZIP
    /// codes keep their first three digits (`000` for the 17 restricted areas), dates
    /// tied to a person keep their year, ages over 89 become `90+`, URLs keep only
    /// their origin; account, medical-record, health-plan, licence, certificate,
    /// vehicle and device numbers are redacted after a telling key in text and by key
    /// name in structured events, where names, addresses, biometrics and photos are
    /// removed too. Nothing is pseudonymized: a keyed pseudonym is derived from the
    /// identifier, which 164.514(c) rules out as a re-identification code.
    ///
    /// `docs/hipaa.md` maps each of the 18 identifiers to its rules and says what a
    /// pattern scanner cannot find (names and addresses in free text, above all).
    ///
    /// ```
    /// use piiscrub::{EventScrubber, Policy};
    /// let ev = EventScrubber::new(&Policy::hipaa_safe_harbor())?;
    /// let out = ev.scrub_event_str(
    ///     r#"{"name":"Jane Roe","zip":"94107","dob":"1957-03-14","age":93,"note":"call 415-555-0132"}"#,
    /// )?;
    /// assert_eq!(
    ///     out,
    ///     r#"{"name":"[NAME]","zip":"941","dob":"1957","age":"90+","note":"call [PHONE]"}"#
    /// );
    /// // Free text: telling keys keep their key, the value is generalized.
    /// let text = ev.scrubber().scrub_str("zip=03601 dob=1957-03-14 age=93 from 10.1.2.3");
    /// assert_eq!(text, "zip=000 dob=1957 age=90+ from [IPV4]");
    /// # Ok::<(), piiscrub::Error>(())
    /// ```
    pub fn hipaa_safe_harbor() -> Policy {
        let mut p = Policy::default();
        for r in &mut p.rules {
            r.action = Action::redact();
        }
        p.uuid_everywhere = true;
        p.extra_rules = hipaa_text_rules();
        p.fields = hipaa_field_rules();
        p
    }
}

/// Text rules: identifiers found after a telling key (built-in detectors do the rest).
fn hipaa_text_rules() -> Vec<crate::Rule> {
    let g = Action::generalize;
    vec![
        // (B) geographic subdivisions: ZIP codes generalized, the rest removed.
        after_key(
            "zip",
            &w("zip~code|zip|postal~code|post~code"),
            r"[0-9]{5}(?:-[0-9]{4})?\b",
            g(Generalization::Zip3),
        ),
        after_key(
            "address",
            &w("street~address|home~address|address|addr|street|city|town|county|precinct"),
            r#"[^,;&"\n]{1,80}"#,
            Action::redact(),
        ),
        // (C) dates tied to a person, and ages over 89.
        after_key(
            "date",
            &w(concat!(
                "date~of~birth|birth~date|birthday|dob|born|",
                "admission~date|admit~date|admitted|discharge~date|discharged|",
                "date~of~death|death~date|deceased|died|dod|",
                "visit~date|service~date|procedure~date|surgery~date|encounter~date"
            )),
            DATE,
            g(Generalization::Year),
        ),
        after_key(
            "age",
            &w("patient~age|age~years|age|aged"),
            r"[0-9]{1,3}(?:\.[0-9]{1,2})?(?:\+|\b)",
            g(Generalization::Age),
        ),
        crate::Rule {
            detector: crate::Detector::regex(
                "age-phrase",
                r"(?i)\b[0-9]{2,3}[ -](?:years?|yrs?)[ -]old\b",
            ),
            action: g(Generalization::Age),
        },
        // (N) URLs: the origin stays, personal paths and query values go.
        crate::Rule {
            detector: crate::Detector::regex(
                "url",
                r#"(?i)\b(?:https?|ftps?|wss?)://[^\s"'<>/?#]{1,255}[/?#][^\s"'<>]{1,2048}"#,
            ),
            action: g(Generalization::UrlOrigin),
        },
        // (H)-(M), (P): numbers after a telling key.
        after_key(
            "medical-record",
            &w("medical~record~(?:number|num|no|id)|medical~record|mrn|patient~id|chart~(?:number|no|id)"),
            ID,
            Action::redact(),
        ),
        after_key(
            "health-plan",
            &w(concat!(
                "health~plan~(?:id|number|no)|health~plan|member~id|beneficiary~(?:id|number)|",
                "beneficiary|subscriber~id|insurance~id|policy~(?:number|no|id)|",
                "medicaid~id|medicare~id|group~number"
            )),
            ID,
            Action::redact(),
        ),
        after_key(
            "account",
            &w("account~(?:number|num|no|id)|acct~(?:number|no|id)|acct|bank~account"),
            ID,
            Action::redact(),
        ),
        after_key(
            "licence",
            &w(concat!(
                "drivers?~licen[cs]e~(?:number|no)|drivers?~licen[cs]e|licen[cs]e~(?:number|no|id)|",
                "certificate~(?:number|no|id)|cert~(?:number|no)"
            )),
            ID,
            Action::redact(),
        ),
        after_key(
            "vehicle",
            &w("vehicle~identification~number|vehicle~id|vin|licen[cs]e~plate|plate~(?:number|no)"),
            ID,
            Action::redact(),
        ),
        // (L) a VIN anywhere in text, when its check digit holds.
        crate::Rule {
            detector: crate::Detector::builtin(crate::Kind::Vin),
            action: Action::redact(),
        },
        after_key(
            "device-serial",
            &w("serial~(?:number|num|no)|serial|device~serial|device~id|udi|s/n"),
            ID,
            Action::redact(),
        ),
        after_key(
            "name",
            &w("patient~name|patient|first~name|last~name|full~name|given~name|family~name|surname|maiden~name"),
            r"(?-i:[A-Z][A-Za-z'-]{0,30}(?: [A-Z][A-Za-z'-]{0,30}){0,3})",
            Action::redact(),
        ),
    ]
}

/// Field rules by key name (first match wins; every other string is scanned as text).
fn hipaa_field_rules() -> Vec<crate::FieldRule> {
    let g = |to| FieldAction::Generalize { to };
    vec![
        field(
            "password|passwd|secret|token|api_?key|authorization|cookie",
            FieldAction::Drop,
        ),
        // (A) names.
        field(
            &w(concat!(
                "^(?:name|first~name|last~name|middle~name|full~name|given~name|family~name|",
                "surname|maiden~name|display~name|nick~name|patient~name|guardian~name|",
                "emergency~contact)$"
            )),
            redact("NAME"),
        ),
        // (B) geography smaller than a state.
        field(&key_end(&w("zip~code|zip|postal~code|post~code")), g(Generalization::Zip3)),
        field(
            &key_end(&w(concat!(
                "street~address|home~address|address~line~[0-9]?|address|addr|street|",
                "city|town|county|precinct|neighbou?rhood|latitude|longitude|lat|lon|lng|",
                "geo|geo~location|location|coordinates"
            ))),
            redact("LOCATION"),
        ),
        // (C) dates and ages.
        field(
            &key_end(&w(concat!(
                "date~of~birth|birth~date|birthday|dob|born|admission~date|admit~date|",
                "admitted~at|discharge~date|discharged~at|date~of~death|death~date|",
                "deceased~date|dod|date"
            ))),
            g(Generalization::Year),
        ),
        field(&key_end(&w("patient~age|age~years|age")), g(Generalization::Age)),
        // (D)-(G) contacts and SSNs.
        field(
            &key_end(&w("phone~number|phone|telephone|tel|mobile|cell|fax~number|fax|pager")),
            redact("PHONE"),
        ),
        field(&key_end(&w("email~address|e~mail|mail")), redact("EMAIL")),
        field(
            &key_end(&w("social~security~number|social~security|ssn|national~id|tax~id|tin")),
            redact("SSN"),
        ),
        // (H)-(M) numbers.
        field(
            &key_end(&w("medical~record~(?:number|num|no|id)|medical~record|mrn|patient~id|chart~(?:number|no|id)")),
            redact("MEDICAL-RECORD"),
        ),
        field(
            &key_end(&w(concat!(
                "health~plan~(?:id|number|no)|health~plan|member~id|beneficiary~(?:id|number)|",
                "beneficiary|subscriber~id|insurance~id|policy~(?:number|no|id)|medicaid~id|",
                "medicare~id|group~number"
            ))),
            redact("HEALTH-PLAN"),
        ),
        field(
            &key_end(&w(concat!(
                "account~(?:number|num|no|id)|account|acct~(?:number|no|id)|acct|bank~account|",
                "iban|card~number|credit~card|card"
            ))),
            redact("ACCOUNT"),
        ),
        field(
            &key_end(&w(concat!(
                "drivers?~licen[cs]e~(?:number|no)|drivers?~licen[cs]e|licen[cs]e~(?:number|no|id)|",
                "certificate~(?:number|no|id)|cert~(?:number|no)"
            ))),
            redact("LICENCE"),
        ),
        field(
            &key_end(&w("vehicle~identification~number|vehicle~id|vin|licen[cs]e~plate|plate~(?:number|no)|plate")),
            redact("VEHICLE"),
        ),
        field(
            &key_end(&w(concat!(
                "serial~(?:number|num|no)|serial|device~(?:id|serial|identifier)|udi|imei|",
                "mac~address|mac|idfa|gaid|android~id"
            ))),
            redact("DEVICE"),
        ),
        // (N), (O) URLs and IP addresses.
        field(
            &key_end(&w("url|uri|href|link|referr?er|website|web~site|homepage")),
            g(Generalization::UrlOrigin),
        ),
        field(
            &key_end(&w("ip~address|ip|client~ip|remote~addr|remote~ip|source~ip|forwarded~for")),
            redact("IP"),
        ),
        // (P), (Q) biometrics and photographs.
        field(
            &key_end(&w(concat!(
                "finger~print|retina~scan|retina|iris~scan|iris|voice~print|",
                "face~(?:image|photo|template|encoding|scan)|face|photo|photograph|picture|",
                "portrait|avatar|selfie|biometrics?"
            ))),
            FieldAction::Drop,
        ),
        // (R) other unique identifying numbers of the person.
        field(
            &w("^(?:user|customer|person|patient|member|subscriber|enduser|guest|visitor|client)~id$"),
            redact("ID"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::{EventScrubber, Kind, Policy, Scrubber};

    #[test]
    fn builds_and_redacts_every_builtin() {
        let p = Policy::hipaa_safe_harbor();
        assert!(p
            .effective_rules()
            .iter()
            .filter(|r| !matches!(r.detector.kind(), Kind::Custom(_)))
            .all(|r| r.action == crate::Action::redact()));
        Scrubber::new(&p).unwrap();
        EventScrubber::new(&p).unwrap();
    }
}
