//! Keys for structured events: resolving a policy's [`KeyRef`]s, and choosing the key
//! of each event (the program's key, or the key of the event's tenant).

use std::fmt;
use std::sync::Arc;

use super::tokenizer as tok;
use crate::error::Error;
use crate::{Key, KeyProvider, KeyRef};

/// Resolves a key reference other than `default` (the caller's key, which callers
/// handle). Errors name the source (a variable, a file), never key material.
pub(crate) fn resolve(r: &KeyRef, allow_inline: bool) -> Result<Option<Key>, Error> {
    match r {
        KeyRef::Default => Ok(None),
        KeyRef::Env(name) => Key::from_env(name).map(Some),
        KeyRef::File(path) => Key::from_file(path).map(Some),
        KeyRef::Inline(_) if !allow_inline => Err(Error::policy(
            "inline key material needs `allow_inline_key = true`",
        )),
        KeyRef::Inline(hex) => Key::from_hex(hex)
            .map(Some)
            .map_err(|_| Error::key("the inline key is not a valid key (64 or more hex digits)")),
    }
}

/// The dotted path of the tenant field (`tenant.id`): plain object keys, no wildcards.
#[derive(Debug, Clone)]
pub(crate) struct TenantPath(Vec<Vec<u8>>);

impl TenantPath {
    /// Parses `a.b.c`; every segment non-empty.
    pub(crate) fn parse(text: &str) -> Result<TenantPath, Error> {
        let segs: Vec<Vec<u8>> = text.split('.').map(|s| s.as_bytes().to_vec()).collect();
        if text.is_empty() || segs.iter().any(Vec::is_empty) || segs.len() > 16 {
            return Err(Error::policy(
                "a tenant field is a dotted path of 1 to 16 object keys, such as `tenant.id`",
            ));
        }
        Ok(TenantPath(segs))
    }

    /// The tenant id in a JSON text: the string (unescaped) or number at the path;
    /// `None` when absent, of another type, or the text is not JSON. With duplicate keys
    /// the last one wins (as in `serde_json`).
    pub(crate) fn find_in_json(&self, src: &[u8], max_depth: usize) -> Option<Vec<u8>> {
        let i = tok::skip_ws(src, 0);
        self.find_at(src, i, 0, max_depth).ok().flatten()
    }

    fn find_at(
        &self,
        src: &[u8],
        i: usize,
        seg: usize,
        max_depth: usize,
    ) -> tok::Res<Option<Vec<u8>>> {
        if src.get(i) != Some(&b'{') {
            return Ok(None);
        }
        let last = seg + 1 == self.0.len();
        let (mut j, mut found, mut first) = (i + 1, None, true);
        let mut key = Vec::new();
        loop {
            j = tok::skip_ws(src, j);
            if src.get(j) == Some(&b'}') {
                return Ok(found);
            }
            if !first {
                if src.get(j) != Some(&b',') {
                    return Err(tok::JsonError::Syntax(j));
                }
                j = tok::skip_ws(src, j + 1);
            }
            first = false;
            let k = tok::string(src, j)?;
            key.clear();
            if k.escaped {
                tok::unescape(k.raw(src), &mut key);
            } else {
                key.extend_from_slice(k.raw(src));
            }
            let c = tok::skip_ws(src, k.end);
            if src.get(c) != Some(&b':') {
                return Err(tok::JsonError::Syntax(c));
            }
            let v = tok::skip_ws(src, c + 1);
            let end = tok::skip_value(src, v, max_depth.saturating_sub(seg + 1))?;
            if key == self.0[seg] {
                found = if last {
                    scalar_text(src, v)
                } else {
                    self.find_at(src, v, seg + 1, max_depth)?
                };
            }
            j = end;
        }
    }

