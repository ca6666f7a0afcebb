//! Time zones by IANA name from the tz database bundled into cop, never the machine's
//! zoneinfo: the same files give the same calendar and the same clashes on every machine.
//!
//! `jiff::tz::db()` prefers `/usr/share/zoneinfo` (or `TZDIR`) when it exists, even with the
//! bundled database compiled in, so cop keeps its own handle on the bundled one.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use jiff::tz::{TimeZone, TimeZoneDatabase};

/// The zone a meeting without `timezone:` is in.
pub const DEFAULT: &str = "UTC";

fn db() -> &'static TimeZoneDatabase {
    static DB: OnceLock<TimeZoneDatabase> = OnceLock::new();
    DB.get_or_init(TimeZoneDatabase::bundled)
}

/// Every zone name of the bundled database, sorted.
pub fn names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = db().available().map(|n| n.to_string()).collect();
        names.sort();
        names
    })
}

/// The zone named exactly `name` (as the tz database spells it: the name is written into the
/// calendar as its TZID, where clients compare it letter for letter).
pub fn get(name: &str) -> Option<TimeZone> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<TimeZone>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Ok(cache) = cache.lock()
        && let Some(found) = cache.get(name)
    {
        return found.clone();
    }
    let found = names()
        .binary_search_by(|n| n.as_str().cmp(name))
        .ok()
        .and_then(|_| db().get(name).ok());
    if let Ok(mut cache) = cache.lock() {
        cache.insert(name.to_string(), found.clone());
    }
    found
}

/// The zone name closest to a misspelt `name`, when one is close enough to be what was meant:
/// the same name in other letter case, a city without its region (`Berlin`), or one or two
/// letters off (`Europe/Berln`).
pub fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.trim().to_lowercase();
    if lower.is_empty() {
        return None;
    }
    let names = names();
    if let Some(same) = names.iter().find(|n| n.to_lowercase() == lower) {
        return Some(same);
    }
    if !lower.contains('/') {
        let tail = format!("/{}", lower.replace(' ', "_"));
        if let Some(city) = names.iter().find(|n| n.to_lowercase().ends_with(&tail)) {
            return Some(city);
        }
    }
    let limit = (lower.chars().count() / 5).clamp(1, 3);
    names
        .iter()
        .map(|n| (strsim::levenshtein(&lower, &n.to_lowercase()), n))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, n)| n.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_only() {
        assert!(get("Europe/Berlin").is_some());
        assert!(get("UTC").is_some());
        assert!(get("Asia/Tokyo").is_some());
        assert!(get("europe/berlin").is_none());
        assert!(get("Europe/Berln").is_none());
        assert!(get("").is_none());
        assert!(get("../../etc/passwd").is_none());
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("Europe/Berln"), Some("Europe/Berlin"));
        assert_eq!(suggest("europe/berlin"), Some("Europe/Berlin"));
        assert_eq!(suggest("Berlin"), Some("Europe/Berlin"));
        assert_eq!(suggest("New York"), Some("America/New_York"));
        assert_eq!(suggest("America/New York"), Some("America/New_York"));
        assert_eq!(suggest("Mars/Olympus_Mons"), None);
        assert_eq!(suggest(""), None);
    }
}
