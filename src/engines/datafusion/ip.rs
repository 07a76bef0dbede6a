//! `ip_truncate(ip [, v4_prefix, v6_prefix])` and `ip_encrypt(ip [, mode])`.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, TypeSignature, Volatility,
};

use super::args::{check_text, const_prefix, const_text, exec, plan, result, text_arg, UdfKey};
use crate::{EncryptMode, Key};

/// `ip_truncate(ip [, v4_prefix, v6_prefix])`: the address truncated to its network
/// prefix (default /24 and /48), as [`Action::Truncate`](crate::Action::Truncate)
/// writes it; a value that is not an address becomes `NULL`. See
/// [`arrow::ip_truncate`](crate::arrow::ip_truncate).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IpTruncateUdf {
    signature: Signature,
}

impl IpTruncateUdf {
    /// The UDF.
    pub fn new() -> IpTruncateUdf {
        IpTruncateUdf {
            // The prefixes are integers of any width: checked when planning.
            signature: Signature::one_of(
                vec![TypeSignature::String(1), TypeSignature::Any(3)],
                Volatility::Immutable,
            ),
        }
    }
}

impl Default for IpTruncateUdf {
    fn default() -> Self {
        IpTruncateUdf::new()
    }
}

impl ScalarUDFImpl for IpTruncateUdf {
    fn name(&self) -> &str {
        "ip_truncate"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        if arg_types.len() == 3 && !arg_types[1..].iter().all(DataType::is_integer) {
            return Err(plan(self.name(), "the prefixes must be integers"));
        }
        check_text(self.name(), arg_types.first())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let name = self.name();
        let (v4, v6) = if args.args.len() == 3 {
            (
                const_prefix(&args.args, 1, name, "v4_prefix")?,
                const_prefix(&args.args, 2, name, "v6_prefix")?,
            )
        } else {
            (24, 48)
        };
        let (ips, scalar) = text_arg(&args.args[0])?;
        let out = crate::arrow::ip_truncate(&ips, v4, v6).map_err(|e| exec(name, e))?;
        result(out, scalar)
    }
}

/// `ip_encrypt(ip [, mode])`: the address encrypted with ipcrypt, `mode`
/// `'deterministic'` (default) or `'pfx'`, the mode key derived from the registered
/// key; a value that is not an address becomes `NULL`. Not idempotent. See
/// [`arrow::ip_encrypt`](crate::arrow::ip_encrypt).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct IpEncryptUdf {
    key: UdfKey,
    signature: Signature,
}

impl IpEncryptUdf {
    /// The UDF with `key`; without one, every use is a planning error (fail closed).
    pub fn new(key: Option<Arc<Key>>) -> IpEncryptUdf {
        IpEncryptUdf {
            key: UdfKey(key),
            signature: Signature::one_of(
                vec![TypeSignature::String(1), TypeSignature::String(2)],
                Volatility::Immutable,
            ),
        }
    }
}

impl ScalarUDFImpl for IpEncryptUdf {
    fn name(&self) -> &str {
        "ip_encrypt"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        self.key.get(self.name())?;
        check_text(self.name(), arg_types.first())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let name = self.name();
        let key = self.key.get(name)?;
        let mode = match const_text(&args.args, 1, name, "mode")?.as_deref() {
            None | Some("deterministic") => EncryptMode::Deterministic,
            Some("pfx") => EncryptMode::Pfx,
            Some(_) => return Err(plan(name, "`mode` is 'deterministic' or 'pfx'")),
        };
        let (ips, scalar) = text_arg(&args.args[0])?;
        let out = crate::arrow::ip_encrypt(&ips, key, mode).map_err(|e| exec(name, e))?;
        result(out, scalar)
    }
}