    /// The tenant id at the path of a `serde_json::Value`.
    #[cfg(feature = "json")]
    pub(crate) fn find_in_value(&self, v: &serde_json::Value) -> Option<Vec<u8>> {
        let mut at = v;
        for seg in &self.0 {
            let name = std::str::from_utf8(seg).ok()?;
            at = at.as_object()?.get(name)?;
        }
        match at {
            serde_json::Value::String(s) => Some(s.as_bytes().to_vec()),
            serde_json::Value::Number(n) => Some(n.to_string().into_bytes()),
            _ => None,
        }
    }
}

/// The text of a string (unescaped) or number at `i`; `None` for anything else.
fn scalar_text(src: &[u8], i: usize) -> Option<Vec<u8>> {
    match src.get(i)? {
        b'"' => {
            let s = tok::string(src, i).ok()?;
            let mut out = Vec::new();
            if s.escaped {
                tok::unescape(s.raw(src), &mut out);
            } else {
                out.extend_from_slice(s.raw(src));
            }
            Some(out)
        }
        b'-' | b'0'..=b'9' => Some(src[i..tok::number(src, i).ok()?].to_vec()),
        _ => None,
    }
}

/// The key of each event: the policy's key, or (with a tenant field) the key the
/// provider holds for the event's tenant.
#[derive(Clone)]
pub(crate) struct EventKeys {
    /// The policy's `key`, resolved (absent when nothing needs it or none was given).
    pub(crate) default: Option<Arc<Key>>,
    /// Per-tenant keys: the tenant field and the provider.
    pub(crate) tenant: Option<(TenantPath, Arc<dyn KeyProvider>)>,
}

impl fmt::Debug for EventKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventKeys")
            .field("default", &self.default)
            .field("tenant_field", &self.tenant.as_ref().map(|t| &t.0))
            .finish()
    }
}

impl EventKeys {
    /// The key of an event whose tenant id is `tenant` (ignored without a tenant
    /// field). A tenant that is missing or has no key gets `None`: keyed values are
    /// then redacted and counted.
    pub(crate) fn for_tenant(&self, tenant: Option<&[u8]>) -> Option<Arc<Key>> {
        match &self.tenant {
            None => self.default.clone(),
            Some((_, provider)) => {
                let id = std::str::from_utf8(tenant?).ok()?;
                provider.key_for(id)
            }
        }
    }

    /// The key of a JSON text.
    pub(crate) fn for_json(&self, src: &[u8], max_depth: usize) -> Option<Arc<Key>> {
        match &self.tenant {
            None => self.default.clone(),
            Some((path, _)) => self.for_tenant(path.find_in_json(src, max_depth).as_deref()),
        }
    }

    /// The key of a `serde_json::Value` event.
    #[cfg(feature = "json")]
    pub(crate) fn for_value(&self, v: &serde_json::Value) -> Option<Arc<Key>> {
        match &self.tenant {
            None => self.default.clone(),
            Some((path, _)) => self.for_tenant(path.find_in_value(v).as_deref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_path_lookup() {
        let p = TenantPath::parse("tenant.id").unwrap();
        let f = |s: &str| p.find_in_json(s.as_bytes(), 64);
        assert_eq!(
            f(r#"{"a":[1,{"x":2}],"tenant":{"n":1,"id":"acme"}}"#),
            Some(b"acme".to_vec())
        );
        assert_eq!(f(r#"{"tenant":{"id":42}}"#), Some(b"42".to_vec()));
        assert_eq!(
            f(r#"{"tenant":{"id":"a\u0063me"}}"#),
            Some(b"acme".to_vec())
        );
        assert_eq!(
            f(r#"{"tenant":{"id":"a"},"tenant":{"id":"b"}}"#),
            Some(b"b".to_vec())
        );
        assert_eq!(f(r#"{"tenant":{"id":null}}"#), None);
        assert_eq!(f(r#"{"tenant":"acme"}"#), None);
        assert_eq!(f(r#"{"tenant":{"id":"acme""#), None);
        assert_eq!(f("[1]"), None);
        assert!(TenantPath::parse("a..b").is_err());
        assert!(TenantPath::parse("").is_err());
    }
}
