//! Reading UDF arguments and writing results: columns or constants, any string type.

use std::sync::Arc;

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::ColumnarValue;

use crate::{Error, Key};

/// The key of a keyed UDF. Two UDFs are the same function when they hold the same key
/// object (compared and hashed by identity: key material is never compared or hashed
/// here). Without a key every use fails at planning: never raw values.
#[derive(Debug, Clone)]
pub(crate) struct UdfKey(pub(crate) Option<Arc<Key>>);

impl UdfKey {
    /// The key, or the planning error of function `func` without one.
    pub(crate) fn get(&self, func: &str) -> Result<&Key> {
        self.0
            .as_deref()
            .ok_or_else(|| plan(func, "needs a key: register the UDFs with a keyring"))
    }
}

impl PartialEq for UdfKey {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

impl Eq for UdfKey {}

impl std::hash::Hash for UdfKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.as_ref().map(Arc::as_ptr).hash(state);
    }
}

/// The result type for a text argument of type `arg`: the same string type, or `Utf8`
/// for anything coerced to text (dictionaries, `NULL`).
pub(crate) fn text_type(arg: &DataType) -> DataType {
    match arg {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => arg.clone(),
        _ => DataType::Utf8,
    }
}

/// The text argument: its array (a constant as one row) and whether it was a constant.
pub(crate) fn text_arg(value: &ColumnarValue) -> Result<(ArrayRef, bool)> {
    let (array, scalar) = match value {
        ColumnarValue::Array(a) => (Arc::clone(a), false),
        ColumnarValue::Scalar(s) => (s.to_array_of_size(1)?, true),
    };
    let want = text_type(array.data_type());
    if array.data_type() == &want {
        return Ok((array, scalar));
    }
    Ok((cast(&array, &want)?, scalar))
}

/// The result: a constant for a constant argument, else the column.
pub(crate) fn result(out: ArrayRef, scalar: bool) -> Result<ColumnarValue> {
    if scalar {
        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(&out, 0)?))
    } else {
        Ok(ColumnarValue::Array(out))
    }
}

/// A constant text argument (`kind`, `domain`, `mode`); `None` for `NULL`.
pub(crate) fn const_text(
    args: &[ColumnarValue],
    i: usize,
    func: &str,
    what: &str,
) -> Result<Option<String>> {
    match args.get(i) {
        Some(ColumnarValue::Scalar(s)) => match s.try_as_str() {
            Some(v) => Ok(v.map(str::to_owned)),
            None => Err(plan(func, &format!("`{what}` must be text"))),
        },
        Some(ColumnarValue::Array(_)) => Err(plan(func, &format!("`{what}` must be a constant"))),
        None => Ok(None),
    }
}

/// A constant prefix length.
pub(crate) fn const_prefix(args: &[ColumnarValue], i: usize, func: &str, what: &str) -> Result<u8> {
    let bad = || plan(func, &format!("`{what}` must be a constant integer"));
    match args.get(i) {
        Some(ColumnarValue::Scalar(s)) => match s.cast_to(&DataType::Int64)? {
            ScalarValue::Int64(Some(v)) => u8::try_from(v).map_err(|_| bad()),
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

/// A planning error of function `func`.
pub(crate) fn plan(func: &str, message: &str) -> DataFusionError {
    DataFusionError::Plan(format!("{func}: {message}"))
}

/// A crate error inside function `func` (messages never hold data or keys).
pub(crate) fn exec(func: &str, e: Error) -> DataFusionError {
    DataFusionError::Execution(format!("{func}: {e}"))
}

/// The first argument must be text (or coercible to it).
pub(crate) fn check_text(func: &str, arg: Option<&DataType>) -> Result<DataType> {
    match arg {
        Some(t @ (DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null)) => {
            Ok(text_type(t))
        }
        Some(DataType::Dictionary(_, v))
            if matches!(
                **v,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
        {
            Ok(DataType::Utf8)
        }
        _ => Err(plan(func, "the value must be text")),
    }
}
