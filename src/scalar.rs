//! The text of a value read from a file (a subject, a handle, a URL): kept inside the value
//! itself when it is short, as nearly every handle, channel, time and time zone is, so that a
//! loaded registry of 10,000 communities is not 100,000 small allocations.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use compact_str::CompactString;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;

/// A text value: up to 24 bytes in place, longer ones on the heap. It reads as a `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Text(CompactString);

impl Text {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

/// As a `String` prints: the value in quotes.
impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0.as_str(), f)
    }
}

/// As a `str` prints, width and alignment included.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0.as_str(), f)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(CompactString::new(text))
    }
}

/// A short text moves into the value and the `String`'s buffer is let go; a long one keeps it.
impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(CompactString::from(text))
    }
}

impl From<Cow<'_, str>> for Text {
    fn from(text: Cow<'_, str>) -> Text {
        match text {
            Cow::Borrowed(text) => Text::from(text),
            Cow::Owned(text) => Text::from(text),
        }
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0.into_string()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.0.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

/// In the schema a text is a string.
impl JsonSchema for Text {
    fn inline_schema() -> bool {
        String::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        String::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_stay_in_place_and_long_ones_go_to_the_heap() {
        let short = Text::from("@a-handle.of-24-bytes-xy");
        assert_eq!(short.len(), 24);
        assert!(!short.0.is_heap_allocated());
        let long = Text::from("https://gitlab.example.com/cop/community-00000");
        assert!(long.0.is_heap_allocated());
        assert_eq!(long, "https://gitlab.example.com/cop/community-00000");
    }

    #[test]
    fn reads_prints_and_converts_as_a_string_does() {
        let text = Text::from(String::from("Grüße \"x\""));
        assert_eq!(format!("{text:?}"), format!("{:?}", "Grüße \"x\""));
        assert_eq!(text.to_string(), "Grüße \"x\"");
        assert_eq!(format!("[{:>10}]", Text::from("ab")), "[        ab]");
        assert_eq!(String::from(text.clone()), "Grüße \"x\"");
        assert_eq!(serde_json::to_string(&text).unwrap(), r#""Grüße \"x\"""#);
        assert_eq!(&*text, "Grüße \"x\"");
    }
}
