//! Keys: workstream keys (`PLT`), task keys (`PLT-7`) and item keys (`R-3`, `SP-12`, `CR-2`).

use crate::error::{Error, Result};

/// Prefixes reserved for item keys; a workstream may not use them.
pub const RESERVED: [&str; 7] = ["R", "A", "I", "D", "SP", "CR", "DEC"];

/// Validate a workstream key: `[A-Z][A-Z0-9]{0,9}` and not a reserved prefix.
pub fn workstream_key(field: &str, text: &str) -> Result<String> {
    let k = text.trim();
    let shaped = !k.is_empty()
        && k.len() <= 10
        && k.as_bytes()[0].is_ascii_uppercase()
        && k.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !shaped {
        return Err(Error::invalid(
            field,
            text,
            "a workstream key is 1-10 capital letters or digits, starting with a letter (like PLT)",
        ));
    }
    if RESERVED.contains(&k) {
        return Err(Error::invalid(
            field,
            text,
            format!("{k} is reserved for item keys ({})", RESERVED.join(", ")),
        ));
    }
    Ok(k.to_string())
}

/// Split a key `PREFIX-N` into its prefix and number; `None` if it is not of that shape.
pub fn split_key(key: &str) -> Option<(&str, i64)> {
    let (prefix, number) = key.rsplit_once('-')?;
    if prefix.is_empty() || number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if number.len() > 1 && number.starts_with('0') {
        return None;
    }
    let n: i64 = number.parse().ok()?;
    (n >= 1).then_some((prefix, n))
}

/// Validate a task key `WS-N` and return (workstream key, number).
pub fn task_key(field: &str, text: &str) -> Result<(String, i64)> {
    let k = text.trim();
    let bad = || Error::invalid(field, text, "not a task key (like PLT-7)");
    let (prefix, n) = split_key(k).ok_or_else(bad)?;
    let ws = workstream_key(field, prefix).map_err(|_| bad())?;
    Ok((ws, n))
}

/// Validate an item key with a fixed prefix (`R-3` for prefix `R`) and return its number.
pub fn item_key(field: &str, text: &str, prefix: &str) -> Result<i64> {
    let k = text.trim();
    match split_key(k) {
        Some((p, n)) if p == prefix => Ok(n),
        _ => Err(Error::invalid(
            field,
            text,
            format!("not a key like {prefix}-1"),
        )),
    }
}

/// A workstream key from a name: the initials of its words (or the start of one word), in
/// capitals, starting with a letter, not reserved, not taken.
pub fn key_from_name(name: &str, taken: &std::collections::BTreeSet<String>) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let mut base: String = if words.len() > 1 {
        // Initials, but a number whole: "Phase 10" is P10, not P1 and a counter.
        words
            .iter()
            .take(4)
            .map(|w| {
                if w.bytes().all(|b| b.is_ascii_digit()) {
                    w.chars().take(4).collect()
                } else {
                    w.chars().take(1).collect::<String>()
                }
            })
            .collect()
    } else {
        words
            .first()
            .map(|w| w.chars().take(4).collect())
            .unwrap_or_default()
    };
    if !base.starts_with(|c: char| c.is_ascii_uppercase()) {
        base.insert(0, 'W');
    }
    base.truncate(8);
    let mut key = base.clone();
    let mut n = 2;
    while taken.contains(&key) || workstream_key("key", &key).is_err() {
        key = format!("{base}{n}");
        n += 1;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_names() {
        let mut taken = std::collections::BTreeSet::new();
        let mut key = |name: &str| {
            let k = key_from_name(name, &taken);
            taken.insert(k.clone());
            k
        };
        assert_eq!(key("Harbour platform"), "HP");
        assert_eq!(key("Apps"), "APPS");
        assert_eq!(key("Phase 1"), "P1");
        assert_eq!(key("Phase 10"), "P10");
        assert_eq!(key("Phase 1"), "P12", "taken: a number after it");
        assert_eq!(key("2026 roll-out"), "W2026RO");
        assert_eq!(key("R"), "R2", "R is reserved for risks");
        assert_eq!(key("   "), "W");
    }

    #[test]
    fn workstream_keys() {
        assert_eq!(workstream_key("key", "PLT").unwrap(), "PLT");
        assert_eq!(workstream_key("key", "W2").unwrap(), "W2");
        for bad in ["plt", "2W", "", "ABCDEFGHIJK", "P-L", "R", "SP", "DEC"] {
            assert!(workstream_key("key", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn task_and_item_keys() {
        assert_eq!(task_key("key", "PLT-7").unwrap(), ("PLT".to_string(), 7));
        assert!(task_key("key", "PLT-07").is_err());
        assert!(task_key("key", "PLT-0").is_err());
        assert!(task_key("key", "R-1").is_err());
        assert_eq!(item_key("key", "CR-12", "CR").unwrap(), 12);
        assert!(item_key("key", "CR-12", "R").is_err());
    }
}
