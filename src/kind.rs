//! [`Kind`]: what a piece of personal data is.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What a piece of personal data is.
///
/// A kind's lower-case [`name`](Kind::name) is its default redaction label
/// (`[EMAIL]`) and its default pseudonym domain.
///
/// ```
/// use piiscrub::Kind;
/// assert_eq!(Kind::Card.name(), "card");
/// assert_eq!(Kind::Card.label(), "[CARD]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// An e-mail address.
    Email,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// A payment card number (Luhn-valid).
    Card,
    /// A telephone number.
    Phone,
    /// An International Bank Account Number (mod-97 valid).
    Iban,
    /// A US social security number.
    Ssn,
    /// A MAC address (EUI-48 or EUI-64).
    Mac,
    /// A UUID used as a device, advertising, user or account identifier.
    Uuid,
    /// A mobile device IMEI.
    Imei,
    /// A credential: JWT, bearer/basic value, API key, URL credentials, private key,
    /// or the value of a sensitive key; the rule name says which.
    Secret,
    /// A vehicle identification number with a valid check digit. Not in
    /// [`BUILTIN`](Kind::BUILTIN): the default policy leaves it off;
    /// [`Policy::hipaa_safe_harbor`](crate::Policy::hipaa_safe_harbor) turns it on.
    Vin,
    /// A user-defined detector (regex or dictionary), by its name.
    Custom(String),
}

impl Kind {
    /// Every built-in kind, in a fixed order (the order of per-kind counts).
    pub const BUILTIN: [Kind; 11] = [
        Kind::Email,
        Kind::Ipv4,
        Kind::Ipv6,
        Kind::Card,
        Kind::Phone,
        Kind::Iban,
        Kind::Ssn,
        Kind::Mac,
        Kind::Uuid,
        Kind::Imei,
        Kind::Secret,
    ];

    /// The lower-case name: `email`, `ipv4`, …, or a custom detector's name.
    pub fn name(&self) -> &str {
        match self {
            Kind::Email => "email",
            Kind::Ipv4 => "ipv4",
            Kind::Ipv6 => "ipv6",
            Kind::Card => "card",
            Kind::Phone => "phone",
            Kind::Iban => "iban",
            Kind::Ssn => "ssn",
            Kind::Mac => "mac",
            Kind::Uuid => "uuid",
            Kind::Imei => "imei",
            Kind::Secret => "secret",
            Kind::Vin => "vin",
            Kind::Custom(name) => name,
        }
    }

    /// The default redaction label: the upper-cased name in brackets, e.g. `[EMAIL]`.
    pub fn label(&self) -> String {
        format!("[{}]", self.name().to_ascii_uppercase())
    }

    /// The built-in kind with this name, if any.
    ///
    /// ```
    /// use piiscrub::Kind;
    /// assert_eq!(Kind::from_builtin_name("iban"), Some(Kind::Iban));
    /// assert_eq!(Kind::from_builtin_name("nope"), None);
    /// ```
    pub fn from_builtin_name(name: &str) -> Option<Kind> {
        Kind::BUILTIN.iter().find(|k| k.name() == name).cloned()
    }

    /// Index of a built-in kind in [`Kind::BUILTIN`]; `None` for custom kinds.
    pub(crate) fn builtin_index(&self) -> Option<usize> {
        Kind::BUILTIN.iter().position(|k| k == self)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
