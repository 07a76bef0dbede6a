//! One map over the rows of any string array type, copying nothing that does not change.

use std::sync::Arc;

use arrow_array::builder::{GenericStringBuilder, StringViewBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{make_array, Array, ArrayRef, OffsetSizeTrait};
use arrow_schema::DataType;

use crate::Error;

/// What a row becomes.
pub(crate) enum Row {
    /// The value stays as it is.
    Same,
    /// The value is replaced by the bytes the row function wrote into its scratch buffer.
    New,
    /// The value becomes null (it cannot be honoured: fail closed).
    Null,
}

/// An output column being built.
trait Out {
    fn push(&mut self, value: Option<&str>);
    fn finish_array(&mut self) -> ArrayRef;
}

impl<O: OffsetSizeTrait> Out for GenericStringBuilder<O> {
    fn push(&mut self, value: Option<&str>) {
        self.append_option(value);
    }
    fn finish_array(&mut self) -> ArrayRef {
        Arc::new(self.finish())
    }
}

impl Out for StringViewBuilder {
    fn push(&mut self, value: Option<&str>) {
        self.append_option(value);
    }
    fn finish_array(&mut self) -> ArrayRef {
        Arc::new(self.finish())
    }
}

/// Applies `f` to every non-null value of a `Utf8`, `LargeUtf8` or `Utf8View` array.
/// `f` gets the value and an empty scratch buffer; it returns [`Row::New`] after writing
/// the new value into the buffer. The result has the input's type; when no row changes it
/// shares the input's buffers.
pub(crate) fn map_strings(
    array: &dyn Array,
    mut f: impl FnMut(&str, &mut Vec<u8>) -> Row,
) -> Result<ArrayRef, Error> {
    let changed = match array.data_type() {
        DataType::Utf8 => generic::<i32>(array, &mut f),
        DataType::LargeUtf8 => generic::<i64>(array, &mut f),
        DataType::Utf8View => {
            let a = array.as_string_view();
            let get = |i: usize| a.is_valid(i).then(|| a.value(i));
            rows(
                a.len(),
                get,
                || StringViewBuilder::with_capacity(a.len()),
                &mut f,
            )
        }
        other => {
            return Err(Error::policy(format!(
                "piiscrub kernels take Utf8, LargeUtf8 or Utf8View arrays, not {other}"
            )))
        }
    };
    Ok(changed.unwrap_or_else(|| make_array(array.to_data())))
}

fn generic<O: OffsetSizeTrait>(
    array: &dyn Array,
    f: &mut impl FnMut(&str, &mut Vec<u8>) -> Row,
) -> Option<ArrayRef> {
    let a = array.as_string::<O>();
    let get = |i: usize| a.is_valid(i).then(|| a.value(i));
    // Room for every value as it is: most rows keep their length or shrink.
    let bytes = a.value_data().len();
    rows(
        a.len(),
        get,
        || GenericStringBuilder::<O>::with_capacity(a.len(), bytes),
        f,
    )
}

/// The row loop: starts building only at the first row that changes (the rows before it
/// are copied then), so a column without findings is never copied. `None`: no change.
fn rows<'a, B: Out>(
    len: usize,
    get: impl Fn(usize) -> Option<&'a str>,
    builder: impl FnOnce() -> B,
    f: &mut impl FnMut(&str, &mut Vec<u8>) -> Row,
) -> Option<ArrayRef> {
    let mut scratch = Vec::new();
    let mut builder = Some(builder);
    let mut out: Option<B> = None;
    for i in 0..len {
        let value = get(i);
        let row = match value {
            Some(v) => {
                scratch.clear();
                f(v, &mut scratch)
            }
            None => Row::Same,
        };
        let new: Option<&str> = match row {
            Row::Same => {
                if let Some(b) = out.as_mut() {
                    b.push(value);
                }
                continue;
            }
            Row::Null => None,
            // The kernels write UTF-8 (spans follow character boundaries); should a value
            // not be, it is written lossily, never as raw bytes.
            Row::New => {
                if std::str::from_utf8(&scratch).is_err() {
                    scratch = String::from_utf8_lossy(&scratch).into_owned().into_bytes();
                }
                Some(std::str::from_utf8(&scratch).unwrap_or_default())
            }
        };
        let b = match out.as_mut() {
            Some(b) => b,
            None => {
                // The first change: the rows before it go in as they are.
                let mut b = (builder.take()?)();
                for j in 0..i {
                    b.push(get(j));
                }
                out.insert(b)
            }
        };
        b.push(new);
    }
    out.map(|mut b| b.finish_array())
}
