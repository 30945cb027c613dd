//! JSON values to and from JS values, built directly rather than through JSON text: that keeps
//! serde_json's text parser and printer (and float parsing and formatting) out of the module,
//! which is a large share of its size budget.

use js_sys::{Array, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// A plain JS value: objects keep the order of their keys.
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(map) => {
            let object = Object::new();
            for (key, value) in map {
                // Defining a property on a fresh plain object cannot fail.
                let _ = Reflect::set(&object, &JsValue::from_str(key), &to_js(value));
            }
            object.into()
        }
    }
}

/// A JSON value from JS data, as `JSON.stringify` would see it, except that `undefined`
/// properties are left out and anything JSON cannot hold (functions, symbols, bigints,
/// non-finite numbers) is an error naming where it was found.
pub fn from_js(value: &JsValue, path: &str) -> Result<Value, String> {
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if let Some(n) = value.as_f64() {
        let number = if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
            Some(Number::from(n as i64))
        } else {
            Number::from_f64(n)
        };
        return number.map(Value::Number).ok_or_else(|| format!("{path}: {n} is not a finite number"));
    }
    if let Some(array) = value.dyn_ref::<Array>() {
        return array.iter().enumerate().map(|(i, item)| from_js(&item, &format!("{path}[{i}]"))).collect();
    }
    if value.is_object() && !value.is_function() {
        let mut map = Map::new();
        for entry in Object::entries(value.unchecked_ref()).iter() {
            let entry: Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            let item = entry.get(1);
            if !item.is_undefined() {
                let item = from_js(&item, &format!("{path}.{key}"))?;
                map.insert(key, item);
            }
        }
        return Ok(Value::Object(map));
    }
    let kind = value.js_typeof().as_string().unwrap_or_default();
    Err(format!("{path}: a {kind} cannot be part of the options"))
}
