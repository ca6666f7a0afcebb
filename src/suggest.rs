//! "Did you mean ...?": the nearest of a few known names to a misspelt one, by edit distance
//! (adjacent transpositions count once, so `stael` is one edit from `stale`).

/// The candidate nearest to `word`, when it is close enough to be what was meant: at most one
/// edit in three characters (and always one). Ties go to the first candidate.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&word, c), c))
        .filter(|(distance, c)| *distance <= (c.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// ` (did you mean `x`?)`-style text for a message, empty when nothing is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, candidates).map_or(String::new(), |c| format!("did you mean `{c}`? "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_misses_only() {
        let rules = ["stale", "min-members", "overcommitted"];
        assert_eq!(nearest("stael", rules), Some("stale"));
        assert_eq!(nearest("min-member", rules), Some("min-members"));
        assert_eq!(nearest("Overcommited", rules), Some("overcommitted"));
        assert_eq!(nearest("frobnicate", rules), None);
        assert_eq!(nearest("", rules), None);
    }
}
