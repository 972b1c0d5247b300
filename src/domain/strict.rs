//! Strict deserialization for the interchange JSON: dates only as `YYYY-MM-DD` calendar dates,
//! money only as amount strings, vocabulary words through the domain parsers. Used with
//! `#[serde(with = ...)]` on the model's date fields.

use super::dates::parse_date;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serializer, de::Error as _};
use std::borrow::Cow;

/// Parse a string value with a domain parser, turning its error into a serde error.
pub fn via<'de, D, T>(d: D, parse: fn(&str, &str) -> crate::error::Result<T>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let s: Cow<'de, str> = Deserialize::deserialize(d)?;
    parse("value", &s).map_err(D::Error::custom)
}

pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        via(d, parse_date)
    }
}

pub mod opt_date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s: Option<Cow<'de, str>> = Deserialize::deserialize(d)?;
        s.map(|s| parse_date("date", &s).map_err(D::Error::custom))
            .transpose()
    }
}

pub mod date_list {
    use super::*;

    pub fn serialize<S: Serializer>(ds: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(ds.iter().map(|d| d.format("%Y-%m-%d").to_string()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
        let v: Vec<Cow<'de, str>> = Deserialize::deserialize(d)?;
        v.iter()
            .map(|s| parse_date("date", s).map_err(D::Error::custom))
            .collect()
    }
}
