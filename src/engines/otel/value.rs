//! OpenTelemetry values to JSON and back, so the event rules apply to them.

use opentelemetry::logs::AnyValue;
use opentelemetry::{Array, Key, StringValue, Value as OtelValue};
use serde_json::{Map, Number, Value};

fn float(f: f64) -> Value {
    // Not finite: JSON has no such number; such a value carries no personal data.
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// A log value as JSON; bytes become (lossy) UTF-8 text.
pub(super) fn from_any(v: &AnyValue) -> Value {
    match v {
        AnyValue::Int(i) => Value::from(*i),
        AnyValue::Double(f) => float(*f),
        AnyValue::String(s) => Value::String(s.as_str().to_owned()),
        AnyValue::Boolean(b) => Value::Bool(*b),
        AnyValue::Bytes(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
        AnyValue::ListAny(items) => Value::Array(items.iter().map(from_any).collect()),
        AnyValue::Map(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.as_str().to_owned(), from_any(v)))
                .collect::<Map<_, _>>(),
        ),
        _ => Value::Null,
    }
}

/// JSON back to a log value (`null` inside a list or map becomes an empty string).
pub(super) fn to_any(v: Value) -> AnyValue {
    match v {
        Value::Null => AnyValue::String(StringValue::from(String::new())),
        Value::Bool(b) => AnyValue::Boolean(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => AnyValue::Int(i),
            None => AnyValue::Double(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => AnyValue::String(s.into()),
        Value::Array(items) => AnyValue::ListAny(Box::new(items.into_iter().map(to_any).collect())),
        Value::Object(m) => AnyValue::Map(Box::new(
            m.into_iter()
                .map(|(k, v)| (Key::from(k), to_any(v)))
                .collect(),
        )),
    }
}

/// A span attribute value as JSON.
pub(super) fn from_otel(v: &OtelValue) -> Value {
    match v {
        OtelValue::Bool(b) => Value::Bool(*b),
        OtelValue::I64(i) => Value::from(*i),
        OtelValue::F64(f) => float(*f),
        OtelValue::String(s) => Value::String(s.as_str().to_owned()),
        OtelValue::Array(a) => Value::Array(match a {
            Array::Bool(v) => v.iter().map(|b| Value::Bool(*b)).collect(),
            Array::I64(v) => v.iter().map(|i| Value::from(*i)).collect(),
            Array::F64(v) => v.iter().map(|f| float(*f)).collect(),
            Array::String(v) => v
                .iter()
                .map(|s| Value::String(s.as_str().to_owned()))
                .collect(),
            _ => Vec::new(),
        }),
        _ => Value::Null,
    }
}

/// JSON back to a span attribute value. Arrays stay homogeneous: one whose elements
/// no longer share a type becomes an array of strings.
pub(super) fn to_otel(v: Value) -> OtelValue {
    match v {
        Value::Bool(b) => OtelValue::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => OtelValue::I64(i),
            None => OtelValue::F64(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => OtelValue::String(s.into()),
        Value::Array(items) => OtelValue::Array(array(items)),
        other => OtelValue::String(other.to_string().into()),
    }
}

fn array(items: Vec<Value>) -> Array {
    if items.iter().all(Value::is_boolean) {
        Array::Bool(items.iter().filter_map(Value::as_bool).collect())
    } else if items.iter().all(Value::is_i64) {
        Array::I64(items.iter().filter_map(Value::as_i64).collect())
    } else if items.iter().all(Value::is_number) {
        Array::F64(items.iter().filter_map(Value::as_f64).collect())
    } else {
        Array::String(
            items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => StringValue::from(s),
                    other => StringValue::from(other.to_string()),
                })
                .collect(),
        )
    }
}
