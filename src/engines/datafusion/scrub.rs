//! `pii_scrub(text)`.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use super::args::{check_text, exec, result, text_arg};
use crate::Scrubber;

/// `pii_scrub(text)`: the text scrubbed by the registered [`Scrubber`], row by row what
/// [`Scrubber::scrub_str`] returns.
#[derive(Debug)]
pub struct ScrubUdf {
    scrubber: Arc<Scrubber>,
    signature: Signature,
}

impl ScrubUdf {
    /// The UDF over `scrubber`.
    pub fn new(scrubber: Arc<Scrubber>) -> ScrubUdf {
        ScrubUdf {
            scrubber,
            signature: Signature::string(1, Volatility::Immutable),
        }
    }
}

impl PartialEq for ScrubUdf {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.scrubber, &other.scrubber)
    }
}

impl Eq for ScrubUdf {}

impl Hash for ScrubUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.scrubber).hash(state);
    }
}

impl ScalarUDFImpl for ScrubUdf {
    fn name(&self) -> &str {
        "pii_scrub"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        check_text(self.name(), arg_types.first())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (text, scalar) = text_arg(&args.args[0])?;
        let out = crate::arrow::scrub(&self.scrubber, &text).map_err(|e| exec(self.name(), e))?;
        result(out, scalar)
    }
}
