//! yente's query parameters read as FastAPI reads them for yente: a name given several
//! times is a list, a single value takes the last; a value that does not validate is
//! answered 422 with pydantic's error (`type`, `loc`, `msg`, `input`), as yente answers it.

use crate::error::YenteError;
use serde_json::json;

/// yente's pattern for a moment (`changed_since`): a date, with an hour, minutes and seconds
/// optional.
pub(crate) const MOMENT_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$";

/// A request's query parameters, in the order given.
pub(crate) struct Params(pub Vec<(String, String)>);

impl Params {
    /// The last value given for `name`.
    pub fn last(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value given for `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// A whole number, `default` when not given; below `minimum` or above `maximum`
    /// refused (each bound when given).
    pub fn integer(
        &self,
        name: &str,
        default: i64,
        minimum: Option<i64>,
        maximum: Option<i64>,
    ) -> Result<i64, YenteError> {
        let Some(text) = self.last(name) else {
            return Ok(default);
        };
        let value: i64 = text.trim().parse().map_err(|_| {
            YenteError::invalid(
                &["query", name],
                "int_parsing",
                "Input should be a valid integer, unable to parse string as an integer",
                json!(text),
            )
        })?;
        if let Some(maximum) = maximum.filter(|maximum| value > *maximum) {
            return Err(YenteError::invalid(
                &["query", name],
                "less_than_equal",
                format!("Input should be less than or equal to {maximum}"),
                json!(text),
            ));
        }
        if let Some(minimum) = minimum.filter(|minimum| value < *minimum) {
            return Err(YenteError::invalid(
                &["query", name],
                "greater_than_equal",
                format!("Input should be greater than or equal to {minimum}"),
                json!(text),
            ));
        }
        Ok(value)
    }

    /// A score from 0 to 1, `default` when not given. yente takes any number; gatecheck
    /// refuses one outside 0 to 1 (a threshold below 0 would raise a hit on every record).
    pub fn score(&self, name: &str, default: f32) -> Result<f32, YenteError> {
        let Some(text) = self.last(name) else {
            return Ok(default);
        };
        let value: f32 = text.trim().parse().map_err(|_| {
            YenteError::invalid(
                &["query", name],
                "float_parsing",
                "Input should be a valid number, unable to parse string as a number",
                json!(text),
            )
        })?;
        if value.is_nan() || value < 0.0 {
            return Err(YenteError::invalid(
                &["query", name],
                "greater_than_equal",
                "Input should be greater than or equal to 0",
                json!(text),
            ));
        }
        if value > 1.0 {
            return Err(YenteError::invalid(
                &["query", name],
                "less_than_equal",
                "Input should be less than or equal to 1",
                json!(text),
            ));
        }
        Ok(value)
    }

    /// A boolean as pydantic reads one (`true`, `false`, `1`, `0`, `yes`, `no`, `on`,
    /// `off`, `t`, `f`, `y`, `n`, any case), `default` when not given.
    pub fn boolean(&self, name: &str, default: bool) -> Result<bool, YenteError> {
        let Some(text) = self.last(name) else {
            return Ok(default);
        };
        match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" | "t" | "y" => Ok(true),
            "false" | "0" | "no" | "off" | "f" | "n" => Ok(false),
            _ => Err(YenteError::invalid(
                &["query", name],
                "bool_parsing",
                "Input should be a valid boolean, unable to interpret input",
                json!(text),
            )),
        }
    }

    /// One of `choices`, `default` when not given.
    pub fn choice<'a>(
        &'a self,
        name: &str,
        choices: &[&str],
        default: &'a str,
    ) -> Result<&'a str, YenteError> {
        match self.last(name) {
            None => Ok(default),
            Some(text) => check_choice(name, text, choices).map(|()| text),
        }
    }

    /// A moment as yente's `changed_since` takes one (`2024-01-31`, `2024-01-31T12`,
    /// `2024-01-31T12:30`, `2024-01-31T12:30:05`, UTC), as Unix seconds; `None` when not
    /// given.
    pub fn moment(&self, name: &str) -> Result<Option<i64>, YenteError> {
        let Some(text) = self.last(name) else {
            return Ok(None);
        };
        let mismatch = || {
            YenteError::invalid(
                &["query", name],
                "string_pattern_mismatch",
                format!("String should match pattern '{MOMENT_PATTERN}'"),
                json!(text),
            )
        };
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let shape_ok = matches!(bytes.len(), 10 | 13 | 16 | 19)
            && bytes.get(4) == Some(&b'-')
            && bytes.get(7) == Some(&b'-')
            && (bytes.len() == 10 || bytes[10] == b'T')
            && (bytes.len() < 16 || bytes[13] == b':')
            && (bytes.len() < 19 || bytes[16] == b':');
        if !shape_ok {
            return Err(mismatch());
        }
        let day = gatecheck_engine::calendar::Day::parse(&text[..10]).ok_or_else(|| {
            YenteError::refused(format!(
                "{name}: {:?} is not a date of the calendar",
                &text[..10]
            ))
        })?;
        let field = |at: usize, upper: i64| -> Result<i64, YenteError> {
            if bytes.len() <= at {
                return Ok(0);
            }
            let value = digits(at..at + 2).ok_or_else(mismatch)?;
            if value >= upper {
                return Err(YenteError::refused(format!(
                    "{name}: {text:?} is not a time of day"
                )));
            }
            Ok(value)
        };
        let (hours, minutes, seconds) = (field(11, 24)?, field(14, 60)?, field(17, 60)?);
        Ok(Some(
            day.days_since_epoch() * 86_400 + hours * 3600 + minutes * 60 + seconds,
        ))
    }
}

/// Refuses `text` for `name` unless it is one of `choices`, as pydantic refuses a value
/// outside an enumeration.
pub(crate) fn check_choice(name: &str, text: &str, choices: &[&str]) -> Result<(), YenteError> {
    if choices.contains(&text) {
        return Ok(());
    }
    let quoted: Vec<String> = choices.iter().map(|choice| format!("'{choice}'")).collect();
    let expected = match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    Err(YenteError::invalid(
        &["query", name],
        "enum",
        format!("Input should be {expected}"),
        json!(text),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect(),
        )
    }

    #[test]
    fn moments_as_yente_takes_them() {
        let read = |text: &str| params(&[("changed_since", text)]).moment("changed_since");
        assert_eq!(read("1970-01-02").unwrap(), Some(86_400));
        assert_eq!(read("1970-01-02T01").unwrap(), Some(90_000));
        assert_eq!(read("1970-01-02T01:01:01").unwrap(), Some(90_061));
        for wrong in [
            "1970-1-2",
            "1970-01-02 01:00",
            "1970-01-02T1",
            "yesterday",
            "",
        ] {
            assert!(
                matches!(read(wrong), Err(YenteError::Invalid(_))),
                "{wrong}"
            );
        }
        assert!(matches!(read("1970-02-30"), Err(YenteError::Detail(..))));
        assert!(matches!(read("1970-01-02T24"), Err(YenteError::Detail(..))));
        assert_eq!(params(&[]).moment("changed_since").unwrap(), None);
    }

    #[test]
    fn lists_and_last_values() {
        let given = params(&[
            ("topics", "sanction"),
            ("limit", "3"),
            ("topics", "crime"),
            ("limit", "4"),
        ]);
        assert_eq!(given.all("topics"), ["sanction", "crime"]);
        assert_eq!(given.integer("limit", 10, None, Some(500)).unwrap(), 4);
        assert!(given.integer("limit", 10, None, Some(3)).is_err());
        assert!(params(&[("fuzzy", "maybe")])
            .boolean("fuzzy", false)
            .is_err());
        assert!(params(&[("fuzzy", "YES")]).boolean("fuzzy", false).unwrap());
        assert!(params(&[("filter_op", "XOR")])
            .choice("filter_op", &["OR", "AND"], "OR")
            .is_err());
    }
}
