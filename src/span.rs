//! Positions in a source file, and a value that keeps the position of its key and of itself,
//! so that every finding can point at the place it is about.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};

/// A place in a source file: 1-based line and column (in characters), and the length in
/// characters of what is there (for the caret under it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Pos {
    pub const START: Pos = Pos {
        line: 1,
        column: 1,
        len: 0,
    };

    /// The position serde-saphyr reports for a node or an error.
    pub fn of(location: &serde_saphyr::Location) -> Pos {
        Pos {
            line: clamp(location.line()).max(1),
            column: clamp(location.column()).max(1),
            len: clamp(location.span().len()),
        }
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value read from a file, with the position of its key and of the value itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node<T> {
    pub value: T,
    /// Where the key naming this value stands (the value's own position for list items).
    pub key: Pos,
    /// Where the value starts.
    pub at: Pos,
}

/// In the schema a node is just its value: positions come from the file, not from its text.
impl<T: JsonSchema> JsonSchema for Node<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
