//! `pii_pseudonymize(kind, value [, domain])`.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, TypeSignature, Volatility,
};

use super::args::{check_text, const_text, exec, plan, result, text_arg, UdfKey};
use crate::{Key, Kind};

/// `pii_pseudonymize(kind, value [, domain])`: the spec-v1 pseudonym `{domain}_{token}`
/// of the whole value, over its canonical form for `kind` (a built-in kind's name, or
/// any other name for a custom kind, hashed as exact bytes); `domain` defaults to the
/// kind's name. Tokens equal those of a scrubber's `Pseudonymize` rule of that kind
/// with the same key and domain. See [`arrow::pseudonymize`](crate::arrow::pseudonymize).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct PseudonymizeUdf {
    key: UdfKey,
    signature: Signature,
}

impl PseudonymizeUdf {
    /// The UDF with `key`; without one, every use is a planning error (fail closed).
    pub fn new(key: Option<Arc<Key>>) -> PseudonymizeUdf {
        PseudonymizeUdf {
            key: UdfKey(key),
            signature: Signature::one_of(
                vec![TypeSignature::String(2), TypeSignature::String(3)],
                Volatility::Immutable,
            ),
        }
    }
}

impl ScalarUDFImpl for PseudonymizeUdf {
    fn name(&self) -> &str {
        "pii_pseudonymize"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.key.get(self.name())?;
        check_text(self.name(), arg_types.get(1))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let name = self.name();
        let key = self.key.get(name)?;
        let kind = const_text(&args.args, 0, name, "kind")?
            .ok_or_else(|| plan(name, "`kind` must not be NULL"))?;
        let kind = Kind::from_builtin_name(&kind).unwrap_or(Kind::Custom(kind));
        let domain = const_text(&args.args, 2, name, "domain")?;
        let (values, scalar) = text_arg(&args.args[1])?;
        let out = crate::arrow::pseudonymize(&values, &kind, domain.as_deref(), key)
            .map_err(|e| exec(name, e))?;
        result(out, scalar)
    }
}
